"""Form fields that read dates and numbers the way people type them in Persian.

A date is written Jalali (1405/08/30) or Gregorian (2026-11-21), with Persian or Latin
digits: years before 1700 are Jalali. It is shown back in the reader's calendar.
"""

import datetime
import decimal
import re

import jdatetime
from django import forms
from django.utils import timezone, translation
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from .i18n import display_date, latin_digits, local_digits

# C0 controls and DEL; tab, line feed and carriage return are kept where lines are.
_CONTROLS = re.compile("[\x00-\x1f\x7f]")
_CONTROLS_BUT_LINES = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def without_controls(text, *, keep_lines=False):
    """Typed text without control characters, which nobody types on purpose and
    PostgreSQL refuses (NUL) in a query or a row."""
    pattern = _CONTROLS_BUT_LINES if keep_lines else _CONTROLS
    return pattern.sub("", text)


def validate_single_line(value):
    """A title or a name is one line: a line break or another control character
    in it would break the e-mail headers and log lines it ends up in."""
    if value and _CONTROLS.search(value):
        raise forms.ValidationError(
            _("Write this on one line, without line breaks or control characters."),
            code="single_line",
        )


DATE_RE = re.compile(r"^(\d{4})[/\-.](\d{1,2})[/\-.](\d{1,2})$")
TIME_RE = re.compile(r"^(\d{1,2}):(\d{2})$")
JALALI_BEFORE = 1700


def parse_date(text):
    match = DATE_RE.match(latin_digits(text).strip())
    if not match:
        return None
    year, month, day = map(int, match.groups())
    try:
        if year < JALALI_BEFORE:
            return jdatetime.date(year, month, day).togregorian()
        return datetime.date(year, month, day)
    except ValueError:
        return None


def date_example():
    return "۱۴۰۵/۰۸/۳۰" if translation.get_language() == "fa" else "2026-11-21"


def _example_help(with_time):
    example = (
        f"{date_example()} {local_digits('14:30')}" if with_time else date_example()
    )
    return _("For example %(example)s (Jalali or Gregorian).") % {"example": example}


# Help texts in the reader's language and calendar, decided when the form renders.
date_help = lazy(lambda: _example_help(False), str)
datetime_help = lazy(lambda: _example_help(True), str)


