"""Benchmark certificate rendering through the real task path: PostgreSQL, Redis and a
real ``celery worker`` (prefork, two processes) that claims, renders, stores and
issues each certificate.

Prints one line::

    certificates n=200 seconds=<s> per_cert_ms=<ms> bare_ms=<ms> ratio=<r>
        pdf_kb=<kb> rss_growth_mb_per_1000=<mb>

- ``seconds``: wall time from the first rendering task published (the supervisor
  signs the 200 at once; the tasks go out when that commits) to the last certificate
  issued (the latest ``issued_at``).
- ``per_cert_ms``: the median, over the 200, of the time inside the task from the
  claim to the issue: the ``signed → rendering`` audit row (written by the claim) to
  the ``rendering → issued`` one (written by the issue). It covers reading the
  certificate, building the HTML and QR code, WeasyPrint, hashing, writing the file
  (with fsync) and the issuing UPDATE, while the other worker process renders too.
- ``bare_ms``: the median of ``HTML(string=...).write_pdf()`` of 60 of the same
  certificates' HTML with the shared font configuration and parsed stylesheet
  (``certificates.pdf.render_html``), timed in this process while the worker is
  idle (no CPU used for half a second: the e-mails of the last issues have gone
  out), a third just before the timed run, a third just after it and a third after
  the memory rounds. ``ratio`` is ``per_cert_ms / bare_ms``.
- ``pdf_kb``: the largest of the 200 PDFs (a fifth have the longest titles).
- ``rss_growth_mb_per_1000``: the worker's memory over 1,000 renderings. After the
  timed run (about 100 renderings per worker process, warm-up included) the resident
  memory of the two worker processes is read from /proc; the office then has the
  200 rendered again four times (800 more renderings, the batch "render again"), and
  it is read again. The growth of the two processes' sum, per 1,000 renderings.

Targets (issue): ratio ≤ 1.3, seconds ≤ 8, pdf_kb ≤ 60, memory flat. The line is
printed whatever the numbers; the command exits 1 only when a certificate was not
issued, or was issued more than once per rendering asked for.

Everything happens in a throwaway database, ``<DATABASE_URL's name>_bench_certificates``
on the same server (made, migrated and dropped by the command; an earlier run's left
over is replaced), with PDFs written to a temporary directory and tasks on a private
queue. The worker runs with DEBUG off (as in production: with DEBUG on, Django keeps
every query and the worker grows) and its e-mails go nowhere (the dummy backend;
the in-memory one would keep them all and grow the worker).
"""

import datetime
import re
import secrets
import shutil
import statistics
import tempfile
import time
from collections import Counter
from pathlib import Path

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from partner_portal.benchmarking import require_services, stop_worker
from partner_portal.benchmarking import start_worker as shared_start_worker

N = 200
WARM_UP = 8
AGAIN = 4  # times the office has the 200 rendered again, for the memory figure
TIMEOUT = 300  # seconds to wait for a round of renderings
BARE_SAMPLES = 60  # in three parts, at three moments
DOMAIN = "bench-certificates.invalid"

TITLES = [
    "کاهش ضایعات خط تولید پرس",
    "بهینه‌سازی مصرف انرژی کوره‌های پخت کاشی",
    "پایش برخط لرزش پمپ‌های ایستگاه آب با حسگرهای IoT",
    "طراحی سامانهٔ زمان‌بندی تعمیرات پیشگیرانه",
    (
        "طراحی و پیاده‌سازی سامانهٔ هوشمند پایش برخط کیفیت آب آشامیدنی در شبکهٔ "
        "توزیع شهری با استفاده از حسگرهای کم‌هزینه، یادگیری ماشین و اینترنت اشیا "
        "به‌منظور کاهش هدررفت، بهبود ایمنی سلامت عمومی و پیش‌بینی خرابی لوله‌ها "
        "و تجهیزات در مناطق پرجمعیت"
    ),
]
FIRST = ["علی", "زهرا", "محمد", "فاطمه", "حسین", "مریم", "رضا", "سارا", "امیر", "نرگس"]
LAST = ["احمدی", "رضایی", "موسوی", "کاظمی", "حسینی‌نژاد", "جعفری", "میرحسینی طباطبایی"]


