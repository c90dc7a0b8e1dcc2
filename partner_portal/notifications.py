"""In-app notifications and their e-mails.

Apps register the kinds of notification they send, each with translatable texts that
take ``%(name)s`` parameters; ``notify`` stores one for a person and e-mails it after
the surrounding transaction commits.

A parameter is stored as a plain value (a title, a comment: written in one language
by a person) or, for what the portal names in both languages, as ``bilingual(obj)``;
the text is put together when it is read, in the reader's language, with every value
isolated so that a Persian title keeps its place in an English sentence.
"""

import logging
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.functional import Promise

from .i18n import in_reader_language, isolate
from .models import Notification


@dataclass(frozen=True)
class NotificationKind:
    text: Promise
    email_subject: Promise


logger = logging.getLogger(__name__)

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
    """Tell ``recipient`` that something awaits them.

    The in-app notification is written in the caller's transaction (it exists if
    and only if the move it reports was committed); its e-mail is queued after the
    commit, and a broker that cannot take it never turns the committed move into an
    error (``queue_email`` logs it; the mail is then missing, the notification not).
    """
    if kind not in KINDS:
        raise ValueError(f"Unknown notification kind {kind!r}")
    notification = Notification.objects.create(
        recipient=recipient, kind=kind, params=params or {}, url=url
    )
    transaction.on_commit(partial(queue_email, notification.pk), robust=True)
    return notification


def queue_email(notification_id):
    from .tasks import send_notification_email

    try:
        send_notification_email.delay(notification_id)
    except Exception:
        logger.exception(
            "could not queue the e-mail of notification %s", notification_id
        )


def notification_email(notification):
    """Subject and body of a notification, in its recipient's language."""
    kind = KINDS[notification.kind]
    with translation.override(notification.recipient.preferred_language):
        subject = str(kind.email_subject) % reader_params(notification.params)
        body = notification_text(notification)
    # A subject is one line: a value typed with a line break (a problem's title)
    # would otherwise add mail headers, and Django refuses to send such a mail.
    subject = " ".join(subject.split())
    if notification.url:
        body = f"{body}\n\n{settings.SITE_URL.rstrip('/')}{notification.url}"
    return subject, body


def mark_read(*, user, notification_ids=None):
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=notification_ids)
    return unread.update(read_at=timezone.now())
