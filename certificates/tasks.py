from celery import shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError

from .services import RenderFailed, certificate_render, certificates_sweep


# Nothing lost: the message is acknowledged only after the task ran (acks_late) and
# goes back to the queue when the worker process dies mid-render
# (reject_on_worker_lost). Nothing doubled: the service claims the certificate
# before rendering, so a second delivery finds it taken and skips.
@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(RenderFailed, OperationalError, InterfaceError),
    retry_backoff=5,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=settings.PORTAL["CERTIFICATES"]["RENDER_ATTEMPTS"] - 1,
)
def render_certificate(certificate_id):
    return certificate_render(certificate_id)


@shared_task(acks_late=True)
def sweep_certificates():
    """Every minute (celery beat): queue again the certificates that wait for their
    PDF too long. Safe to run twice: the claim keeps renderings single."""
    return certificates_sweep()
