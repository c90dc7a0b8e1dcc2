"""Certificates under faults, with real Celery workers on real Redis and PostgreSQL:
a pool process killed mid-render (before WeasyPrint runs, or with its PDF stored but
not issued), the broker down while a professor signs, one task delivered twice at
once, WeasyPrint failing (retried by the task, and with the sweep queueing it again
meanwhile). Each ends with every certificate issued once (one PDF on storage, one
"issued" audit event) or failed with its error after RENDER_ATTEMPTS renderings, and
never a stray or half-written file.

The workers run tests/certificates/fault_worker_settings.py, which pauses or breaks
what a test asks for through the worker's environment (production code has no test
hooks); short leases and attempts are set by environment as well."""

import hashlib
import os
import re
import shutil
import signal
import socket
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from certificates import services
from certificates.models import Certificate
from certificates.storage import certificate_storage
from certificates.tasks import render_certificate
from partner_portal.workflow import audit_trail, transition
from tests.certificates.conftest import complete
from tests.services import REQUIRE_SERVICES, start_worker

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),
]
C = Certificate.Status
RENDER_TASK = "certificates.tasks.render_certificate"


# --- Helpers --------------------------------------------------------------------------


def configure(settings, **values):
    """The test process's PORTAL["CERTIFICATES"] (the sweep runs here), as the
    worker's environment sets its own."""
    settings.PORTAL = {
        **settings.PORTAL,
        "CERTIFICATES": {**settings.PORTAL["CERTIFICATES"], **values},
    }