class Command(BaseCommand):
    help = "Render 200 certificates through the real worker and print one line."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--worker-log", help="keep a copy of the worker's log in this file"
        )

    def handle(self, *args, **options):
        self.verbose = options["verbosity"] >= 2
        self.keep_log = options["worker_log"]
        require_services("bench_certificates", "<name>_bench_certificates")
        self.queue = f"bench-certificates-{secrets.token_hex(4)}"
        self.task_ids = []
        self.worker = None
        media = Path(tempfile.mkdtemp(prefix="bench-certificates-"))
        original_name = connection.settings_dict["NAME"]
        connection.settings_dict["TEST"]["NAME"] = f"{original_name}_bench_certificates"
        self.say(f"throwaway database {connection.settings_dict['TEST']['NAME']}")
        try:
            connection.creation.create_test_db(
                verbosity=0, autoclobber=True, serialize=False
            )
        except Exception as error:
            raise CommandError(
                "Could not make the throwaway database "
                f"{connection.settings_dict['TEST']['NAME']}: {error}"
            ) from error
        try:
            line, problems = self.run_bench(media)
        finally:
            self.clean_up(media, original_name)
        self.stdout.write(line)
        if problems:
            raise CommandError("; ".join(problems))

    def say(self, message):
        if self.verbose:
            self.stderr.write(f"  {message}")

    # --- The run ----------------------------------------------------------------

    def run_bench(self, media):
        from celery.signals import before_task_publish

        from partner_portal.celery import app

        app.conf.task_default_queue = self.queue
        app.conf.task_always_eager = False
        first_publish = []

        def published(sender=None, headers=None, **kwargs):
            if sender == "certificates.tasks.render_certificate":
                first_publish.append(timezone.now())
                self.task_ids.append(headers["id"])

        before_task_publish.connect(published, weak=False)
        world = make_world()
        self.worker = start_worker(self.queue, media)
        self.say(f"worker {self.worker.pid} ready on {self.queue}")

        self.warm_up(world)
        certificates = make_certificates(world, world.round, N, offset=WARM_UP * 3)
        ids = [c.pk for c in certificates]
        # The bare renderings in three parts: just before the timed run, just after
        # it and after the memory rounds. A machine's speed drifts (this one has
        # slow spells of a few seconds), and the ratio compares like with like.
        pages = certificate_pages(ids)
        part = BARE_SAMPLES // 3
        self.worker.wait_idle()
        bare = [bare_render_ms(pages[:part])]
        first_publish.clear()
        from certificates.services import certificates_sign_all

        certificates_sign_all(actor=world.supervisor)
        finished = wait_issued(ids, issues=1, worker=self.worker)
        problems = issue_problems(ids, expected=1)
        started = first_publish[0] if first_publish else timezone.now()
        last = last_issued(ids)
        seconds = ((last or timezone.now()) - started).total_seconds()
        per_cert = claim_to_issue_ms(ids)
        sizes = pdf_sizes(media, certificates)
        self.worker.wait_idle()  # the e-mails of the last issues go out first
        bare.append(bare_render_ms(pages[part : 2 * part]))
        self.say(f"{N} issued in {seconds:.2f}s, median {per_cert:.1f} ms")

        self.renders_asked = 1
        rss_growth = self.memory_growth(world, ids) if finished else "nan"
        self.worker.wait_idle()
        bare.append(bare_render_ms(pages[2 * part :]))
        self.worker.stop()
        self.say("bare parts " + ", ".join(f"{statistics.median(b):.1f}" for b in bare))
        bare = statistics.median([ms for times in bare for ms in times])
        if finished:
            problems += issue_problems(ids, expected=self.renders_asked)
        line = (
            f"certificates n={N} seconds={seconds:.2f} per_cert_ms={per_cert:.1f} "
            f"bare_ms={bare:.1f} ratio={per_cert / bare:.2f} "
            f"pdf_kb={max(sizes, default=0) / 1024:.1f} "
            f"rss_growth_mb_per_1000={rss_growth}"
        )
        return line, problems

    def warm_up(self, world):
        """A few certificates first, until both worker processes have rendered one:
        the first rendering of a process loads WeasyPrint and the fonts (about a
        second), which a running worker has long done."""
        from certificates.services import certificates_sign_all

        for attempt in range(3):
            warm = make_certificates(
                world, world.warm_up_round, WARM_UP, offset=WARM_UP * attempt
            )
            certificates_sign_all(actor=world.supervisor)
            if not wait_issued([c.pk for c in warm], issues=1, worker=self.worker):
                raise CommandError("The warm-up certificates were not issued.")
            if len(self.worker.processes_that_rendered()) >= 2:
                return

    def memory_growth(self, world, ids):
        from certificates.models import Certificate
        from certificates.services import certificates_batch_request

        before = self.worker.child_rss()
        rendered_before = Certificate.objects.filter(pk__in=ids).count()
        for _ in range(AGAIN):
            certificates_batch_request(round=world.round, actor=world.iro, again=True)
            self.renders_asked += 1
            if not wait_issued(ids, issues=self.renders_asked, worker=self.worker):
                return "nan"
        after = self.worker.child_rss()
        if set(before) != set(after) or len(before) < 2:
            return "nan"  # a worker process was replaced: no like-for-like figure
        rendered = AGAIN * rendered_before
        growth_kb = sum(after.values()) - sum(before.values())
        self.say(f"worker processes {before} → {after} (kB) over {rendered}")
        return f"{growth_kb / 1024 / rendered * 1000:.1f}"

    def worker_log(self):
        return self.worker.log() if self.worker is not None else ""

    def clean_up(self, media, original_name):
        from partner_portal.celery import app

        if self.worker is not None:
            self.worker.stop()
            if self.keep_log:
                shutil.copyfile(self.worker.log_path, self.keep_log)
            if self.verbose or self.worker.failed:
                self.stderr.write(self.worker.log()[-4000:])
        try:
            # The renderings this process queued, and the e-mails the worker did.
            logged = re.findall(r"Task [\w.]+\[([0-9a-f-]{36})\]", self.worker_log())
            for task_id in {*self.task_ids, *logged}:
                app.AsyncResult(task_id).forget()
            client = app.connection_for_write().channel().client
            client.delete(f"_kombu.binding.{self.queue}", self.queue)
        except Exception as error:  # noqa: BLE001 (clean-up goes on)
            self.stderr.write(f"could not remove the task results: {error}")
        connection.close()
        connection.creation.destroy_test_db(original_name, verbosity=0)
        shutil.rmtree(media, ignore_errors=True)


