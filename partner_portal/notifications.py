"""In-app notifications and their e-mails.

Apps register the kinds of notification they send, each with translatable texts that
take ``%(name)s`` parameters, a short label and the roles of the people who receive
it (what the notification settings offer them to mute); ``notify`` stores one for a
person and e-mails it after the surrounding transaction commits, unless the person
turned that kind's e-mails off.

A parameter is stored as a plain value (a title, a comment: written in one language
by a person) or, for what the portal names in both languages, as ``bilingual(obj)``;
the text is put together when it is read, in the reader's language, with every value
isolated so that a Persian title keeps its place in an English sentence.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse, translate_url
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import get_language_from_path

from .broker import publish_each
from .i18n import in_reader_language, isolate
from .models import Notification, NotificationPreference, Role


@dataclass(frozen=True)
class Topic:
    """What a group of kinds is about, as the notification settings show them."""

    slug: str
    label: Promise


@dataclass(frozen=True)
class NotificationKind:
    name: str
    text: Promise
    email_subject: Promise
    # What the notification settings call it ("A problem of mine is returned").
    label: Promise
    # Who may receive it: the settings offer it to the people holding one of these.
    roles: frozenset
    topic: Topic


logger = logging.getLogger(__name__)

KINDS: dict[str, NotificationKind] = {}
# E-mails one sweep queues at most (the next sweep takes the rest).
SWEEP_BATCH = 500


def register_kind(kind, *, text, email_subject, label, roles, topic):
    unknown = set(roles) - set(Role)
    if not roles or unknown:
        raise ValueError(f"Notification kind {kind!r}: bad roles {sorted(unknown)}")
    KINDS[kind] = NotificationKind(
        name=kind,
        text=text,
        email_subject=email_subject,
        label=label,
        roles=frozenset(Role(role) for role in roles),
        topic=topic,
    )


def kinds_for(user):
    """The kinds a person's roles may receive, in the order they were registered."""
    roles = set(user.roles)
    return [kind for kind in KINDS.values() if kind.roles & roles]


def reader_params(params):
    """A notification's values in the reader's language, each isolated."""
    if not isinstance(params, dict):
        return {}
    return {name: isolate(in_reader_language(value)) for name, value in params.items()}


def notification_text(notification):
    kind = KINDS.get(notification.kind)
    if kind is None:
        return notification.kind
    try:
        return str(kind.text) % reader_params(notification.params)
    except (KeyError, TypeError, ValueError):
        return str(kind.text)


def notify(*, recipient, kind, params=None, url=""):
    """Tell ``recipient`` that something awaits them.

    The in-app notification is written in the caller's transaction (it exists if
    and only if the move it reports was committed); its e-mail is queued after the
    commit. A broker that cannot take it never turns the committed move into an
    error nor makes it wait: the notification waits for its e-mail
    (``emailed_at`` empty) and the sweep sends it once the broker is back.
    """
    if kind not in KINDS:
        raise ValueError(f"Unknown notification kind {kind!r}")
    notification = Notification.objects.create(
        recipient=recipient, kind=kind, params=params or {}, url=url
    )
    transaction.on_commit(partial(queue_email, notification.pk), robust=True)
    return notification


def queue_email(notification_id):
    queue_emails([notification_id])


def queue_emails(notification_ids):
    from .tasks import send_notification_email

    return publish_each(
        send_notification_email,
        [(pk,) for pk in notification_ids],
        what="notification e-mails",
    )


def email_config(name):
    return settings.PORTAL["NOTIFICATION_EMAILS"][name]


def claim_email(notification_id):
    """Take the sending of a notification's e-mail: a conditional UPDATE that at
    most one delivery of the task wins (a claim whose worker died lapses). Returns
    the claim's time, or None when it is sent already or being sent."""
    now = timezone.now()
    lapsed = now - timedelta(seconds=email_config("LEASE_SECONDS"))
    claimed = (
        Notification.objects.filter(pk=notification_id, emailed_at__isnull=True)
        .filter(Q(email_claimed_at__isnull=True) | Q(email_claimed_at__lt=lapsed))
        .update(email_claimed_at=now)
    )
    return now if claimed else None