def wait_for(condition, *, timeout, what, log=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    detail = f"\n--- worker log ---\n{log()}" if log else ""
    raise AssertionError(f"not within {timeout}s: {what}{detail}")


def certificates_dir():
    return Path(certificate_storage().location) / "certificates"


def pdf_files(certificate):
    """Every file stored for the certificate (its PDFs are named by its code)."""
    root = certificates_dir()
    return sorted(root.rglob(f"{certificate.code}*")) if root.exists() else []


def part_files():
    """Temporary files a rendering left behind (storage writes *.part, then renames)."""
    root = certificates_dir()
    return sorted(root.rglob("*.part")) if root.exists() else []


def issued_events(certificate):
    return [e for e in audit_trail(certificate) if e.to_state == C.ISSUED]


def assert_issued_once(certificate):
    certificate.refresh_from_db()
    assert certificate.status == C.ISSUED
    files = pdf_files(certificate)
    assert [f.name for f in files] == [Path(certificate.pdf.name).name]
    data = files[0].read_bytes()
    assert data.startswith(b"%PDF-")
    assert certificate.sha256 == hashlib.sha256(data).hexdigest()
    assert len(issued_events(certificate)) == 1


def outcomes(worker):
    """What the worker's render_certificate runs returned, in the order they ended."""
    return re.findall(
        rf"Task {re.escape(RENDER_TASK)}\[[-0-9a-f]+\] succeeded in [0-9.]+s: '(\w+)'",
        worker.log(),
    )


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    """A private redis-server that a test may kill (never the shared one)."""

    def __init__(self, directory):
        self.port = free_port()
        self.directory = directory
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        log = open(self.directory / "redis.log", "a")  # noqa: SIM115 (redis writes it)
        command = [
            "redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
            "--save", "", "--appendonly", "no", "--daemonize", "no",
            "--dir", str(self.directory),
        ]  # fmt: skip
        self.process = subprocess.Popen(  # noqa: S603 (fixed arguments)
            command, stdout=log, stderr=subprocess.STDOUT
        )
        client = redis.Redis(port=self.port, socket_connect_timeout=1)

        def answers():
            try:
                return client.ping()
            except redis.ConnectionError:
                return False

        wait_for(answers, timeout=10, what=f"redis-server on port {self.port}")
        client.close()

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


@contextmanager
def publishing_to(url):
    """The test process's Celery app publishes to the broker at ``url``: its
    connection and producer pools were made for the configured broker, so they are
    dropped for new ones (and again on the way back)."""
    from partner_portal.celery import app

    def switch(broker_url):
        app.conf.broker_url = broker_url
        app._pool = None
        app.amqp._producer_pool = None

    before = app.conf.broker_url
    switch(url)
    try:
        yield
    finally:
        switch(before)


# --- Fixtures -------------------------------------------------------------------------


@pytest.fixture
def fault_dir(tmp_path):
    path = tmp_path / "faults"
    path.mkdir()
    return path


@pytest.fixture
def broker(tmp_path):
    """A redis-server of the test's own, the broker (and result backend) of its
    workers and of the tasks it queues. Not the shared Redis: a test stops this one,
    and a FLUSHDB by any other run on the machine (Django's cache.clear() on the
    shared database) would take the messages a test waits for."""
    if shutil.which("redis-server") is None:
        reason = "redis-server is not installed (fault tests run their own Redis)"
        if REQUIRE_SERVICES:
            pytest.fail(f"PORTAL_REQUIRE_SERVICES=1 but {reason}", pytrace=False)
        pytest.skip(reason)
    server = RedisServer(tmp_path)
    server.start()
    try:
        with publishing_to(server.url):
            yield server
    finally:
        server.stop()


@pytest.fixture
def worker(request, tmp_path, fault_dir, broker):
    """Start real workers with the fault settings on the test's broker:
    ``worker(pool=..., concurrency=..., NAME=value...)`` with environment variables
    for the worker."""
    from partner_portal.celery import app

    started = []

    def start(*, pool="prefork", concurrency=1, **env):
        process = start_worker(
            queue=settings.CELERY_TASK_DEFAULT_QUEUE,
            log_path=tmp_path / f"worker-{len(started)}.log",
            database_settings=connection.settings_dict,
            pool=pool,
            concurrency=concurrency,
            env={
                "DJANGO_SETTINGS_MODULE": "tests.certificates.fault_worker_settings",
                "REDIS_URL": broker.url,
                "FAULT_DIR": str(fault_dir),
                **env,
            },
        )
        started.append(process)
        return process

    app.conf.task_always_eager = False
    try:
        yield start
    finally:
        app.conf.task_always_eager = True
        for process in started:
            process.stop()
            # Shown with the report of a test that fails.
            request.node.add_report_section(
                "teardown", process.log_path.name, process.log()
            )


# --- (1) A worker killed mid-render ---------------------------------------------------


@pytest.mark.parametrize(
    "point",
    [
        # WeasyPrint has not run yet: nothing is stored.
        "rendering",
        # The PDF is stored, the certificate not yet issued: the dead process's file
        # must not stay beside the one that is issued.
        "stored",
    ],
)
def test_a_worker_killed_mid_render_issues_the_certificate_once(
    point, completed, supervisor, worker, fault_dir, settings
):
    # The worker notices a lost pool process when it next maintains its pool (every
    # 5 s): the lease outlasts that, so the message is back while the claim lives.
    lease = 12
    configure(settings, RENDER_LEASE_SECONDS=lease)
    celery = worker(
        pool="prefork",
        concurrency=1,
        FAULT_PAUSE_AT=point,
        CERTIFICATE_RENDER_LEASE_SECONDS=str(lease),
    )
    certificate = completed.certificates.order_by("pk").first()

    services.certificate_sign(certificate=certificate, actor=supervisor)

    paused = fault_dir / f"{point}-{certificate.code}"
    wait_for(paused.exists, timeout=30, what=f"the {point} pause", log=celery.log)
    child = int(paused.read_text())
    assert child in celery.children(), "the rendering runs in a pool process"
    certificate.refresh_from_db()
    assert certificate.status == C.RENDERING
    assert len(pdf_files(certificate)) == (1 if point == "stored" else 0)
    os.kill(child, signal.SIGKILL)

    # The worker puts the message back (acks_late, reject_on_worker_lost) and a new
    # pool process takes it: the dead process's claim is still live, so it skips.
    assert celery.wait_for_log("exited with 'signal 9 (SIGKILL)'", timeout=10)
    wait_for(
        lambda: outcomes(celery) == ["skipped"],
        timeout=15,
        what="the message is delivered again and skipped",
        log=celery.log,
    )
    certificate.refresh_from_db()
    assert certificate.status == C.RENDERING

    # Once the claim lapses, the sweep queues it again and a worker issues it.
    lapses = certificate.rendering_since + timezone.timedelta(seconds=lease)
    time.sleep(max(0, (lapses - timezone.now()).total_seconds()) + 0.2)
    assert services.certificates_sweep() == 1
    wait_for(
        lambda: Certificate.objects.get(pk=certificate.pk).status == C.ISSUED,
        timeout=30,
        what="the certificate is issued",
        log=celery.log,
    )

    assert_issued_once(certificate)
    assert certificate.render_attempts == 2
    assert [(e.from_state, e.to_state) for e in audit_trail(certificate)][1:] == [
        ("pending_signature", "signed"),
        ("signed", "rendering"),
        ("rendering", "rendering"),
        ("rendering", "issued"),
    ]
    assert part_files() == []
    # Nothing else is left to render, whoever sweeps next.
    assert services.certificates_sweep() == 0
    # (The worker logs what the task returned just after the database says so.)
    wait_for(
        lambda: outcomes(celery) == ["skipped", "issued"],
        timeout=10,
        what="the worker logs the two runs",
        log=celery.log,
    )


# --- (2) The broker down while a professor signs --------------------------------------


def test_signing_with_the_broker_down_is_quick_and_the_sweep_issues_each_once(
    world, supervisor, broker, worker, client, settings
):
    configure(settings, SWEEP_AFTER_SECONDS=1, RENDER_LEASE_SECONDS=60)
    placement = complete(world.objects["placement"], students=10)
    certificates = list(placement.certificates.order_by("pk"))
    assert len(certificates) == 10
    celery = worker(pool="prefork", concurrency=2)
    client.force_login(supervisor)

    broker.stop()

    started = time.monotonic()
    response = client.post(reverse("certificates:sign-all"))
    elapsed = time.monotonic() - started

    assert response.status_code == 302
    assert elapsed < 5, f"signing took {elapsed:.1f}s with the broker down"
    for certificate in certificates:
        certificate.refresh_from_db()
        assert certificate.status == C.SIGNED
        assert certificate.queued_at is not None

    # The broker comes back (empty: nothing was queued); the sweep, as beat
    # runs it, queues what waited, more than once while the worker catches up.
    broker.start()

    def all_issued():
        services.certificates_sweep()
        return not placement.certificates.exclude(status=C.ISSUED).exists()

    wait_for(all_issued, timeout=60, what="all ten are issued", log=celery.log)

    for certificate in certificates:
        assert_issued_once(certificate)
    assert part_files() == []
    wait_for(
        lambda: outcomes(celery).count("issued") == 10,
        timeout=10,
        what="the worker logs ten issued",
        log=celery.log,
    )


# --- (3) One task delivered twice at once ---------------------------------------------


def test_the_same_task_delivered_twice_at_once_issues_once(
    completed, supervisor, worker, fault_dir
):
    celery = worker(pool="prefork", concurrency=2, FAULT_RENDEZVOUS="2")
    certificate = completed.certificates.order_by("pk").first()
    # Signed, nothing queued yet: the test sends the task itself, twice.
    transition(certificate, "sign", actor=supervisor, queued_at=timezone.now())

    for _ in range(2):
        render_certificate.delay(certificate.pk)

    wait_for(
        lambda: sorted(outcomes(celery)) == ["issued", "skipped"],
        timeout=30,
        what="one delivery issues, the other skips",
        log=celery.log,
    )
    # Both deliveries were in the worker at once (each waited for the other) before
    # either claimed the certificate.
    assert len(list(fault_dir.glob(f"arrived-{certificate.pk}-*"))) == 2
    assert list(fault_dir.glob("rendezvous-timeout-*")) == []
    assert_issued_once(certificate)
    assert certificate.render_attempts == 1
    assert part_files() == []


# --- (4) WeasyPrint fails -------------------------------------------------------------


def broken_template(directory):
    """A certificate template WeasyPrint cannot lay out: nested deeper than its
    recursion allows."""
    path = directory / "certificates" / "pdf" / "certificate.html"
    path.parent.mkdir(parents=True)
    depth = 1000
    path.write_text(
        "<html><body>" + "<div>" * depth + "{{ c.student_name }}" + "</div>" * depth
    )
    return directory


def test_a_weasyprint_failure_is_recorded_retried_and_leaves_no_file(
    completed, supervisor, worker, tmp_path, settings
):
    attempts = 3
    configure(settings, RENDER_ATTEMPTS=attempts, SWEEP_AFTER_SECONDS=0)
    celery = worker(
        pool="solo",
        FAULT_TEMPLATE_DIR=str(broken_template(tmp_path / "templates")),
        CERTIFICATE_RENDER_ATTEMPTS=str(attempts),
    )
    certificate = completed.certificates.order_by("pk").first()

    services.certificate_sign(certificate=certificate, actor=supervisor)

    # Each attempt fails; the task retries with backoff (at most 5 s, then 10 s)
    # until its attempts are spent, then fails for good.
    wait_for(
        lambda: "raised unexpected: RenderFailed" in celery.log(),
        timeout=45,
        what="the task fails for good",
        log=celery.log,
    )
    certificate.refresh_from_db()
    assert certificate.status == C.FAILED
    assert certificate.render_attempts == attempts
    assert certificate.render_error.startswith("RecursionError")
    assert not certificate.pdf
    assert certificate.render_token == ""
    retries = re.findall(
        rf"Task {re.escape(RENDER_TASK)}\[[-0-9a-f]+\] retry", celery.log()
    )
    assert len(retries) == attempts - 1
    states = [(e.from_state, e.to_state) for e in audit_trail(certificate)][2:]
    assert states == [
        ("signed", "rendering"),
        ("rendering", "failed"),
        ("failed", "rendering"),
        ("rendering", "failed"),
        ("failed", "rendering"),
        ("rendering", "failed"),
    ]
    assert pdf_files(certificate) == []
    assert part_files() == []
    # Its attempts are spent: the sweep leaves it to the office ("render again").
    assert services.certificates_sweep() == 0


def worker_idle(worker):
    """Every render_certificate message the worker received (retries with their
    countdown included) has ended: succeeded, retried or failed."""
    log = worker.log()
    task = rf"Task {re.escape(RENDER_TASK)}\[[-0-9a-f]+\]"
    received = len(re.findall(rf"{task} received", log))
    ended = len(re.findall(rf"{task} (succeeded|retry|raised unexpected)", log))
    return received > 0 and received == ended


def test_the_sweep_during_the_retries_spends_no_more_attempts(
    completed, supervisor, worker, tmp_path, settings
):
    """Beat's sweep queues a failed certificate with attempts left again; when the
    queue is backed up past SWEEP_AFTER_SECONDS, it does so while the task's own
    retry is pending. However many deliveries there are, the certificate is
    rendered RENDER_ATTEMPTS times in all."""
    attempts = 3
    configure(settings, RENDER_ATTEMPTS=attempts, SWEEP_AFTER_SECONDS=0)
    celery = worker(
        pool="prefork",
        concurrency=2,
        FAULT_TEMPLATE_DIR=str(broken_template(tmp_path / "templates")),
        CERTIFICATE_RENDER_ATTEMPTS=str(attempts),
    )
    certificate = completed.certificates.order_by("pk").first()

    services.certificate_sign(certificate=certificate, actor=supervisor)

    def spent():
        services.certificates_sweep()
        time.sleep(0.4)
        certificate.refresh_from_db()
        return certificate.render_attempts >= attempts

    wait_for(spent, timeout=30, what="the attempts are spent", log=celery.log)
    wait_for(
        lambda: worker_idle(celery),
        timeout=40,
        what="every delivery has ended",
        log=celery.log,
    )

    certificate.refresh_from_db()
    assert certificate.status == C.FAILED
    assert certificate.render_attempts == attempts
    failures = [e for e in audit_trail(certificate) if e.to_state == C.FAILED]
    assert len(failures) == attempts
    assert pdf_files(certificate) == []
    assert part_files() == []
