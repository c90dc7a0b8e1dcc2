"""`make load`: the portal under 32 users at once, on the scale data, as production
serves it.

gunicorn runs with gunicorn.conf.py on a loopback port with production settings
(DEBUG off, a throwaway SECRET_KEY, hashed and compressed static files, no HTTPS
redirect), against the database and Redis the environment names. locust (headless,
tests/load/locustfile.py) then plays 32 users for LOAD_SECONDS (60): an IRO on the
dashboard and the filtered and searched queues, managers on their problems,
professors and students on their dashboards, visitors on the landing page, the
catalogue (searched, and one problem) and certificate verification, each waiting
1-3 s between pages. Personas log in with a session the command makes (so no
password hashing runs during the load). Every page is fetched once before the load
and must answer as the plan says.

Prints one line per page, then
``load requests_per_s=<…> p50_ms=<…> p95_ms=<…> p99_ms=<…> errors=<…>`` and exits
non-zero on any error (a 5xx, a timeout, a refused connection, or any answer but
the expected one) or a p99 above --max-p99-ms (250).
"""

import json
import math
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from pathlib import Path

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from certificates.models import Certificate
from industries.models import ProblemRequest, UnitManager
from partner_portal.models import User
from partner_portal.sessions import SessionStore
from teams.management.commands.seed_scale import DOMAIN, ROUND_NAME
from teams.models import Enrolment, Professor, Round

LOCUSTFILE = settings.BASE_DIR / "tests" / "load" / "locustfile.py"
GUNICORN_CONF = settings.BASE_DIR / "gunicorn.conf.py"
# Users per persona, out of 32 (scaled to --users).
SHARES = {"iro": 8, "manager": 6, "professor": 4, "student": 8, "visitor": 6}


def percentile(values, share):
    """The nearest-rank percentile of sorted ``values``."""
    if not values:
        return 0.0
    rank = max(1, math.ceil(round(share * len(values), 9)))
    return values[min(rank, len(values)) - 1]


