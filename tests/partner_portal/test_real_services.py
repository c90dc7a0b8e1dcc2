"""The suite talks to the real services it is configured with."""

import os
import socket
import threading
import time

import pytest
from celery import Celery
from django.conf import settings
from django.db import connection

from partner_portal.tasks import ping


@pytest.mark.postgres
@pytest.mark.django_db
def test_suite_runs_on_postgresql_when_database_url_is_set():
    assert os.environ["DATABASE_URL"].startswith(("postgres://", "postgresql://"))
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_database()")
        assert cursor.fetchone()[0].startswith("test_")


def test_a_task_runs_in_a_real_worker_on_redis(celery_worker):
    result = ping.delay()

    assert result.get(timeout=30) == "pong"
    # The worker writes its log line after it has stored the result.
    assert celery_worker.wait_for_log(
        f"Task partner_portal.tasks.ping[{result.id}] succeeded", timeout=10
    )


@pytest.fixture
def stalled_redis():
    """A TCP server that accepts connections and never answers, like a hung Redis."""
    server = socket.create_server(("127.0.0.1", 0))
    held = []
    stop = threading.Event()

    def accept():
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"redis://127.0.0.1:{server.getsockname()[1]}/0"
    stop.set()
    thread.join()
    for conn in held:
        conn.close()
    server.close()


def test_a_stalled_broker_fails_a_publish_within_seconds(stalled_redis):
    app = Celery("stalled", broker=stalled_redis, set_as_current=False)
    app.config_from_object(settings, namespace="CELERY")
    app.conf.broker_url = stalled_redis
    app.conf.task_always_eager = False

    started = time.monotonic()
    with pytest.raises(Exception):  # noqa: B017 (kombu raises several kinds here)
        app.send_task("partner_portal.tasks.ping", queue="nobody-listens")
    elapsed = time.monotonic() - started

    assert elapsed < 10, f"publishing hung for {elapsed:.1f}s"
