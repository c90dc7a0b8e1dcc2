import datetime

import jdatetime
from django.db import models
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _


class BilingualName(models.Model):
    """Reference data named in both languages; ``name`` is the reader's one."""

    name_fa = models.CharField(_("name (Persian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)

    class Meta:
        abstract = True

    def __str__(self):
        return self.name

    @property
    def name(self):
        if translation.get_language() == "en":
            return self.name_en or self.name_fa
        return self.name_fa or self.name_en


# Persian (۰-۹) and Arabic-Indic (٠-٩) digits, as people type them, to ASCII.
_TO_LATIN = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")


def latin_digits(text):
    return text.translate(_TO_LATIN) if isinstance(text, str) else text


_TO_PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def persian_digits(value):
    return str(value).translate(_TO_PERSIAN)


def local_digits(value):
    """A number (or text with numbers) in the reader's digits."""
    if value is None:
        return ""
    if translation.get_language() == "fa":
        return persian_digits(value)
    return str(value)


# Jalali formats per style; month names come from jdatetime's Persian locale.
JALALI_FORMATS = {
    "short": "%Y/%m/%d",
    "long": "%-d %B %Y",
    "datetime": "%Y/%m/%d، %H:%M",
    "time": "%H:%M",
}
GREGORIAN_FORMATS = {
    "short": "Y-m-d",
    "long": "j F Y",
    "datetime": "Y-m-d, H:i",
    "time": "H:i",
}


def format_jalali(value, style):
    fmt = JALALI_FORMATS[style]
    if isinstance(value, datetime.datetime):
        jvalue = jdatetime.datetime.fromgregorian(datetime=value, locale="fa_IR")
    else:
        jvalue = jdatetime.date.fromgregorian(date=value, locale="fa_IR")
    # jdatetime has no "%-d"; drop the leading zero of the day by hand.
    if "%-d" in fmt:
        fmt = fmt.replace("%-d", str(jvalue.day))
    return persian_digits(jvalue.strftime(fmt))


def display_date(value, style="short"):
    """A date or datetime as the reader expects it: Jalali with Persian digits in
    Persian, Gregorian in English. Styles: short, long, datetime, time."""
    if value in (None, ""):
        return ""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    if style not in GREGORIAN_FORMATS:
        style = "short"
    if translation.get_language() == "fa":
        return format_jalali(value, style)
    return date_format(value, GREGORIAN_FORMATS[style])


def list_separator():
    """The separator of a written list: the Persian comma in Persian."""
    return "، " if translation.get_language() == "fa" else ", "
