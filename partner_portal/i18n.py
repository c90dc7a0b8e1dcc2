from django.db import models
from django.utils import translation
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
