from celery import shared_task
from django.db import InterfaceError, OperationalError

from .booklet import RENDER_ATTEMPTS, RenderFailed, booklet_render, booklets_sweep


# As the certificates' rendering: acknowledged only once it ran (acks_late), back
# in the queue when its worker dies (reject_on_worker_lost); the claim in
# booklet_render keeps a second delivery from rendering it again.
@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(RenderFailed, OperationalError, InterfaceError),
    retry_backoff=5,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=RENDER_ATTEMPTS - 1,
)
def render_booklet(booklet_id):
    return booklet_render(booklet_id)


@shared_task(acks_late=True)
def sweep_booklets():
    """Every minute (celery beat): send again the booklets that wait too long."""
    return booklets_sweep()