# --- Services --------------------------------------------------------------------


class Worker:
    """``celery worker`` in its own process group, logging to a file."""

    def __init__(self, process, log_path):
        self.process = process
        self.pid = process.pid
        self.log_path = log_path
        self.failed = False

    def log(self):
        return self.log_path.read_text(errors="replace")

    def children(self):
        pids = []
        for task in Path(f"/proc/{self.pid}/task").glob("*"):
            try:
                pids += [int(p) for p in (task / "children").read_text().split()]
            except OSError:
                continue
        return pids

    def child_rss(self):
        """Resident memory (kB) of each worker process, by pid."""
        rss = {}
        for pid in self.children():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)
            if match:
                rss[pid] = int(match.group(1))
        return rss

    def cpu_ticks(self):
        ticks = 0
        for pid in [self.pid, *self.children()]:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            ticks += int(fields[11]) + int(fields[12])  # utime + stime
        return ticks

    def wait_idle(self, quiet=0.5, timeout=30):
        """Wait until the worker has used no CPU for ``quiet`` seconds (its queue
        is empty: with prefetching, a queued task keeps it busy) and the machine is
        quiet too (PostgreSQL vacuums after the runs' writes): at most 10% busy."""
        deadline = time.monotonic() + timeout
        before, machine = self.cpu_ticks(), machine_ticks()
        while time.monotonic() < deadline:
            time.sleep(quiet)
            now, machine_now = self.cpu_ticks(), machine_ticks()
            busy = machine_now[0] - machine[0]
            total = machine_now[1] - machine[1]
            if now - before <= 1 and busy <= 0.1 * max(total, 1):
                return True
            before, machine = now, machine_now
        return False

    def processes_that_rendered(self):
        return set(
            re.findall(
                r"/(ForkPoolWorker-\d+)\] Task certificates\.tasks\.render_certificate"
                r"\[[^\]]+\] succeeded",
                self.log(),
            )
        )

    def stop(self, timeout=30):
        stop_worker(self.process, timeout)


