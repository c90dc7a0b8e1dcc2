"""Proving an e-mail address: until a person opens the link sent to their address,
their account reaches nothing but its own profile (anyone may sign up with any
address; the office's invitations and every role rely on this proof)."""

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import resolve, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

SALT = "portal.email-verification"

# What an account with an unproved address may still reach (public pages aside).
OPEN_TO_UNVERIFIED = {
    "profile",
    "logout",
    "password_change",
    "email-verify",
    "email-verify-confirm",
    "invitation-open",
}


def verification_token(user):
    return signing.dumps({"u": user.pk, "e": user.email}, salt=SALT)


def verification_link(user):
    with translation.override(user.preferred_language):
        path = reverse(
            "email-verify-confirm", kwargs={"token": verification_token(user)}
        )
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def send_verification(user):
    with translation.override(user.preferred_language):
        context = {"user": user, "link": verification_link(user)}
        subject = render_to_string("emails/verify_email_subject.txt", context)
        body = render_to_string("emails/verify_email.txt", context)
    send_mail(" ".join(subject.split()), body, None, [user.email])


def email_verify(*, user, token):
    """Mark ``user``'s address proved, if ``token`` is a fresh link made for this
    account and this address. The link only works in a session of the account it
    was made for, so a stranger who is sent it cannot prove an address for the
    account of whoever signed up with it."""
    check_token(user=user, token=token)
    if not user.email_verified:
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])
    return user


def check_token(*, user, token):
    """Refuse a link that is expired, forged, or made for another account."""
    days = settings.PORTAL["EMAIL_VERIFICATION_VALID_DAYS"]
    try:
        claims = signing.loads(token, salt=SALT, max_age=days * 24 * 3600)
    except signing.SignatureExpired:
        raise ValidationError(
            _("This link has expired; send yourself a new one."), code="expired"
        ) from None
    except signing.BadSignature:
        raise ValidationError(_("This link is not valid."), code="bad_link") from None
    if claims != {"u": user.pk, "e": user.email}:
        raise ValidationError(
            _("This link was made for another account or address."),
            code="other_account",
        )


class VerifiedEmailMiddleware:
    """Send an account whose address is not proved to the page that says how to
    prove it, from everywhere but public pages and its own profile."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.email_verified:
            return None
        if not getattr(view_func, "login_required", True):
            return None  # a public page
        if resolve(request.path_info).url_name in OPEN_TO_UNVERIFIED:
            return None
        return redirect("email-verify")
