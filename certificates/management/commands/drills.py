"""Fault drills (see certificates/drills): break Redis, the Celery worker,
PostgreSQL and a web worker while people use the portal, and check what they see.

    drill redis_stopped ok=true outage_s=5 requests=… max_request_s=… lost=0 …
    drill worker_killed ok=true batch=100 issued_at_kill=… issued=100/100 …
    drill postgres_restarted ok=true … unfriendly=0 recovered_s=… web_restarted=false
    drill web_worker_killed ok=true … half_written=0 retry_status=302 …
    drills ok=true passed=4/4 seconds=…

The command makes a temporary directory and runs itself again inside it
(``--inside``) with an environment of its own: a private PostgreSQL cluster and
redis-server on free ports, DEBUG off, a throwaway SECRET_KEY. Whatever happens to
that run, this one then ends every process it started and removes the directory.
The outage lasts ``--outage`` seconds (default: DRILL_OUTAGE_SECONDS, else 5).
"""

import logging
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

DRILLS = ["redis_stopped", "worker_killed", "postgres_restarted", "web_worker_killed"]
# Short so that a drill's recovery takes seconds (production: two minutes each).
SWEEP_AFTER_SECONDS = 20
RENDER_LEASE_SECONDS = 8


class Command(BaseCommand):
    help = "Run the fault drills on private services; exit 1 if any fails."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--outage",
            type=float,
            default=float(os.environ.get("DRILL_OUTAGE_SECONDS") or 5),
            help="seconds Redis and PostgreSQL stay down (default 5)",
        )
        parser.add_argument(
            "--only", action="append", choices=DRILLS, help="run only this drill"
        )
        parser.add_argument(
            "--keep", action="store_true", help="keep the directory (logs) afterwards"
        )
        parser.add_argument("--inside", help="(internal) the run's directory")

    def handle(self, *args, **options):
        if options["inside"]:
            return self.run_inside(Path(options["inside"]), options)
        return self.run_outside(options)

    # --- The outer run: a directory, a child, and the clean-up ----------------------

    def run_outside(self, options):
        from certificates.drills.stack import free_port

        directory = Path(tempfile.mkdtemp(prefix="portal-drills-"))
        directory.chmod(0o755)  # PostgreSQL's account reaches its directory inside
        ports = {name: free_port() for name in ("pg", "redis", "web")}
        env = child_environment(directory, ports)
        manage = str(settings.BASE_DIR / "manage.py")
        command = [sys.executable, manage, "drills", "--inside", str(directory),
                   "--outage", str(options["outage"])]  # fmt: skip
        for name in options["only"] or []:
            command += ["--only", name]
        timeout = 600 + 10 * options["outage"]
        # A CI timeout's SIGTERM ends the child and still cleans up.
        signal.signal(signal.SIGTERM, terminated)
        try:
            child = subprocess.run(command, env=env, timeout=timeout, check=False)  # noqa: S603
            code = child.returncode
        except subprocess.TimeoutExpired:
            self.stderr.write(f"drills: gave up after {timeout:.0f}s")
            code = 1
        finally:
            clean_up(directory, keep=options["keep"])
        if options["keep"]:
            self.stderr.write(f"drills: logs kept in {directory}")
        if code:
            raise CommandError(f"the fault drills failed (exit {code})")

    # --- The inner run --------------------------------------------------------------

    def run_inside(self, directory, options):
        from certificates.drills import runs, stack, world

        logging.disable(logging.CRITICAL)  # the services' own logs are in files
        started = time.monotonic()
        env = dict(os.environ)
        pg = stack.PrivatePostgres(directory / "postgres", int(env["DRILLS_PG_PORT"]))
        redis = stack.PrivateRedis(directory, int(env["DRILLS_REDIS_PORT"]))
        worker = stack.Worker(directory, env, env["CELERY_QUEUE"])
        web = stack.Gunicorn(directory, env, int(env["DRILLS_WEB_PORT"]))
        try:
            pg.init()
            pg.start()
            pg.create_database("portal_drills")
            redis.start()
            call_command("migrate", verbosity=0)
            # Enough for the professors to sign one every half second of the outage.
            per_professor = max(40, int(options["outage"] * 2) + 20)
            drill_world = world.make_world(certificates_each=per_professor)
            worker.start()
            worker.supervise()
            web.start()
            self.say(f"set up in {time.monotonic() - started:.0f}s")
            the_stack = runs.Stack(
                directory=directory, pg=pg, redis=redis, worker=worker, web=web,
                world=drill_world, mail_log=Path(env["DRILLS_MAIL_LOG"]),
            )  # fmt: skip
            results = self.run_drills(the_stack, options)
        finally:
            for service in (web, worker, redis):
                service.stop()
            pg.stop()
        passed = sum(result.ok for result in results)
        self.stdout.write(
            f"drills ok={'true' if passed == len(results) else 'false'} "
            f"passed={passed}/{len(results)} "
            f"seconds={time.monotonic() - started:.0f}"
        )
        if passed < len(results):
            sys.exit(1)

    def run_drills(self, the_stack, options):
        from certificates.drills import runs

        outage = options["outage"]
        drills = {
            "redis_stopped": lambda: runs.redis_outage(the_stack, outage),
            "worker_killed": lambda: runs.worker_killed(the_stack),
            "postgres_restarted": lambda: runs.postgres_restart(the_stack, outage),
            "web_worker_killed": lambda: runs.web_worker_killed(the_stack),
        }
        results = []
        for name in options["only"] or DRILLS:
            began = time.monotonic()
            try:
                result = drills[name]()
            except Exception as error:  # noqa: BLE001 (reported; the others still run)
                result = runs.Result(name, {"error": type(error).__name__})
                result.problems.append(f"{error}\n{traceback.format_exc()}")
                restore(the_stack)
            result.values["drill_s"] = f"{time.monotonic() - began:.0f}"
            self.stdout.write(result.line())
            for problem in result.problems:
                self.stderr.write(f"  {name}: {problem}")
            self.stdout.flush()
            results.append(result)
        return results

    def say(self, message):
        if self.verbosity >= 2:
            self.stderr.write(f"  {message}")

    def execute(self, *args, **options):
        self.verbosity = options.get("verbosity", 1)
        return super().execute(*args, **options)


