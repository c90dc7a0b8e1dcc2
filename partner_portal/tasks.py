from celery import shared_task
from django.core.mail import send_mail

from .models import Notification
from .notifications import notification_email


@shared_task
def ping():
    """A trivial task: proves a worker takes tasks from the broker and answers."""
    return "pong"


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_notification_email(notification_id):
    notification = (
        Notification.objects.select_related("recipient")
        .filter(pk=notification_id)
        .first()
    )
    if notification is None or not notification.recipient.is_active:
        return
    subject, body = notification_email(notification)
    send_mail(subject, body, None, [notification.recipient.email])
