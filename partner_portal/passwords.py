"""Password rules whose messages read well in Persian.

Django's own Persian catalogue calls a password both «گذرواژه» and «رمز عبور» and
writes the minimum length with Latin digits (its message formats it with %d).
"""

from django.contrib.auth import password_validation
from django.utils.translation import gettext_noop, ngettext

from .i18n import local_digits

# Django's texts, listed so that makemessages keeps our Persian for them.
DJANGO_TEXTS = [
    gettext_noop("Enter the same password as before, for verification."),
    gettext_noop(
        "Your password can’t be too similar to your other personal information."
    ),
    gettext_noop("The password is too similar to the %(verbose_name)s."),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("This password is too common."),
    gettext_noop("Your password can’t be entirely numeric."),
    gettext_noop("This password is entirely numeric."),
    gettext_noop("The two password fields didn’t match."),
    gettext_noop("No password set."),
    gettext_noop(
        "Please enter a correct %(username)s and password. Note that both fields may "
        "be case-sensitive."
    ),
]


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_help_text(self):
        return ngettext(
            "Your password must contain at least %(n)s character.",
            "Your password must contain at least %(n)s characters.",
            self.min_length,
        ) % {"n": local_digits(self.min_length)}

    def get_error_message(self):
        return ngettext(
            "This password is too short. It must contain at least %(n)s character.",
            "This password is too short. It must contain at least %(n)s characters.",
            self.min_length,
        ) % {"n": local_digits(self.min_length)}