def terminated(signum, frame):
    raise SystemExit(128 + signum)


def child_environment(directory, ports):
    """The environment of the inner run and of every process it starts."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "certificates.drills.settings",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{ports['pg']}/portal_drills",
        "REDIS_URL": f"redis://127.0.0.1:{ports['redis']}/0",
        "CONN_MAX_AGE": "60",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "SITE_URL": f"http://127.0.0.1:{ports['web']}",
        "CELERY_QUEUE": f"drills-{secrets.token_hex(4)}",
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "MEDIA_ROOT": str(directory / "media"),
        "LOG_LEVEL": "INFO",
        "CERTIFICATE_SWEEP_AFTER_SECONDS": str(SWEEP_AFTER_SECONDS),
        "CERTIFICATE_RENDER_LEASE_SECONDS": str(RENDER_LEASE_SECONDS),
        "NOTIFICATION_EMAIL_SWEEP_AFTER_SECONDS": str(SWEEP_AFTER_SECONDS),
        "DRILLS_MAIL_LOG": str(directory / "mail.log"),
        "DRILLS_PG_PORT": str(ports["pg"]),
        "DRILLS_REDIS_PORT": str(ports["redis"]),
        "DRILLS_WEB_PORT": str(ports["web"]),
    }


def restore(the_stack):
    """After a drill that broke off: every service up again, for the next one."""
    from certificates.drills.stack import port_open

    if not the_stack.redis.running():
        the_stack.redis.start()
    if not port_open(the_stack.pg.port):
        the_stack.pg.start()
    connection.close()
    if not the_stack.worker.running():
        the_stack.worker.start()


def clean_up(directory, *, keep):
    """End every process group the inner run started (whether or not it could),
    the PostgreSQL cluster, then the directory."""
    pids = directory / "pids"
    if pids.exists():
        for line in pids.read_text().split():
            try:
                os.killpg(int(line), signal.SIGKILL)
            except (ProcessLookupError, PermissionError, ValueError):
                pass
    data = directory / "postgres" / "data"
    if (data / "postmaster.pid").exists():
        from certificates.drills.stack import PrivatePostgres

        PrivatePostgres(directory / "postgres", 0).stop("immediate")
    if not keep:
        shutil.rmtree(directory, ignore_errors=True)
