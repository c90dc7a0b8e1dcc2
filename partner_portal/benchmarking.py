"""What the benchmarks that drive a real Celery worker share (bench_certificates,
bench_booklet): the services they need, and a worker on a private queue working on
the throwaway database the command made."""

import os
import secrets
import signal
import subprocess
import sys
import time
from urllib.parse import quote

from django.conf import settings
from django.core.management.base import CommandError
from django.db import OperationalError, connection


def require_services(command, database):
    """PostgreSQL and Redis as DATABASE_URL and REDIS_URL name them, or a clear
    error (the command exits 1). ``database`` names the throwaway database."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://", "pgsql://")):
        raise CommandError(
            f"{command} needs PostgreSQL: set "
            "DATABASE_URL=postgres://user@host:5432/name (it makes and drops its own "
            f"database {database} on that server)."
        )
    try:
        connection.ensure_connection()
    except OperationalError as error:
        raise CommandError(
            f"PostgreSQL at DATABASE_URL is unreachable: {error}"
        ) from None
    redis_url = os.environ.get("REDIS_URL", "")
    if not redis_url:
        raise CommandError(
            f"{command} needs Redis for the Celery worker: set "
            "REDIS_URL=redis://host:6379/0."
        )
    import redis

    try:
        redis.Redis.from_url(redis_url, socket_timeout=3).ping()
    except redis.RedisError as error:
        raise CommandError(
            f"Redis at REDIS_URL={redis_url} is unreachable: {error}"
        ) from None


def database_url():
    """A DATABASE_URL for the worker: the throwaway database this process uses."""
    s = connection.settings_dict
    user = quote(s.get("USER") or "")
    password = quote(s.get("PASSWORD") or "")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    port = f":{s['PORT']}" if s.get("PORT") else ""
    return f"postgres://{credentials}{s.get('HOST') or '127.0.0.1'}{port}/{s['NAME']}"


def start_worker(queue, media, *, concurrency, ready_timeout=60):
    """A `celery worker` on ``queue``, writing its files under ``media`` and its
    log to ``media/worker.log``; returned once it says it is ready."""
    log_path = media / "worker.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "partner_portal.settings",
        "DATABASE_URL": database_url(),
        "CELERY_QUEUE": queue,
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "MEDIA_ROOT": str(media),
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
    }
    command = [
        sys.executable, "-m", "celery", "-A", "partner_portal", "worker",
        "--pool=prefork", f"--concurrency={concurrency}", "--queues", queue,
        "--hostname", f"{queue}@%h", "--without-gossip", "--without-mingle",
        "--without-heartbeat", "--loglevel=INFO",
    ]  # fmt: skip
    with open(log_path, "w") as log:
        process = subprocess.Popen(  # noqa: S603 (our interpreter, fixed arguments)
            command, cwd=settings.BASE_DIR, env=env, stdout=log,
            stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    deadline = time.monotonic() + ready_timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise CommandError(
                f"The Celery worker exited early:\n{log_path.read_text()}"
            )
        if " ready." in log_path.read_text():
            return process
        time.sleep(0.1)
    stop_worker(process)
    raise CommandError(f"The Celery worker was not ready in {ready_timeout}s")


def stop_worker(process, timeout=30):
    """A warm shutdown (the main process stops its pool), then a kill."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
