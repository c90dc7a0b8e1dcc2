"""The booklet through a real Celery worker on Redis and PostgreSQL: the office's
request goes out when it commits, the worker claims, renders and stores it, and the
page's progress fragment stops polling once it is ready."""

import datetime
import time

import pytest
from django.urls import reverse

from industries import booklet as booklets
from industries.models import Booklet

pytestmark = [pytest.mark.postgres, pytest.mark.redis]


def wait_until_done(booklet, worker, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        booklet.refresh_from_db()
        if not booklet.is_running:
            return booklet
        time.sleep(0.2)
    raise AssertionError(f"not rendered in {timeout}s:\n{worker.log()[-3000:]}")


def test_the_worker_renders_the_requested_booklet_once(celery_worker, world, client):
    iro = world.people["iro"]

    booklet = booklets.booklet_request(actor=iro, edition="public", language="fa")
    again = booklets.booklet_request(actor=iro, edition="public", language="fa")

    assert again == booklet
    wait_until_done(booklet, celery_worker)
    assert booklet.status == Booklet.Status.READY, booklet.render_error
    assert booklet.problem_count == 1 and booklet.page_count >= 3
    assert booklet.file.read().startswith(b"%PDF-")
    booklet.file.close()
    assert celery_worker.log().count("render_booklet[") == 2  # received, succeeded
    client.force_login(iro)
    fragment = client.get(reverse("industries:booklet-progress", args=[booklet.pk]))
    assert "data-hx-get" not in fragment.content.decode()
    public = client.get(reverse("industries:catalogue-booklet"))
    assert public.status_code == 200


def test_a_request_made_while_the_broker_was_away_is_sent_by_the_sweep(
    celery_worker, world
):
    """The row is the queue: a booklet whose task never left is sent again."""
    iro = world.people["iro"]
    booklet = Booklet.objects.create(
        edition="internal", language="en", requested_by=iro
    )
    Booklet.objects.filter(pk=booklet.pk).update(
        queued_at=booklet.queued_at - datetime.timedelta(minutes=10)
    )

    assert booklets.booklets_sweep() == 1

    wait_until_done(booklet, celery_worker)
    assert booklet.status == Booklet.Status.READY, booklet.render_error
