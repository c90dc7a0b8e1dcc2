from celery import shared_task

from .reminders import send_reminders


@shared_task(acks_late=True)
def remind_overdue_steps():
    """Daily (celery beat): remind people of the placement steps that wait on them.
    Safe to run twice: a step is reminded once a day."""
    return send_reminders()
