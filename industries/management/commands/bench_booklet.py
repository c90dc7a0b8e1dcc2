"""Benchmark the industrial booklet through the real task path: PostgreSQL, Redis and
a real ``celery worker`` process that claims, renders and stores it.

Prints one line::

    booklet problems=500 pages=<n> seconds=<s> pdf_kb=<k>

- 500 approved problems of 50 units spread over every cluster and town or zone,
  each with two or three fields of study, a description of a few hundred
  characters and confidential notes; the units have a phone, an e-mail, an address
  and an active manager.
- The edition timed is the largest: the internal one in Persian (contacts and
  confidential notes, every problem of all time).
- ``seconds``: wall time from the office's request (``booklet_request``, the task
  published when it commits) to the booklet ready in the database, the worker's
  start excluded but its first rendering (loading WeasyPrint and the font) in.
- ``pages`` and ``pdf_kb``: the PDF's page count and size.

Target (issue 12): seconds ≤ 60 on the two-core machine. The line is printed
whatever the numbers; the command exits 1 when the booklet was not made or took
longer than the target.

Everything happens in a throwaway database, ``<DATABASE_URL's name>_bench_booklet``
on the same server (made, migrated and dropped here), with the PDF written to a
temporary directory and the task on a private queue.
"""

import secrets
import shutil
import tempfile
import time
from pathlib import Path

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from partner_portal.benchmarking import require_services, start_worker, stop_worker

N = 500
UNITS = 50
TARGET_SECONDS = 60
TIMEOUT = 300
DOMAIN = "bench-booklet.invalid"

TITLES = [
    "کاهش ضایعات ورق در خط پرس",
    "پایش برخط مصرف انرژی کمپرسورها",
    "افزایش عمر تیغه‌های برش الماسه",
    "کنترل دمای پخت با حسگر و PLC",
    "زمان‌بندی تعمیرات پیشگیرانهٔ خط مونتاژ",
    "طراحی قالب جدید زیره",
    "بسته‌بندی با ماندگاری بیشتر",
    "بازیافت دوغاب و آب صنعتی",
    "پیش‌بینی خرابی موتورهای الکتریکی با داده‌های لرزش",
    "Quality inspection with machine vision",
]
DESCRIPTION = (
    "واحد برای این موضوع به دنبال راهکاری عملی و قابل اجرا در خط تولید است. "
    "داده‌های سه ماه اخیر تولید، توقف‌ها و ضایعات در اختیار تیم قرار می‌گیرد و "
    "انتظار می‌رود تیم پس از بازدید از کارگاه، وضعیت موجود را ارزیابی کند، دو یا "
    "سه راه‌حل با برآورد هزینه و زمان پیشنهاد دهد و راه‌حل برگزیده را همراه با "
    "کارکنان واحد اجرا کند."
)


class Command(BaseCommand):
    help = "Render the booklet of 500 problems through the real worker; one line."
    requires_system_checks = []

    def handle(self, *args, **options):
        self.verbose = options["verbosity"] >= 2
        require_services("bench_booklet", "<name>_bench_booklet")
        queue = f"bench-booklet-{secrets.token_hex(4)}"
        media = Path(tempfile.mkdtemp(prefix="bench-booklet-"))
        original_name = connection.settings_dict["NAME"]
        connection.settings_dict["TEST"]["NAME"] = f"{original_name}_bench_booklet"
        try:
            connection.creation.create_test_db(
                verbosity=0, autoclobber=True, serialize=False
            )
        except Exception as error:
            raise CommandError(
                f"Could not make the throwaway database: {error}"
            ) from error
        worker = None
        try:
            office = make_problems()
            worker = start_worker(queue, media, concurrency=1)
            booklet, seconds = self.run_bench(queue, office)
        finally:
            if worker is not None:
                stop_worker(worker)
                if self.verbose:
                    self.stderr.write((media / "worker.log").read_text()[-3000:])
            connection.close()
            connection.creation.destroy_test_db(original_name, verbosity=0)
            shutil.rmtree(media, ignore_errors=True)
        self.stdout.write(
            f"booklet problems={booklet.problem_count} pages={booklet.page_count} "
            f"seconds={seconds:.1f} pdf_kb={booklet.size / 1024:.0f}"
        )
        if not booklet.is_ready:
            raise CommandError(f"The booklet was not made: {booklet.render_error}")
        if booklet.problem_count != N:
            raise CommandError(f"The booklet holds {booklet.problem_count} problems")
        if seconds > TARGET_SECONDS:
            raise CommandError(f"Slower than the target of {TARGET_SECONDS}s")

    def run_bench(self, queue, office):
        from industries.booklet import booklet_request
        from industries.models import Booklet
        from partner_portal.celery import app

        app.conf.task_default_queue = queue
        app.conf.task_always_eager = False
        started = time.monotonic()
        booklet = booklet_request(actor=office, edition="internal", language="fa")
        deadline = started + TIMEOUT
        while time.monotonic() < deadline:
            booklet.refresh_from_db()
            if booklet.status in (Booklet.Status.READY, Booklet.Status.FAILED):
                break
            time.sleep(0.1)
        seconds = time.monotonic() - started
        return booklet, seconds


# --- Services --------------------------------------------------------------------


# --- Data --------------------------------------------------------------------------


def make_problems():
    """500 approved problems of 50 units over every cluster and town or zone;
    returns the office clerk who asks for the booklet."""
    from industries.models import (
        Cluster,
        IndustrialArea,
        IndustrialUnit,
        ProblemRequest,
        UnitManager,
    )
    from partner_portal.models import FieldOfStudy, User

    areas, clusters = list(IndustrialArea.objects.all()), list(Cluster.objects.all())
    fields = list(FieldOfStudy.objects.all())
    office = User.objects.create(
        email=f"office@{DOMAIN}", full_name="دفتر ارتباط با صنعت",
        is_iro_staff=True, password=make_password(None),
    )  # fmt: skip
    units = IndustrialUnit.objects.bulk_create(
        IndustrialUnit(
            name=f"شرکت صنعتی نمونهٔ {i + 1}", area=areas[i % len(areas)],
            cluster=clusters[i % len(clusters)], introduced_by="direct",
            phone=f"0253{i:07d}", email=f"unit{i}@{DOMAIN}",
            address=f"قم، شهرک صنعتی، خیابان {i + 1}، پلاک {i + 10}",
        )
        for i in range(UNITS)
    )  # fmt: skip
    managers = User.objects.bulk_create(
        User(
            email=f"manager{i}@{DOMAIN}", full_name=f"مدیر واحد {i + 1}",
            is_industry_manager=True, password=make_password(None),
        )
        for i in range(UNITS)
    )  # fmt: skip
    UnitManager.objects.bulk_create(
        UnitManager(unit=u, user=m, position="مدیرعامل", status="active")
        for u, m in zip(units, managers, strict=True)
    )
    problems = ProblemRequest.objects.bulk_create(
        ProblemRequest(
            unit=units[i % UNITS], title=f"{TITLES[i % len(TITLES)]} ({i + 1})",
            description=DESCRIPTION * (1 + i % 3), status="approved",
            desired_team_size=4 + i % 3, duration_weeks=6 + i % 10,
            confidential_notes="قیمت‌های تأمین‌کننده و داده‌های تولید محرمانه است.",
        )
        for i in range(N)
    )  # fmt: skip
    through = ProblemRequest.fields_needed.through
    through.objects.bulk_create(
        through(problemrequest=p, fieldofstudy=fields[(i + k) % len(fields)])
        for i, p in enumerate(problems)
        for k in range(2 + i % 2)
    )
    return office
