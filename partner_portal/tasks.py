from celery import shared_task
from django.core.mail import EmailMultiAlternatives

from .models import Notification
from .notifications import notification_email, wants_email


@shared_task
def ping():
    """A trivial task: proves a worker takes tasks from the broker and answers."""
    return "pong"


# A mail server that is down or refuses for a while (smtplib's errors are OSErrors)
# is tried again, backing off, for about an hour; a lost worker redelivers the task.
@shared_task(
    autoretry_for=(OSError,),
    retry_backoff=60,
    retry_backoff_max=1800,
    max_retries=6,
    acks_late=True,
)
def send_notification_email(notification_id):
    notification = (
        Notification.objects.select_related("recipient")
        .filter(pk=notification_id)
        .first()
    )
    if notification is None or not notification.recipient.is_active:
        return
    # Asked when the mail goes out: a kind muted since the move still sends nothing.
    if not wants_email(notification.recipient, notification.kind):
        return
    subject, body, html = notification_email(notification)
    message = EmailMultiAlternatives(subject, body, to=[notification.recipient.email])
    message.attach_alternative(html, "text/html")
    message.send()
