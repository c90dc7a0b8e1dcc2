from celery import shared_task

from .notifications import notification_email_send, notification_emails_sweep


@shared_task
def ping():
    """A trivial task: proves a worker takes tasks from the broker and answers."""
    return "pong"


# A mail server that is down or refuses for a while (smtplib's errors are OSErrors)
# is tried again, backing off, for about an hour; a lost worker redelivers the task,
# and the sweep sends what is still unsent. The claim in notification_email_send
# keeps every delivery after the first from mailing again.
@shared_task(
    autoretry_for=(OSError,),
    retry_backoff=60,
    retry_backoff_max=1800,
    max_retries=6,
    acks_late=True,
)
def send_notification_email(notification_id):
    return notification_email_send(notification_id)


@shared_task(acks_late=True)
def sweep_notification_emails():
    """Every minute (celery beat): send the e-mails that wait too long."""
    return notification_emails_sweep()