def machine_ticks():
    """(busy, total) CPU ticks of the whole machine so far."""
    fields = [
        int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    ]
    idle = fields[3] + fields[4]  # idle + iowait
    return sum(fields) - idle, sum(fields)


def start_worker(queue, media, ready_timeout=60):
    process = shared_start_worker(
        queue, media, concurrency=2, ready_timeout=ready_timeout
    )
    return Worker(process, media / "worker.log")


# --- Data --------------------------------------------------------------------------


class World:
    pass


def make_world():
    """A supervisor, an office clerk, a unit and two closed rounds, in the
    throwaway database."""
    from industries.models import Cluster, IndustrialArea, IndustrialUnit
    from partner_portal.models import FieldOfStudy, User
    from teams.models import Professor, Round

    world = World()
    today = timezone.localdate()
    world.fields = list(FieldOfStudy.objects.all()) or [
        FieldOfStudy.objects.create(
            slug="computer", name_fa="مهندسی کامپیوتر", name_en="Computer Engineering"
        )
    ]
    world.supervisor = User.objects.create(
        email=f"supervisor@{DOMAIN}",
        full_name="دکتر علی‌اکبر رضایی",
        is_professor=True,
        password=make_password(None),
    )
    world.professor = Professor.objects.create(
        user=world.supervisor, department="دانشکده مهندسی کامپیوتر"
    )
    world.iro = User.objects.create(
        email=f"office@{DOMAIN}",
        full_name="دفتر ارتباط با صنعت",
        is_iro_staff=True,
        password=make_password(None),
    )
    world.unit = IndustrialUnit.objects.create(
        name="شرکت لوازم خانگی پارس قم",
        area=IndustrialArea.objects.first(),
        cluster=Cluster.objects.first(),
        introduced_by=IndustrialUnit.Introduction.MINISTRY,
        referral_number="۱۴۰۵/۱۲",
        referral_date=today,
    )
    world.round, world.warm_up_round = (
        Round.objects.create(
            name_fa=name_fa,
            name_en=name_en,
            starts_on=today,
            ends_on=today,
            status=Round.Status.CLOSED,
        )
        for name_fa, name_en in [
            ("پاییز ۱۴۰۵", "Autumn 2026"),
            ("گرم‌کردن", "Warm-up"),
        ]
    )
    return world


