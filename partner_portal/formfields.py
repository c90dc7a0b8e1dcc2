"""Form fields that read dates and numbers the way people type them in Persian.

A date is written Jalali (1405/08/30) or Gregorian (2026-11-21), with Persian or Latin
digits: years before 1700 are Jalali. It is shown back in the reader's calendar.
"""

import datetime
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


class LocalisedIntegerField(forms.IntegerField):
    widget = NumericInput

    def to_python(self, value):
        return super().to_python(latin_digits(value))

    def prepare_value(self, value):
        return local_digits(value) if isinstance(value, int) else value

    def widget_attrs(self, widget):
        # No min/max attributes: they only belong on type=number inputs.
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
            return display_date(value)
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
                % {"example": f"{date_example()} 14:30"},
                code="invalid",
            )
        moment = datetime.datetime.combine(
            date, datetime.time(int(time[1]), int(time[2]))
        )
        return timezone.make_aware(moment)

    def prepare_value(self, value):
        if isinstance(value, datetime.datetime):
            local = timezone.localtime(value) if timezone.is_aware(value) else value
            return f"{display_date(local.date())} {display_date(local, 'time')}"
        return value


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