def shares_of(users):
    """SHARES scaled to ``users``, every persona at least one user."""
    total = sum(SHARES.values())
    counts = {name: max(1, users * share // total) for name, share in SHARES.items()}
    busiest = max(SHARES, key=SHARES.get)
    counts[busiest] += users - sum(counts.values())
    return counts


class Command(BaseCommand):
    help = "32 users at once against gunicorn on the scale data (see make load)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--seconds", type=int, default=int(os.environ.get("LOAD_SECONDS", "60"))
        )
        parser.add_argument(
            "--users", type=int, default=int(os.environ.get("LOAD_USERS", "32"))
        )
        parser.add_argument("--think", default=os.environ.get("LOAD_THINK", "1-3"))
        parser.add_argument(
            "--port", type=int, default=int(os.environ.get("LOAD_PORT", "8765"))
        )
        parser.add_argument("--max-p99-ms", type=float, default=250.0)
        parser.add_argument(
            "--skip-collectstatic",
            action="store_true",
            help="The hashed static files in STATIC_ROOT are already up to date.",
        )

    def handle(self, *args, **options):
        if not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
            raise CommandError("The load runs on PostgreSQL: set DATABASE_URL.")
        round_ = Round.objects.filter(name_en=ROUND_NAME).first()
        if round_ is None:
            self.say("no scale data yet: seeding it (minutes)")
            call_command("seed_scale")
            round_ = Round.objects.get(name_en=ROUND_NAME)
        self.work = Path(tempfile.mkdtemp(prefix="portal-load-"))
        # The server's throwaway key, which also signs the sessions made here.
        self.secret_key = secrets.token_urlsafe(50)
        with (
            translation.override(settings.LANGUAGE_CODE),
            override_settings(SECRET_KEY=self.secret_key),
        ):
            plan = self.plan(round_, shares_of(options["users"]))
        (self.work / "plan.json").write_text(json.dumps(plan), encoding="utf-8")
        if options["skip_collectstatic"] or self.static_up_to_date():
            self.say(f"static files in {settings.STATIC_ROOT} are up to date")
        else:
            self.say("collecting static files (hashed, compressed: minutes)")
            self.collectstatic()
        base = f"http://127.0.0.1:{options['port']}"
        server = self.start_gunicorn(options["port"])
        try:
            self.wait_ready(base, server)
            self.check_pages(base, plan)
            samples, seconds = self.run_locust(base, options)
        finally:
            self.stop(server)
        self.report(samples, seconds, options["max_p99_ms"])

    def say(self, message):
        self.stderr.write(f"load: {message}")

    # --- The plan: personas, their sessions and pages ---------------------------------

    def plan(self, round_, counts):
        now = timezone.now()
        iro, _ = User.objects.update_or_create(
            email=f"bench.iro@{DOMAIN}",
            defaults={
                "full_name": "Benchmark IRO",
                "is_iro_staff": True,
                "email_verified_at": now,
            },
        )
        unit_manager = (
            UnitManager.objects.filter(
                user__email__endswith=f"@{DOMAIN}", status=UnitManager.Status.ACTIVE
            )
            .annotate(problems=Count("unit__problems"))
            .order_by("-problems", "pk")
            .select_related("user", "unit")
            .first()
        )
        professor = (
            Professor.objects.filter(user__email__endswith=f"@{DOMAIN}")
            .select_related("user")
            .order_by("pk")
            .first()
        )
        enrolment = (
            Enrolment.objects.filter(round=round_, status=Enrolment.Status.TRAINED)
            .select_related("student__user")
            .order_by("pk")
            .first()
        )
        if not (unit_manager and professor and enrolment):
            raise CommandError("The scale data is incomplete: run seed_scale again.")
        people = [unit_manager.user, professor.user, enrolment.student.user]
        User.objects.filter(pk__in=[p.pk for p in people]).update(email_verified_at=now)
        own_problem = (
            ProblemRequest.objects.filter(unit=unit_manager.unit).order_by("pk").first()
        )
        published = (
            ProblemRequest.objects.filter(
                unit__email__endswith=f"@{DOMAIN}",
                status=ProblemRequest.Status.APPROVED,
            )
            .order_by("pk")
            .first()
        )
        issued = Certificate.objects.filter(issued_at__isnull=False).first()
        code, code_status = (issued.code, 200) if issued else ("QUT00000000ABCD", 404)

        # Page 40 of 2,800 on the scale data: far from the first, not the last.
        rows = Enrolment.objects.filter(round=round_).count()
        deep = f"round={round_.pk}&page={max(1, min(40, rows // 50))}"
        enrolments = reverse("teams:enrolment-list")
        problems = reverse("industries:problem-list")
        catalogue = reverse("industries:catalogue")

        def page(name, url, weight, status=200):
            quoted = urllib.parse.quote(url, safe="/?=&")
            return {"name": name, "url": quoted, "weight": weight, "status": status}

        personas = {
            "iro": [
                page("iro dashboard", reverse("dashboard-iro"), 3),
                page(
                    "enrolments applied",
                    f"{enrolments}?round={round_.pk}&status=applied",
                    3,
                ),
                page("enrolments deep page", f"{enrolments}?{deep}", 1),
                page("enrolments search", f"{enrolments}?round={round_.pk}&q=رضا", 1),
                page("review queue", f"{problems}?status=submitted", 3),
                page("units", reverse("industries:unit-list"), 1),
                page("professors", reverse("teams:professor-list"), 1),
                page("training sessions", reverse("teams:session-list"), 1),
            ],
            "manager": [
                page("manager dashboard", reverse("dashboard-manager"), 2),
                page("manager problems", problems, 3),
                page(
                    "manager problem",
                    reverse("industries:problem-detail", args=[own_problem.pk]),
                    2,
                ),
            ],
            "professor": [
                page("professor dashboard", reverse("dashboard-professor"), 3),
                page("professor profile", reverse("teams:professor-profile"), 1),
            ],
            "student": [
                page("student dashboard", reverse("dashboard-student"), 3),
                page(
                    "my enrolment",
                    reverse("teams:enrolment-detail", args=[enrolment.pk]),
                    1,
                ),
                page("training", reverse("teams:training"), 1),
                page("my choices", reverse("teams:my-interests"), 1),
                page("catalogue (student)", catalogue, 2),
            ],
            "visitor": [
                page("landing", reverse("landing"), 2),
                page("catalogue", catalogue, 3),
                page("catalogue search", f"{catalogue}?q=کاشی", 1),
                page(
                    "catalogue detail",
                    reverse("industries:catalogue-detail", args=[published.pk]),
                    2,
                ),
                page("verify", reverse("certificates:verify"), 1),
                page(
                    "verify code",
                    reverse("certificates:verify-code", args=[code]),
                    1,
                    code_status,
                ),
            ],
        }
        who = {
            "iro": iro,
            "manager": unit_manager.user,
            "professor": professor.user,
            "student": enrolment.student.user,
        }
        return {
            "personas": {
                name: {
                    "users": counts[name],
                    "cookie": self.session_cookie(who[name]) if name in who else "",
                    "pages": pages,
                }
                for name, pages in personas.items()
            }
        }

    def session_cookie(self, user):
        """A logged-in session, as django.contrib.auth.login would save it."""
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"

    # --- The server -------------------------------------------------------------------

    def production_env(self):
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "partner_portal.settings",
            "DEBUG": "false",
            "SECRET_KEY": self.secret_key,
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_COOKIES": "false",
        }

    def static_up_to_date(self):
        """STATIC_ROOT's manifest is newer than every source static file."""
        manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
        if not manifest.exists():
            return False
        collected = manifest.stat().st_mtime
        for entry in settings.STATICFILES_DIRS:
            folder = Path(entry[1] if isinstance(entry, tuple) else entry)
            for path in folder.rglob("*"):
                if path.is_file() and path.stat().st_mtime > collected:
                    return False
        return True

    def collectstatic(self):
        """As the image does: hashed and compressed files, which need DEBUG off."""
        subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            cwd=settings.BASE_DIR,
            env=self.production_env(),
            check=True,
            timeout=600,
        )

    def start_gunicorn(self, port):
        env = {
            **self.production_env(),
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            # Every visitor comes from 127.0.0.1 here: not a flood of one address.
            "CERTIFICATE_VERIFY_PER_MINUTE": "1000000",
        }
        self.server_log = self.work / "gunicorn.log"
        self.say(f"gunicorn on 127.0.0.1:{port}, its log in {self.server_log}")
        return subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-c",
                str(GUNICORN_CONF),
                "partner_portal.wsgi:application",
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=self.server_log.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_ready(self, base, server, limit=60):
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise CommandError(f"gunicorn exited; see {self.server_log}")
            try:
                with urllib.request.urlopen(f"{base}/readyz/", timeout=2) as answer:  # noqa: S310
                    if answer.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.3)
        raise CommandError(f"gunicorn not ready after {limit} s; see {self.server_log}")

    def check_pages(self, base, plan):
        """Each page once (which also warms the caches): it must answer as planned."""
        opener = urllib.request.build_opener(NoRedirect)
        for persona in plan["personas"].values():
            for page in persona["pages"]:
                request = urllib.request.Request(  # noqa: S310
                    base + page["url"],
                    headers={"Cookie": persona["cookie"]} if persona["cookie"] else {},
                )
                try:
                    with opener.open(request, timeout=30) as answer:
                        status = answer.status
                except urllib.error.HTTPError as error:
                    status = error.code
                if status != page["status"]:
                    raise CommandError(
                        f"{page['name']} ({page['url']}) answered {status}, "
                        f"not {page['status']}; see {self.server_log}"
                    )

    def stop(self, server):
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()

    # --- The load ---------------------------------------------------------------------

    def run_locust(self, base, options):
        samples_file = self.work / "samples.json"
        users = options["users"]
        command = [
            str(Path(sys.executable).with_name("locust")),
            "-f",
            str(LOCUSTFILE),
            "--headless",
            "--host",
            base,
            "--users",
            str(users),
            "--spawn-rate",
            str(users),
            "--run-time",
            f"{options['seconds']}s",
            "--stop-timeout",
            "15",
            "--only-summary",
            "--loglevel",
            "WARNING",
        ]
        env = {
            **os.environ,
            "LOAD_PLAN": str(self.work / "plan.json"),
            "LOAD_SAMPLES": str(samples_file),
            "LOAD_THINK": options["think"],
        }
        log = self.work / "locust.log"
        self.say(
            f"{users} users for {options['seconds']} s (think {options['think']} s); "
            f"locust's log in {log}"
        )
        started = time.monotonic()
        with log.open("w") as out:
            subprocess.run(  # noqa: S603
                command,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                timeout=options["seconds"] + 120,
                check=False,
            )
        if not samples_file.exists():
            raise CommandError(f"locust wrote no samples; see {log}")
        self.say(f"locust ran {time.monotonic() - started:.0f} s")
        return json.loads(samples_file.read_text())["samples"], options["seconds"]

    def report(self, samples, seconds, max_p99):
        by_page = defaultdict(list)
        errors = defaultdict(int)
        for name, ms, status, expected in samples:
            by_page[name].append(ms)
            if status != expected:
                errors[f"{name}: {status or 'timeout/refused'}"] += 1
        for name in sorted(by_page):
            times = sorted(by_page[name])
            self.stdout.write(
                f"page {name.replace(' ', '_')} requests={len(times)} "
                f"p50_ms={percentile(times, 0.50):.0f} "
                f"p95_ms={percentile(times, 0.95):.0f} "
                f"max_ms={times[-1]:.0f}"
            )
        for what, count in sorted(errors.items()):
            self.stdout.write(f"error {what} count={count}")
        times = sorted(ms for _, ms, _, _ in samples)
        p99 = percentile(times, 0.99)
        load1, load5, _ = os.getloadavg()
        self.stdout.write(
            f"machine cores={os.cpu_count()} load_average_1m={load1:.1f} "
            f"load_average_5m={load5:.1f}"
        )
        self.stdout.write(
            f"load requests_per_s={len(times) / seconds:.1f} "
            f"p50_ms={percentile(times, 0.50):.0f} "
            f"p95_ms={percentile(times, 0.95):.0f} p99_ms={p99:.0f} "
            f"errors={sum(errors.values())}"
        )
        if errors:
            raise CommandError(f"{sum(errors.values())} requests failed")
        if p99 > max_p99:
            raise CommandError(f"p99 {p99:.0f} ms is above {max_p99:.0f} ms")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
