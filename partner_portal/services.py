from django.db import transaction

from .models import ROLE_FIELDS, User


@transaction.atomic
def user_register(*, email, full_name, password, role, phone="", language="fa") -> User:
    """A new account that holds one role, created by the person themself."""
    return User.objects.create_user(
        email=email,
        password=password,
        full_name=full_name,
        phone=phone,
        preferred_language=language,
        **{ROLE_FIELDS[role]: True},
    )