def make_certificates(world, round_, count, *, offset):
    """``count`` certificates awaiting the supervisor's signature, four to a
    completed placement, for new students."""
    from certificates.models import Certificate
    from industries.models import ProblemRequest
    from partner_portal.models import User
    from placements.models import Placement
    from teams.models import Student, Team

    now = timezone.now()
    today = timezone.localdate()
    start = today - datetime.timedelta(weeks=8)
    users = User.objects.bulk_create(
        User(
            email=f"student{offset + i}.{round_.pk}@{DOMAIN}",
            full_name=f"{FIRST[i % len(FIRST)]} {LAST[(i // 3) % len(LAST)]}",
            is_student=True,
            password=make_password(None),
        )
        for i in range(count)
    )
    students = Student.objects.bulk_create(
        Student(
            user=user,
            student_number=f"40{round_.pk % 10}{offset + i:06d}",
            field=world.fields[i % len(world.fields)],
            level="bsc",
            entry_year=1402,
        )
        for i, user in enumerate(users)
    )
    placements = []
    for team_number in range((count + 3) // 4):
        title = TITLES[(offset // 4 + team_number) % len(TITLES)]
        problem = ProblemRequest.objects.create(
            unit=world.unit,
            title=title[: ProblemRequest._meta.get_field("title").max_length],
            description="—",
            status=ProblemRequest.Status.ASSIGNED,
        )
        team = Team.objects.create(
            round=round_,
            problem=problem,
            supervisor=world.professor,
            status=Team.Status.COMPLETED,
        )
        placements.append(
            Placement.objects.create(
                team=team, status=Placement.Status.COMPLETED, completed_at=now
            )
        )
    return Certificate.objects.bulk_create(
        Certificate(
            placement=placements[i // 4],
            student=student,
            credit_hours=80 + (i * 7) % 160,
            student_name=student.user.full_name,
            student_number=student.student_number,
            field_fa=student.field.name_fa,
            field_en=student.field.name_en,
            problem_title=placements[i // 4].team.problem.title,
            unit_name=world.unit.name,
            supervisor_name=world.supervisor.full_name,
            round_fa=round_.name_fa,
            round_en=round_.name_en,
            period_start=start,
            period_end=today,
        )
        for i, student in enumerate(students)
    )


# --- Measures ----------------------------------------------------------------------


def issues_by_certificate(ids):
    from certificates.models import Certificate
    from partner_portal.models import AuditEvent

    return Counter(
        AuditEvent.objects.filter(
            target_type__model="certificate",
            target_id__in=ids,
            from_state=Certificate.Status.RENDERING,
            to_state=Certificate.Status.ISSUED,
        ).values_list("target_id", flat=True)
    )


def wait_issued(ids, *, issues, worker):
    """Wait until every certificate is issued for the ``issues``-th time; False
    after TIMEOUT seconds or when the worker is gone."""
    from certificates.models import Certificate

    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline and worker.process.poll() is None:
        with transaction.atomic():
            done = Certificate.objects.filter(
                pk__in=ids, status=Certificate.Status.ISSUED
            ).count()
            counts = issues_by_certificate(ids) if done == len(ids) else {}
        if done == len(ids) and all(counts.get(pk, 0) >= issues for pk in ids):
            return True
        time.sleep(0.05)
    return False


def last_issued(ids):
    from django.db.models import Max

    from certificates.models import Certificate

    return Certificate.objects.filter(pk__in=ids).aggregate(last=Max("issued_at"))[
        "last"
    ]


def claim_to_issue_ms(ids):
    """Median time from each certificate's first claim to its first issue."""
    from certificates.models import Certificate
    from partner_portal.models import AuditEvent

    events = AuditEvent.objects.filter(
        target_type__model="certificate", target_id__in=ids
    ).order_by("created_at", "pk")
    claimed, issued = {}, {}
    for event in events.values("target_id", "to_state", "created_at"):
        if event["to_state"] == Certificate.Status.RENDERING:
            claimed.setdefault(event["target_id"], event["created_at"])
        elif event["to_state"] == Certificate.Status.ISSUED:
            issued.setdefault(event["target_id"], event["created_at"])
    spans = [
        (issued[pk] - claimed[pk]).total_seconds() * 1000
        for pk in ids
        if pk in claimed and pk in issued
    ]
    return statistics.median(spans) if spans else float("nan")


def pdf_sizes(media, certificates):
    """Sizes of the certificates' first PDFs (named after their codes)."""
    sizes = []
    for certificate in certificates:
        found = list(media.glob(f"certificates/*/{certificate.code}-*.pdf"))
        sizes += [path.stat().st_size for path in found[:1]]
    return sizes


def issue_problems(ids, *, expected):
    counts = issues_by_certificate(ids)
    problems = []
    missing = [pk for pk in ids if counts.get(pk, 0) < expected]
    doubled = [pk for pk in ids if counts.get(pk, 0) > expected]
    if missing:
        problems.append(
            f"{len(missing)} of {len(ids)} certificates were not issued "
            f"(rendering {expected} of them, {TIMEOUT}s at most each time)"
        )
    if doubled:
        problems.append(
            f"{len(doubled)} certificates were issued twice for one rendering asked"
        )
    return problems


def certificate_pages(ids):
    """The HTML of some of the certificates, as the worker renders them."""
    from certificates import pdf
    from certificates.models import Certificate

    certificates = Certificate.objects.filter(pk__in=ids).order_by("pk")
    return [pdf.certificate_html(c) for c in certificates[:BARE_SAMPLES]]


def bare_render_ms(pages):
    """Times (ms) of a bare WeasyPrint rendering of each page in this process, with
    the shared font configuration and parsed stylesheet."""
    from certificates import pdf

    for html in pages[:3]:
        pdf.render_html(html)  # load WeasyPrint and the fonts first
    times = []
    for html in pages:
        started = time.perf_counter()
        pdf.render_html(html)
        times.append((time.perf_counter() - started) * 1000)
    return times
