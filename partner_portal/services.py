from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from .models import ROLE_FIELDS, User

DUPLICATE_EMAIL = _("An account with this e-mail address already exists.")


@transaction.atomic
def user_register(*, email, full_name, password, role, phone="", language="fa") -> User:
    """A new account that holds one role, created by the person themself."""
    try:
        # Two sign-ups with one address at once: the form's check passed for both.
        with transaction.atomic():
            return User.objects.create_user(
                email=email,
                password=password,
                full_name=full_name,
                phone=phone,
                preferred_language=language,
                **{ROLE_FIELDS[role]: True},
            )
    except IntegrityError:
        raise ValidationError(DUPLICATE_EMAIL, code="duplicate_email") from None
