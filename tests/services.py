"""Which real services this run has, and a real Celery worker for tests that need one.

Outside CI a test that needs PostgreSQL, Redis or Chromium is skipped with the reason;
with PORTAL_REQUIRE_SERVICES=1 (set by .ci/run) every skip is a failure instead.
"""

import functools
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent
REQUIRE_SERVICES = os.environ.get("PORTAL_REQUIRE_SERVICES") == "1"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# Flags for Chromium as root in a closed network (see the machine notes).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@functools.cache
def postgres_missing():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return "PostgreSQL is not configured (set DATABASE_URL=postgres://...)"
    return None


@functools.cache
def redis_missing():
    url = os.environ.get("REDIS_URL", "")
    if not url:
        return "Redis is not configured (set REDIS_URL=redis://...)"
    parts = urlsplit(url)
    try:
        socket.create_connection(
            (parts.hostname, parts.port or 6379), timeout=2
        ).close()
    except OSError as error:
        return f"Redis at {url} is unreachable: {error}"
    return None


@functools.cache
def browser_missing():
    if not os.access(CHROMIUM, os.X_OK):
        return f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
    return None


MISSING_CHECKS = {
    "postgres": postgres_missing,
    "redis": redis_missing,
    "browser": browser_missing,
}


def database_url_for(settings_dict):
    """A DATABASE_URL that points another process at this test run's database."""
    user = quote(settings_dict.get("USER") or "")
    password = quote(settings_dict.get("PASSWORD") or "")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    return f"postgres://{credentials}{host}{port}/{settings_dict['NAME']}"


@dataclass
class WorkerProcess:
    process: subprocess.Popen
    queue: str
    log_path: Path

    def log(self):
        return self.log_path.read_text(errors="replace")

    def wait_for_log(self, text, timeout=10):
        """Whether ``text`` shows up in the worker's log within ``timeout`` s."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.log():
                return True
            time.sleep(0.1)
        return False

    def stop(self, timeout=15):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        # A prefork worker's pool processes share its process group (its own
        # session): none outlives the worker, even when the worker was killed.
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass

    def children(self):
        """The ids of the worker's pool processes (none with ``--pool=solo``)."""
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in path.read_text().split()]


def start_worker(
    *,
    queue,
    log_path,
    database_settings=None,
    ready_timeout=60,
    env=None,
    pool="solo",
    concurrency=None,
):
    """Start ``celery worker`` on ``queue`` in its own process and wait until it is
    ready to take tasks.

    ``env`` adds to (or overrides) the environment it inherits, e.g. another
    DJANGO_SETTINGS_MODULE or REDIS_URL; ``pool`` and ``concurrency`` are the
    worker's options of those names (``prefork`` has pool processes one can kill).
    """
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "partner_portal.settings_test",
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "CELERY_QUEUE": queue,
        **(env or {}),
    }
    if database_settings is not None and "postgresql" in database_settings["ENGINE"]:
        env["DATABASE_URL"] = database_url_for(database_settings)
    log_file = open(log_path, "w")  # noqa: SIM115 (the worker writes to it while it runs)
    command = [
        sys.executable, "-m", "celery", "-A", "partner_portal", "worker",
        f"--pool={pool}", "--queues", queue, "--hostname", f"{queue}@%h",
        "--without-gossip", "--without-mingle", "--without-heartbeat",
        "--loglevel=INFO",
    ]  # fmt: skip
    if concurrency is not None:
        command.append(f"--concurrency={concurrency}")
    process = subprocess.Popen(  # noqa: S603 (our own interpreter, fixed arguments)
        command,
        cwd=BASE_DIR,
        env=env,
        stdout=log_file,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    worker = WorkerProcess(process=process, queue=queue, log_path=log_path)
    deadline = time.monotonic() + ready_timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"The Celery worker exited early:\n{worker.log()}")
        if " ready." in worker.log():
            return worker
        time.sleep(0.2)
    worker.stop()
    raise RuntimeError(
        f"The Celery worker was not ready in {ready_timeout}s:\n{worker.log()}"
    )
