import datetime
import re

import jdatetime
from django.db import models
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from .text import latin_digits  # noqa: F401 (where the apps have taken it from)


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


_WORD = re.compile(r"\S+")
_LATIN_LETTER = re.compile(r"[A-Za-z]")


def local_digits_in_text(text):
    """A sentence (an error message, a notice) with its numbers in the reader's
    digits. Words with Latin letters keep theirs: e-mail addresses, links and codes
    such as «UTF-8» or «A4» are written the way they are typed."""
    text = str(text)
    if translation.get_language() != "fa":
        return text

    def word(match):
        found = match.group()
        return found if _LATIN_LETTER.search(found) else persian_digits(found)

    return _WORD.sub(word, text)


# First strong isolate … pop directional isolate: the value keeps its own direction
# and cannot reorder the sentence around it (a Persian title in an English sentence).
FSI, PDI = "\u2068", "\u2069"


def isolate(value):
    """A value to put inside a sentence built in Python (a notification, a message);
    templates use <bdi> instead."""
    return f"{FSI}{value}{PDI}"


def bilingual(obj):
    """A BilingualName's names in both languages, for texts stored now and read later
    in the reader's language (see ``in_reader_language``)."""
    return {"fa": obj.name_fa, "en": obj.name_en}


def in_reader_language(value):
    """The reader's version of a value stored by ``bilingual``; other values as
    they are."""
    if isinstance(value, dict) and {"fa", "en"} >= set(value) and value:
        preferred = "en" if translation.get_language() == "en" else "fa"
        other = "fa" if preferred == "en" else "en"
        return value.get(preferred) or value.get(other) or ""
    return value


# Jalali formats per style; month names come from jdatetime's Persian locale.
# "input" is the form of a date in a form field, the one the date fields read back.
JALALI_FORMATS = {
    "short": "%Y/%m/%d",
    "long": "%-d %B %Y",
    "datetime": "%Y/%m/%d، %H:%M",
    "time": "%H:%M",
    "input": "%Y/%m/%d",
}
# The month by name, never by number: «01-11-2026» reads as 1 November to some
# readers and as 11 January to others.
GREGORIAN_FORMATS = {
    "short": "j M Y",
    "long": "j F Y",
    "datetime": "j M Y, H:i",
    "time": "H:i",
    "input": "Y-m-d",
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
    Persian, Gregorian in English. Styles: short, long, datetime, time, input."""
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
