"""Median server time of the busiest lists, each as a ratio to a trivial view.

Every request goes through the full middleware stack (Django's test client, in this
process), the pages are measured in turns within one run, and the result is a ratio
to ``/healthz/`` (one ``SELECT 1``), so it says how much heavier a page is than the
cheapest request, whatever the machine.
"""

import statistics
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from partner_portal.models import User
from teams.models import Enrolment, Round

from .seed_scale import DOMAIN, ROUND_NAME


@dataclass
class Target:
    label: str
    url: str
    as_iro: bool


class Command(BaseCommand):
    help = (
        "Benchmark the enrolment queue, the review queue, the office's dashboard and "
        "program figures, the landing page and the public catalogue (lists also "
        "searched)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--iterations", type=int, default=30)
        parser.add_argument("--warmup", type=int, default=3)

    def handle(self, *args, iterations, warmup, **options):
        round_ = Round.objects.filter(name_en=ROUND_NAME).first() or Round.open_round()
        if round_ is None:
            raise CommandError("No data to measure: run `manage.py seed_scale` first.")
        with translation.override(settings.LANGUAGE_CODE):
            targets = self.targets(round_)
        # DEBUG off as in production (no query log); the test client's host allowed.
        with override_settings(DEBUG=False, ALLOWED_HOSTS=["testserver"]):
            clients = self.clients()
            samples = self.measure(targets, clients, iterations, warmup)
            queries = {t.label: self.count_queries(t, clients) for t in targets}
        self.report(round_, targets, samples, queries, iterations)

    def targets(self, round_):
        return [
            Target("trivial view (/healthz/)", reverse("healthz"), False),
            Target(
                "enrolment queue",
                f"{reverse('teams:enrolment-list')}?round={round_.pk}",
                True,
            ),
            Target(
                "enrolment queue search",
                f"{reverse('teams:enrolment-list')}?round={round_.pk}&q=رضا",
                True,
            ),
            Target(
                "problem review queue",
                f"{reverse('industries:problem-list')}?status=submitted",
                True,
            ),
            Target("IRO dashboard", reverse("dashboard-iro"), True),
            Target("program figures (all rounds)", reverse("figures"), True),
            Target(
                "program figures (one round)",
                f"{reverse('figures')}?round={round_.pk}",
                True,
            ),
            Target("landing page", reverse("landing"), False),
            Target("public catalogue", reverse("industries:catalogue"), False),
            Target(
                "catalogue search",
                f"{reverse('industries:catalogue')}?q=کاشی",
                False,
            ),
        ]

    def clients(self):
        iro, _ = User.objects.update_or_create(
            email=f"bench.iro@{DOMAIN}",
            defaults={
                "full_name": "Benchmark IRO",
                "is_iro_staff": True,
                "email_verified_at": timezone.now(),
            },
        )
        staff = Client()
        staff.force_login(iro)
        return {True: staff, False: Client()}

    def fetch(self, target, clients):
        response = clients[target.as_iro].get(target.url, secure=True)
        if response.status_code != 200:
            raise CommandError(f"{target.url} answered {response.status_code}")

    def measure(self, targets, clients, iterations, warmup):
        for _ in range(warmup):
            for target in targets:
                self.fetch(target, clients)
        samples = {target.label: [] for target in targets}
        # In turns, so that whatever else the machine does weighs on every page alike.
        for _ in range(iterations):
            for target in targets:
                started = time.perf_counter()
                self.fetch(target, clients)
                samples[target.label].append(time.perf_counter() - started)
        return samples

    def count_queries(self, target, clients):
        with override_settings(DEBUG=True):
            reset_queries()
            self.fetch(target, clients)
            return len(connection.queries)

    def report(self, round_, targets, samples, queries, iterations):
        medians = {label: statistics.median(times) for label, times in samples.items()}
        baseline = medians[targets[0].label]
        rows = Enrolment.objects.filter(round=round_).count()
        self.stdout.write(
            f"{connection.vendor}, {rows} enrolments in “{round_.name_en}”, "
            f"{iterations} requests per page, measured in turns\n"
        )
        self.stdout.write(
            f"{'page':<28}{'median ms':>10}{'× trivial':>11}{'queries':>9}"
        )
        for target in targets:
            median = medians[target.label]
            self.stdout.write(
                f"{target.label:<28}{median * 1000:>10.1f}"
                f"{median / baseline:>11.1f}{queries[target.label]:>9}"
            )