def notification_email_send(notification_id):
    """Send a notification's e-mail once, however many times the task is
    delivered; returns what happened. A failure to send (the mail server is down)
    gives the claim back, for the task's retry or the sweep."""
    claimed = claim_email(notification_id)
    if claimed is None:
        return "skipped"
    mine = Notification.objects.filter(pk=notification_id, email_claimed_at=claimed)
    notification = Notification.objects.select_related("recipient").get(
        pk=notification_id
    )
    # Asked when the mail goes out: a kind muted since the move still sends nothing.
    wanted = notification.recipient.is_active and wants_email(
        notification.recipient, notification.kind
    )
    if wanted:
        subject, body, html = notification_email(notification)
        message = EmailMultiAlternatives(
            subject, body, to=[notification.recipient.email]
        )
        message.attach_alternative(html, "text/html")
        try:
            message.send()
        except BaseException:
            mine.update(email_claimed_at=None)
            raise
    mine.update(emailed_at=timezone.now())
    return "sent" if wanted else "not wanted"


def notification_emails_sweep():
    """Queue again the e-mails that wait too long: not sent when their move was made
    (the broker was down), or lost with a broker that restarted empty or a worker
    that died. Those older than GIVE_UP_HOURS are left (news too old to mail).
    Safe to run twice: the claim keeps each e-mail single. Returns how many."""
    now = timezone.now()
    waited = now - timedelta(seconds=email_config("SWEEP_AFTER_SECONDS"))
    lapsed = now - timedelta(seconds=email_config("LEASE_SECONDS"))
    due = (
        Notification.objects.filter(
            emailed_at__isnull=True,
            created_at__lt=waited,
            created_at__gte=now - timedelta(hours=email_config("GIVE_UP_HOURS")),
        )
        .filter(Q(email_queued_at__isnull=True) | Q(email_queued_at__lt=waited))
        .filter(Q(email_claimed_at__isnull=True) | Q(email_claimed_at__lt=lapsed))
    )
    ids = list(due.order_by("pk").values_list("pk", flat=True)[:SWEEP_BATCH])
    if ids:
        Notification.objects.filter(pk__in=ids).update(email_queued_at=now)
        queue_emails(ids)
    return len(ids)


def path_in_language(url, language):
    """A portal path in ``language``: a notification's link was written in the
    language of whoever made the move, and is followed in the reader's."""
    written_in = get_language_from_path(urlsplit(url).path) or settings.LANGUAGE_CODE
    with translation.override(written_in):
        return translate_url(url, language)


def notification_email(notification):
    """Subject, plain-text body and HTML body of a notification, in its recipient's
    language."""
    kind = KINDS[notification.kind]
    language = notification.recipient.preferred_language
    with translation.override(language):
        subject = str(kind.email_subject) % reader_params(notification.params)
        context = email_context(notification, language)
        body = str(render_to_string("emails/notification.txt", context)).strip()
        html = str(render_to_string("emails/notification.html", context))
    # A subject is one line: a value typed with a line break (a problem's title)
    # would otherwise add mail headers, and Django refuses to send such a mail.
    subject = " ".join(subject.split())
    return subject, body, html


def email_context(notification, language):
    site = settings.SITE_URL.rstrip("/")
    url = notification.url
    return {
        "recipient": notification.recipient,
        "text": notification_text(notification),
        "link": site + path_in_language(url, language) if url.startswith("/") else "",
        "settings_link": site + reverse("notification-settings"),
        "site_link": site + reverse("landing"),
        "direction": "rtl" if translation.get_language_bidi() else "ltr",
        "language": language,
    }


def wants_email(user, kind):
    """Whether ``user`` has left the e-mails of ``kind`` on (the default)."""
    return not NotificationPreference.objects.filter(
        user=user, kind=kind, email=False
    ).exists()


def email_choices(user):
    """The kinds a person may mute, and those whose e-mails they receive now."""
    offered = kinds_for(user)
    muted = set(
        NotificationPreference.objects.filter(
            user=user, kind__in=[kind.name for kind in offered], email=False
        ).values_list("kind", flat=True)
    )
    return offered, [kind.name for kind in offered if kind.name not in muted]


def notification_preferences_save(*, user, emailed_kinds):
    """Keep e-mailing ``user`` the kinds in ``emailed_kinds``, stop the others their
    roles receive (one query, whatever the number of kinds)."""
    emailed = set(emailed_kinds)
    NotificationPreference.objects.bulk_create(
        [
            NotificationPreference(
                user=user, kind=kind.name, email=kind.name in emailed
            )
            for kind in kinds_for(user)
        ],
        update_conflicts=True,
        unique_fields=["user", "kind"],
        update_fields=["email"],
    )


def mark_read(*, user, notification_ids=None):
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=notification_ids)
    return unread.update(read_at=timezone.now())
