"""Invitations: how the office gives a person a role without ever handing it to
whoever happens to use the address.

The office invites an address to a role (``invitation_create``); a link goes to that
address, and the role is granted when someone who read it accepts
(``invitation_accept``): an account that has never proved the address, or has no
password yet, first chooses a new password there — which also shuts out anyone who
had signed up with someone else's address. What comes with a role (the unit a
manager manages) is applied by the app that owns it, registered with
``on_accept``.
"""

import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from .access import require_iro
from .models import ROLE_FIELDS, Invitation, Role, User, invitation_expiry
from .moves import invitation_moves
from .security import canonical_login
from .workflow import record_creation, transition

# What each app does when a role it owns is accepted: role -> [handler(invitation)].
ACCEPT_HANDLERS: dict[str, list] = {}


def on_accept(role):
    """Register ``handler(invitation)``, run inside the accepting transaction."""

    def register(handler):
        ACCEPT_HANDLERS.setdefault(role, []).append(handler)
        return handler

    return register


def token_hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def new_token():
    return secrets.token_urlsafe(32)


def invitation_for_token(token):
    """The invitation a link's token opens, or None (unknown, cancelled, used)."""
    if not token or len(token) > 100:
        return None
    return (
        Invitation.objects.select_related("user")
        .filter(token_hash=token_hash(token))
        .first()
    )


@transaction.atomic
def invitation_create(*, email, full_name, role, actor, language="fa", details=None):
    """Invite ``email`` to ``role``. The account is made if there is none (without a
    password and unproved); nothing is granted until the invitation is accepted. An
    invitation still pending for the same address, role and details is sent again
    instead of a second one."""
    require_iro(actor)
    email = canonical_login(email)
    details = details or {}
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email,
            password=None,
            full_name=full_name,
            preferred_language=language,
        )
    pending = Invitation.objects.filter(
        user=user, role=role, details=details, status=Invitation.Status.PENDING
    ).first()
    if pending is not None:
        return invitation_resend(invitation=pending, actor=actor)
    token = new_token()
    invitation = Invitation.objects.create(
        user=user,
        email=email,
        role=role,
        details=details,
        token_hash=token_hash(token),
        created_by=actor,
    )
    record_creation(invitation, actor=actor)
    send_after_commit(invitation, token)
    return invitation


@invitation_moves.service("resend")
@transaction.atomic
def invitation_resend(*, invitation, actor):
    """A new link (the old one stops working), valid for the full period again."""
    token = new_token()
    invitation = transition(
        invitation,
        "resend",
        actor=actor,
        token_hash=token_hash(token),
        sent_at=timezone.now(),
        expires_at=invitation_expiry(),
    )
    send_after_commit(invitation, token)
    return invitation


@invitation_moves.service("cancel")
def invitation_cancel(*, invitation, actor):
    return transition(invitation, "cancel", actor=actor)


def needs_password(invitation):
    """Whether the invitee must choose a (new) password to accept: the account has
    none, or its address was never proved (it may be someone else's sign-up)."""
    user = invitation.user
    return not user.has_usable_password() or not user.email_verified


def check_may_accept(invitation, person):
    if invitation.status != Invitation.Status.PENDING:
        raise ValidationError(
            _("This invitation has already been answered or cancelled."),
            code="not_pending",
        )
    if invitation.is_expired:
        raise ValidationError(
            _("This invitation has expired; ask the office to send it again."),
            code="expired",
        )
    if person is not None and person.pk != invitation.user_id:
        raise PermissionDenied


@transaction.atomic
def invitation_accept(*, invitation, person=None, password=None):
    """Grant the invitation's role to its account.

    ``person`` is the account logged in (it must be the invited one), or None when
    the invitee came through the link without logging in; then a new ``password``
    is required whenever the account ``needs_password``: only the address's reader
    has the link, and the new password locks out anyone else who knew the old one.
    """
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    check_may_accept(invitation, person)
    user = User.objects.select_for_update().get(pk=invitation.user_id)
    if needs_password(invitation) or person is None:
        if not password:
            raise ValidationError(_("Choose a password."), code="password_required")
        user.set_password(password)
    user.email_verified_at = user.email_verified_at or timezone.now()
    setattr(user, ROLE_FIELDS[Role(invitation.role)], True)
    user.save()
    invitation = transition(
        invitation, "accept", actor=user, accepted_at=timezone.now()
    )
    for handler in ACCEPT_HANDLERS.get(invitation.role, []):
        handler(invitation)
    invitation.user = user  # the account as saved, with its new password
    return invitation


def send_after_commit(invitation, token):
    link = invitation_link(invitation, token)
    transaction.on_commit(lambda: send_invitation(invitation, link), robust=True)


def invitation_link(invitation, token):
    with translation.override(invitation.user.preferred_language):
        path = reverse("invitation-open", kwargs={"token": token})
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def send_invitation(invitation, link):
    with translation.override(invitation.user.preferred_language):
        context = {
            "user": invitation.user,
            "role": Role(invitation.role).label,
            "link": link,
            "expires_at": invitation.expires_at,
        }
        subject = render_to_string("emails/invitation_subject.txt", context)
        body = render_to_string("emails/invitation.txt", context)
    send_mail(" ".join(subject.split()), body, None, [invitation.email])