class NumericInput(forms.TextInput):
    """A text box for numbers: accepts Persian digits, which type=number refuses."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "numeric", "dir": "ltr", **(attrs or {})})


# Thousands grouped as people type them: 420,000,000 or ۴۲۰٬۰۰۰٬۰۰۰ (Arabic
# thousands separator), with the Arabic comma, or with spaces.
GROUPED = re.compile(r"\d{1,3}(?:[,٬، ]\d{3})+")


class LocalisedIntegerField(forms.IntegerField):
    widget = NumericInput

    def to_python(self, value):
        if isinstance(value, str):
            value = latin_digits(value).strip()
            if GROUPED.fullmatch(value):
                value = re.sub(r"[,٬، ]", "", value)
        return super().to_python(value)

    def prepare_value(self, value):
        return local_digits(value) if isinstance(value, int) else value

    def widget_attrs(self, widget):
        # No min/max attributes: they only belong on type=number inputs.
        return {}


class LocalisedDecimalField(forms.DecimalField):
    """A number with a fraction, typed with Persian or Latin digits; the decimal
    point may be the Persian separator (٫) or the slash people type for it."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", NumericInput({"inputmode": "decimal"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = latin_digits(value).strip().replace("٫", ".").replace("/", ".")
        return super().to_python(value)

    def prepare_value(self, value):
        if isinstance(value, (int, decimal.Decimal)):
            # 18.50 shows as 18.5, 18.00 as 18.
            text = f"{decimal.Decimal(value).normalize():f}"
            if translation.get_language() == "fa":
                text = text.replace(".", "٫")
            return local_digits(text)
        return value

    def widget_attrs(self, widget):
        return {}


class JalaliDateField(forms.DateField):
    widget = NumericInput

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", date_help())
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.date):
            return value
        parsed = parse_date(str(value))
        if parsed is None:
            raise forms.ValidationError(
                _("Enter a date like %(example)s.") % {"example": date_example()},
                code="invalid",
            )
        return parsed

    def prepare_value(self, value):
        if isinstance(value, datetime.date):
            return display_date(value, "input")
        return value


class JalaliDateTimeField(forms.DateTimeField):
    widget = NumericInput

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", datetime_help())
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value
        parts = latin_digits(str(value)).replace("،", " ").split()
        date = parse_date(parts[0]) if parts else None
        time = TIME_RE.match(parts[1]) if len(parts) == 2 else None
        if date is None or time is None or int(time[1]) > 23 or int(time[2]) > 59:
            raise forms.ValidationError(
                _("Enter a date and time like %(example)s.")
                % {"example": f"{date_example()} {local_digits('14:30')}"},
                code="invalid",
            )
        moment = datetime.datetime.combine(
            date, datetime.time(int(time[1]), int(time[2]))
        )
        return timezone.make_aware(moment)

    def prepare_value(self, value):
        if isinstance(value, datetime.datetime):
            local = timezone.localtime(value) if timezone.is_aware(value) else value
            day, time = display_date(local, "input"), display_date(local, "time")
            return f"{day} {time}"
        return value


# Iran's landline area codes (after the leading 0), one per province.
AREA_CODES = frozenset(
    "11 13 17 21 23 24 25 26 28 31 34 35 38 41 44 45 51 54 56 58 61 66 71 74 76 77 "
    "81 83 84 86 87".split()
)
MOBILE_RE = re.compile(r"^09[0-9]{9}$")
LANDLINE_RE = re.compile(r"^0([0-9]{2})[1-9][0-9]{7}$")
# What people put around the digits of a phone number.
PHONE_TYPED_RE = re.compile(r"^\+?[0-9\s\-().]+$")
PHONE_MESSAGE = _(
    "Enter a mobile number like 09123456789, or a landline number with its area "
    "code like 02531234567."
)


def canonical_phone(text):
    """A typed Iranian phone number in the form stored: ``09xxxxxxxxx`` for a mobile,
    ``0`` + area code + number for a landline (``025xxxxxxxx`` in Qom). None if the
    text is not such a number."""
    text = latin_digits(text or "").strip()
    if not PHONE_TYPED_RE.match(text):
        return None
    digits = re.sub(r"[^0-9]", "", text)
    if text.startswith("+") or digits.startswith("00"):
        digits = digits.removeprefix("00")
        if not digits.startswith("98"):
            return None
        digits = digits[2:]
    if not digits.startswith("0"):
        digits = f"0{digits}"
    if MOBILE_RE.match(digits):
        return digits
    landline = LANDLINE_RE.match(digits)
    if landline and landline[1] in AREA_CODES:
        return digits
    return None


def store_canonical_phones(queryset):
    """Rewrite the phones of ``queryset`` typed before they were checked, where they
    read as a number (for the migrations); others stay for their owners to fix."""
    changed = []
    for row in queryset.exclude(phone="").only("pk", "phone").iterator():
        phone = canonical_phone(row.phone)
        if phone is not None and phone != row.phone:
            row.phone = phone
            changed.append(row)
    queryset.bulk_update(changed, ["phone"], batch_size=2000)
    return len(changed)


def validate_phone_number(value):
    """A stored phone number is in its canonical form (see ``canonical_phone``)."""
    if value and canonical_phone(value) != value:
        raise forms.ValidationError(PHONE_MESSAGE, code="phone")


def phone_groups(phone):
    """A canonical number in groups a person reads back: 0912 345 6789 for a mobile,
    025 3123 4567 for a landline."""
    if MOBILE_RE.match(phone):
        return f"{phone[:4]} {phone[4:7]} {phone[7:]}"
    return f"{phone[:3]} {phone[3:7]} {phone[7:]}"


class PhoneInput(forms.TextInput):
    """A phone keypad on phones; digits run left to right in Persian pages too."""

    input_type = "tel"

    def __init__(self, attrs=None):
        defaults = {"inputmode": "tel", "dir": "ltr", "autocomplete": "tel"}
        super().__init__({**defaults, **(attrs or {})})


class PhoneNumberField(forms.CharField):
    """An Iranian mobile or landline number, typed with any digits, spaces, dashes,
    parentheses and a +98/0098/0 prefix; cleaned to its canonical form."""

    widget = PhoneInput
    default_error_messages = {"invalid": PHONE_MESSAGE}

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 30)
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value in self.empty_values:
            return ""
        phone = canonical_phone(value)
        if phone is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return phone

    def prepare_value(self, value):
        if isinstance(value, str) and canonical_phone(value) == value:
            return local_digits(value)
        return value

    def widget_attrs(self, widget):
        # No maxlength: "+98 (912) 345-6789" is longer than what is stored.
        return {}


# The largest id a database column holds (a signed 64-bit integer).
MAX_ID = 2**63 - 1


def parse_id(value):
    """An object id as sent in a form or a URL: ASCII digits (``str.isdigit`` also
    takes ``²`` and ``①``) within what a database column holds; otherwise None."""
    text = str(value).strip()
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(MAX_ID)):
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Several objects chosen by id: an id no database holds (SQLite overflows on
    ids past 2**63) is a form error, not a server error."""

    def _check_values(self, value):
        if self.to_field_name is None:
            for pk in value:
                if parse_id(pk) is None:
                    raise forms.ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": pk},
                    )
        return super()._check_values(value)
