from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _

from .models import ROLE_FIELDS, User
from .security import canonical_login

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


def user_invite(*, email, full_name, role, language="fa") -> tuple[User, bool]:
    """An account for someone the office adds (a professor, a manager), or the
    existing one given the role. New accounts get an e-mail to choose a password."""
    email = canonical_login(email)
    user = User.objects.filter(email=email).first()
    created = user is None
    if created:
        user = User.objects.create_user(
            email=email, password=None, full_name=full_name, preferred_language=language
        )
    if not getattr(user, ROLE_FIELDS[role]):
        setattr(user, ROLE_FIELDS[role], True)
        user.save(update_fields=[ROLE_FIELDS[role]])
    if created:
        transaction.on_commit(lambda: send_invitation(user, role))
    return user, created


def set_password_link(user):
    with translation.override(user.preferred_language):
        path = reverse(
            "password_reset_confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def send_invitation(user, role):
    with translation.override(user.preferred_language):
        context = {"user": user, "role": role.label, "link": set_password_link(user)}
        subject = render_to_string("emails/invitation_subject.txt", context).strip()
        body = render_to_string("emails/invitation.txt", context)
    send_mail(subject, body, None, [user.email])
