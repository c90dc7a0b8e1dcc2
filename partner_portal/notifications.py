"""In-app notifications and their e-mails.

Apps register the kinds of notification they send, each with translatable texts that
take ``%(name)s`` parameters; ``notify`` stores one for a person and e-mails it after
the surrounding transaction commits.

A parameter is stored as a plain value (a title, a comment: written in one language
by a person) or, for what the portal names in both languages, as ``bilingual(obj)``;
the text is put together when it is read, in the reader's language, with every value
isolated so that a Persian title keeps its place in an English sentence.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone, translation
from django.utils.functional import Promise

from .i18n import in_reader_language, isolate
from .models import Notification


@dataclass(frozen=True)
class NotificationKind:
    text: Promise
    email_subject: Promise


KINDS: dict[str, NotificationKind] = {}


def register_kind(kind, *, text, email_subject):
    KINDS[kind] = NotificationKind(text=text, email_subject=email_subject)


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
    if kind not in KINDS:
        raise ValueError(f"Unknown notification kind {kind!r}")
    notification = Notification.objects.create(
        recipient=recipient, kind=kind, params=params or {}, url=url
    )
    from .tasks import send_notification_email

    send_notification_email.delay_on_commit(notification.pk)
    return notification


def notification_email(notification):
    """Subject and body of a notification, in its recipient's language."""
    kind = KINDS[notification.kind]
    with translation.override(notification.recipient.preferred_language):
        subject = str(kind.email_subject) % reader_params(notification.params)
        body = notification_text(notification)
    if notification.url:
        body = f"{body}\n\n{settings.SITE_URL.rstrip('/')}{notification.url}"
    return subject, body


def mark_read(*, user, notification_ids=None):
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=notification_ids)
    return unread.update(read_at=timezone.now())
