"""Server CPU per request of every page the program's people use, as a ratio to
``/healthz/``, on province-scale data, served as in production.

The portal runs under gunicorn (``gunicorn.conf.py`` when there is one) with DEBUG
off and hashed static files; the command asks each page in turns (so whatever else
the machine does weighs on every page alike), and reads the CPU time the web
workers and the database's backends spent on it from their counters
(``/proc/<pid>/stat``), not the wall clock: a busy machine slows every request but
does not change the work one costs. Each line:

    page <name> cpu_ms=<ms per request> ratio=<× /healthz/> queries=<n>

The query count comes from the same request made in this process. The command fails
when a page is over ``--limit`` (12×; searches ``--search-limit``, 15×).
"""

import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone, translation

from industries.models import IndustrialUnit, ProblemRequest, UnitManager
from partner_portal.models import User
from teams.models import Enrolment, Round

from .seed_scale import DOMAIN, ROUND_NAME

TICKS = os.sysconf("SC_CLK_TCK")
BASE_DIR = Path(settings.BASE_DIR)


@dataclass
class Target:
    name: str
    url: str
    persona: str  # "", "iro", "manager", "professor", "student"
    search: bool = False


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def cpu_seconds(pid):
    """User + system CPU of one process so far (0 when it has gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return 0.0
    # After the command name: state is fields[0]; utime, stime are the 14th and
    # 15th fields of the line, 12th and 13th after it.
    return (int(fields[11]) + int(fields[12])) / TICKS


def children(pid):
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except (FileNotFoundError, ProcessLookupError):
                continue
            if int(stat[1]) == pid:
                found.append(int(entry.name))
    return found


class Command(BaseCommand):
    help = (
        "Server CPU per request of every page (gunicorn, scale data) as a ratio to "
        "/healthz/; fails above the limits."
    )

    def add_arguments(self, parser):
        parser.add_argument("--turns", type=int, default=4)
        parser.add_argument("--per-turn", type=int, default=8)
        parser.add_argument("--limit", type=float, default=12.0)
        parser.add_argument("--search-limit", type=float, default=15.0)
        parser.add_argument("--only", default="", help="comma-separated page names")

    def handle(self, *args, turns, per_turn, limit, search_limit, only, **options):
        if connection.vendor != "postgresql":
            raise CommandError("Set DATABASE_URL to a PostgreSQL database.")
        if not Round.objects.filter(name_en=ROUND_NAME).exists():
            self.stdout.write("No scale data yet: seeding it (about two minutes).")
            call_command("seed_scale")
        cookies = self.sessions()
        targets = self.targets()
        if only:
            wanted = set(only.split(","))
            targets = [t for t in targets if t.name in wanted or t.name == "healthz"]
        queries = self.count_queries(targets, cookies)
        port = free_port()
        server = self.serve(port)
        try:
            self.warm_up(port, targets, cookies)
            cpu = self.measure(port, server.pid, targets, cookies, turns, per_turn)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        self.report(targets, cpu, queries, limit, search_limit, turns * per_turn)

    # --- The people, and what they open -------------------------------------------

    def sessions(self):
        """A logged-in session per persona, made the way login makes one."""
        now = timezone.now()
        iro, _ = User.objects.update_or_create(
            email=f"bench.iro@{DOMAIN}",
            defaults={
                "full_name": "Benchmark IRO",
                "is_iro_staff": True,
                "email_verified_at": now,
            },
        )
        manager = (
            UnitManager.objects.filter(
                status=UnitManager.Status.ACTIVE, unit__email__endswith=f"@{DOMAIN}"
            )
            .select_related("user")
            .order_by("pk")
            .first()
            .user
        )
        professor = User.objects.filter(
            is_professor=True, email__endswith=f"@{DOMAIN}"
        ).first()
        student = (
            Enrolment.objects.filter(
                round__name_en=ROUND_NAME, status=Enrolment.Status.TRAINED
            )
            .select_related("student__user")
            .order_by("pk")
            .first()
            .student.user
        )
        people = {
            "iro": iro,
            "manager": manager,
            "professor": professor,
            "student": student,
        }
        User.objects.filter(pk__in=[p.pk for p in people.values()]).update(
            email_verified_at=now
        )
        engine = import_module(settings.SESSION_ENGINE)
        cookies = {"": ""}
        for persona, user in people.items():
            session = engine.SessionStore()
            session[SESSION_KEY] = str(user.pk)
            session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
            session[HASH_SESSION_KEY] = user.get_session_auth_hash()
            session.create()
            cookies[persona] = f"{settings.SESSION_COOKIE_NAME}={session.session_key}"
        self.people = people
        return cookies

    def targets(self):
        round_ = Round.objects.get(name_en=ROUND_NAME)
        unit = (
            IndustrialUnit.objects.filter(managers__user=self.people["manager"])
            .order_by("pk")
            .first()
        )
        problem = (
            ProblemRequest.objects.filter(status=ProblemRequest.Status.APPROVED)
            .order_by("pk")
            .first()
        )
        own_problem = ProblemRequest.objects.filter(unit=unit).order_by("pk").first()
        enrolment = Enrolment.objects.filter(round=round_).order_by("pk").first()
        enrolments = reverse("teams:enrolment-list")
        problems = reverse("industries:problem-list")
        units = reverse("industries:unit-list")
        catalogue = reverse("industries:catalogue")
        return [
            Target("healthz", reverse("healthz"), ""),
            # The public
            Target("landing", reverse("landing"), ""),
            Target("catalogue", catalogue, ""),
            Target("catalogue-deep", f"{catalogue}?page=40", ""),
            Target("catalogue-search", f"{catalogue}?q=کاشی", "", search=True),
            Target(
                "catalogue-cluster",
                f"{catalogue}?cluster={problem.unit.cluster_id}",
                "",
            ),
            Target(
                "catalogue-detail",
                reverse("industries:catalogue-detail", args=[problem.pk]),
                "",
            ),
            Target("login", reverse("login"), ""),
            Target("verify", reverse("certificates:verify"), ""),
            # The office
            Target("iro-dashboard", reverse("dashboard-iro"), "iro"),
            Target("iro-figures", reverse("figures"), "iro"),
            Target("enrolments", f"{enrolments}?round={round_.pk}", "iro"),
            Target(
                "enrolments-deep", f"{enrolments}?round={round_.pk}&page=200", "iro"
            ),
            Target(
                "enrolments-search",
                f"{enrolments}?round={round_.pk}&q=رضا",
                "iro",
                search=True,
            ),
            Target(
                "enrolments-by-name",
                f"{enrolments}?round={round_.pk}&order=name",
                "iro",
            ),
            Target(
                "enrolments-applied",
                f"{enrolments}?round={round_.pk}&status=applied",
                "iro",
            ),
            Target(
                "enrolment-detail",
                reverse("teams:enrolment-detail", args=[enrolment.pk]),
                "iro",
            ),
            Target("review-queue", f"{problems}?status=submitted", "iro"),
            Target("problems-deep", f"{problems}?status=approved&page=100", "iro"),
            Target("units", units, "iro"),
            Target("units-search", f"{units}?q=سنگ", "iro", search=True),
            Target(
                "unit-detail", reverse("industries:unit-detail", args=[unit.pk]), "iro"
            ),
            Target("sessions", reverse("teams:session-list"), "iro"),
            Target("professors", reverse("teams:professor-list"), "iro"),
            Target("rounds", reverse("teams:round-list"), "iro"),
            Target("board", reverse("placements:board"), "iro"),
            Target("certificates", reverse("certificates:certificates"), "iro"),
            Target("join-requests", reverse("industries:join-request-list"), "iro"),
            Target("meetings", reverse("industries:meeting-list"), "iro"),
            # A manager
            Target("manager-dashboard", reverse("dashboard-manager"), "manager"),
            Target("manager-problems", problems, "manager"),
            Target(
                "manager-problem",
                reverse("industries:problem-detail", args=[own_problem.pk]),
                "manager",
            ),
            Target("manager-units", units, "manager"),
            # A professor
            Target("professor-dashboard", reverse("dashboard-professor"), "professor"),
            Target(
                "professor-profile", reverse("teams:professor-profile"), "professor"
            ),
            # A student
            Target("student-dashboard", reverse("dashboard-student"), "student"),
            Target("training", reverse("teams:training"), "student"),
            Target("my-choices", reverse("teams:my-interests"), "student"),
            Target("notifications", reverse("notifications"), "student"),
        ]

    # --- Serving and measuring ----------------------------------------------------

    def server_env(self, port):
        return {
            **os.environ,
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_COOKIES": "false",
            "DJANGO_SETTINGS_MODULE": "partner_portal.settings",
        }

    def serve(self, port):
        env = self.server_env(port)
        subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            cwd=BASE_DIR,
            env=env,
            check=True,
        )
        command = [
            str(Path(sys.executable).with_name("gunicorn")),
            "partner_portal.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
        ]
        config = BASE_DIR / "gunicorn.conf.py"
        if config.exists():
            command += ["--config", str(config)]
        else:
            command += ["--workers", "2"]
        server = subprocess.Popen(command, cwd=BASE_DIR, env=env)  # noqa: S603
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                self.get(port, reverse("healthz"), "")
                return server
            except OSError:
                time.sleep(0.2)
        server.kill()
        raise CommandError("gunicorn did not answer within 30 s")

    def get(self, port, url, cookie):
        request = urllib.request.Request(  # noqa: S310 (loopback, our own server)
            f"http://127.0.0.1:{port}{quote(url, safe='/?&=')}",
            headers={"Cookie": cookie} if cookie else {},
        )
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            body = response.read()
            if response.status != 200:
                raise CommandError(f"{url} answered {response.status}")
            return body

    def warm_up(self, port, targets, cookies):
        for _ in range(3):
            for target in targets:
                self.get(port, target.url, cookies[target.persona])

    def server_pids(self, master):
        workers = children(master)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pid FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            backends = [row[0] for row in cursor.fetchall()]
        return workers + backends

    def measure(self, port, master, targets, cookies, turns, per_turn):
        spent = {target.name: 0.0 for target in targets}
        for _ in range(turns):
            for target in targets:
                before = {pid: cpu_seconds(pid) for pid in self.server_pids(master)}
                for _ in range(per_turn):
                    self.get(port, target.url, cookies[target.persona])
                after = {pid: cpu_seconds(pid) for pid in self.server_pids(master)}
                spent[target.name] += sum(
                    after[pid] - before.get(pid, 0.0) for pid in after
                )
        return {name: total / (turns * per_turn) for name, total in spent.items()}

    def count_queries(self, targets, cookies):
        clients = {}
        for persona, user in self.people.items():
            clients[persona] = Client()
            clients[persona].force_login(user)
        clients[""] = Client()
        counts = {}
        with (
            override_settings(DEBUG=False, ALLOWED_HOSTS=["testserver"]),
            translation.override(settings.LANGUAGE_CODE),
        ):
            for target in targets:
                client = clients[target.persona]
                client.get(target.url, secure=True)
                with CaptureQueriesContext(connection) as captured:
                    response = client.get(target.url, secure=True)
                if response.status_code != 200:
                    raise CommandError(
                        f"{target.url} answered {response.status_code} in process"
                    )
                counts[target.name] = len(captured)
        return counts

    def report(self, targets, cpu, queries, limit, search_limit, requests):
        baseline = cpu["healthz"]
        if baseline <= 0:
            raise CommandError("No CPU measured for /healthz/: too few requests.")
        over = []
        self.stdout.write(
            f"# {requests} requests a page in turns; CPU of the gunicorn workers and "
            f"the PostgreSQL backends; /healthz/ {baseline * 1000:.2f} ms; "
            f"load average {os.getloadavg()[0]:.1f}"
        )
        for target in targets:
            ratio = cpu[target.name] / baseline
            allowed = search_limit if target.search else limit
            flag = "" if ratio <= allowed else f" over={allowed:g}"
            if flag:
                over.append(target.name)
            self.stdout.write(
                f"page {target.name} cpu_ms={cpu[target.name] * 1000:.2f} "
                f"ratio={ratio:.1f} queries={queries[target.name]}{flag}"
            )
        ratios = [cpu[t.name] / baseline for t in targets[1:]]
        self.stdout.write(
            f"summary pages={len(ratios)} median_ratio={statistics.median(ratios):.1f} "
            f"max_ratio={max(ratios):.1f} over_target={len(over)}"
        )
        if over:
            raise CommandError(f"Over target: {', '.join(over)}")
