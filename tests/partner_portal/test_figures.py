"""The office's program figures: every number is what the database holds, and its
link opens the list that shows exactly those rows."""

import datetime
from urllib.parse import urlsplit

import pytest
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone, translation

from certificates.models import Certificate
from industries.models import Cluster, IndustrialArea, ProblemRequest
from partner_portal.figures import Scope, compute_all, scope_for
from partner_portal.models import FieldOfStudy
from placements.models import Placement
from teams.models import Enrolment
from tests import factories

pytestmark = pytest.mark.django_db

P = ProblemRequest.Status


@pytest.fixture
def program(full_world):
    """The full world, with enrolments in every state over two rounds, problems in
    several clusters, towns and states, and certificates issued in two months."""
    world = full_world
    other_round = factories.RoundFactory(
        starts_on=datetime.date(2025, 9, 23), ends_on=datetime.date(2026, 2, 19)
    )
    fields = list(FieldOfStudy.objects.order_by("pk")[:3])
    for i, status in enumerate(Enrolment.Status.values * 2):
        factories.EnrolmentFactory(
            status=status,
            round=world.objects["round"] if i % 3 else other_round,
            student=factories.StudentFactory(field=fields[i % 3]),
        )
    clusters = list(Cluster.objects.order_by("pk")[:2])
    areas = list(IndustrialArea.objects.order_by("pk")[:3])
    for i, status in enumerate([P.SUBMITTED, P.APPROVED, P.CLOSED, P.ASSIGNED] * 3):
        factories.ProblemFactory(
            status=status,
            unit=factories.UnitFactory(cluster=clusters[i % 2], area=areas[i % 3]),
            submitted_at=timezone.now() - datetime.timedelta(days=400 * (i % 2)),
        )
    issued = Certificate.objects.filter(status=Certificate.Status.ISSUED)
    for i, certificate in enumerate(issued):
        Certificate.objects.filter(pk=certificate.pk).update(
            issued_at=timezone.now() - datetime.timedelta(days=35 * (i % 2))
        )
    return world


def scopes(world):
    return [Scope(), scope_for(world.objects["round"].pk)]


def rows_behind(client, url, hours=False):
    """How many rows the list at ``url`` shows (its own count), or for ``hours``
    the internship credit of the certificates it lists."""
    response = client.get(url)
    assert response.status_code == 200, url
    context = response.context
    path = urlsplit(url).path
    if path == reverse("placements:board"):
        fragment = urlsplit(url).fragment
        if fragment.startswith("finished-"):
            status = fragment.removeprefix("finished-")
            return next(n for s, n in context["finished"] if s == status)
        if fragment:
            status = fragment.removeprefix("column-")
            return next(len(items) for s, items in context["columns"] if s == status)
        opened = sum(len(items) for _status, items in context["columns"])
        return opened + sum(n for _status, n in context["finished"])
    if path == reverse("certificates:certificates"):
        if hours:
            return context["filter"].qs.aggregate(h=Sum("credit_hours"))["h"]
        return context["counts"]["total"]
    return context["page_obj"].paginator.count


@pytest.mark.parametrize("language", ["fa", "en"])
def test_every_counted_figure_links_to_a_list_of_exactly_its_rows(
    program, client, language
):
    client.force_login(program.person("iro"))
    checked = 0
    with translation.override(language):
        for scope in scopes(program):
            for figure, data in compute_all(scope):
                if figure.decimals:
                    continue
                for series in data.series:
                    for value, link in zip(series.values, series.links, strict=True):
                        if figure.key == "overdue-placements":
                            # One board of the overdue, whatever the step.
                            assert rows_behind(client, link) == data.headline
                        else:
                            hours = figure.key == "credit-hours-by-field"
                            assert rows_behind(client, link, hours) == value, (
                                figure.key,
                                link,
                            )
                        checked += 1
    assert checked > 40


def test_the_figures_are_the_database_counts(program):
    round_ = program.objects["round"]
    figures = dict(compute_all(Scope()))
    by_key = {figure.key: data for figure, data in figures.items()}

    states = by_key["enrolments-by-state"]
    assert states.series[0].values == [
        Enrolment.objects.filter(status=status).count()
        for status in Enrolment.Status.values
    ]
    in_round = dict(compute_all(scope_for(round_.pk)))
    in_round = {figure.key: data for figure, data in in_round.items()}
    assert in_round["enrolments-by-state"].series[0].values == [
        Enrolment.objects.filter(status=status, round=round_).count()
        for status in Enrolment.Status.values
    ]

    clusters = by_key["problems-by-cluster"]
    for series, status in zip(
        clusters.series, [P.SUBMITTED, P.APPROVED, P.ASSIGNED, P.CLOSED], strict=True
    ):
        for label, value in zip(clusters.labels, series.values, strict=True):
            cluster = Cluster.objects.get(name_fa=label)
            assert (
                value
                == ProblemRequest.objects.filter(
                    unit__cluster=cluster, status=status
                ).count()
            )

    stages = by_key["placements-by-stage"]
    assert (
        stages.headline
        == Placement.objects.exclude(status=Placement.Status.CANCELLED).count()
    )

    issued = Certificate.objects.filter(status=Certificate.Status.ISSUED)
    assert by_key["certificates-per-month"].headline == issued.count()
    assert sum(by_key["certificates-per-month"].series[0].values) == issued.count()
    assert by_key["credit-hours-by-field"].headline == (
        issued.aggregate(hours=Sum("credit_hours"))["hours"] or 0
    )


def test_months_are_jalali_in_persian_and_gregorian_in_english(program):
    with translation.override("fa"):
        fa = {f.key: d for f, d in compute_all(Scope())}["certificates-per-month"]
    with translation.override("en"):
        en = {f.key: d for f, d in compute_all(Scope())}["certificates-per-month"]
    assert fa.labels and en.labels
    jalali_months = ["فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
                     "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند"]  # fmt: skip
    assert all(label.split()[0] in jalali_months for label in fa.labels)
    assert all(label.split()[-1].isascii() for label in en.labels)


def test_the_page_draws_a_chart_per_figure_and_filters_by_round(program, client):
    client.force_login(program.person("iro"))
    round_ = program.objects["round"]
    response = client.get(reverse("figures"), {"round": round_.pk})
    assert response.status_code == 200
    html = response.content.decode()
    for figure, data in response.context["figures"]:
        if not data.empty:
            assert f'id="figure-{figure.key}"' in html
            assert f'id="{figure.key}-data"' in html
    assert response.context["scope"].round_id == round_.pk
    assert "chart.umd.min.js" in html

    unknown = client.get(reverse("figures"), {"round": "999999"})
    assert unknown.status_code == 200
    assert unknown.context["scope"].all_time
    assert unknown.context["form"].errors


def test_only_the_office_sees_the_figures(program, client):
    for persona in ("student", "manager", "supervisor"):
        client.force_login(program.person(persona))
        assert client.get(reverse("figures")).status_code == 403


def test_cached_figures_change_as_soon_as_the_program_does(program, settings):
    settings.PORTAL = {**settings.PORTAL, "FIGURES_CACHE_SECONDS": 300}

    def applied():
        data = {f.key: d for f, d in compute_all(Scope())}["enrolments-by-state"]
        return data.series[0].values[0]

    before = applied()
    assert applied() == before  # from the cache
    factories.EnrolmentFactory(status=Enrolment.Status.APPLIED)
    assert applied() == before + 1


def test_the_figures_are_counted_without_a_cache(program, settings):
    """A cache that cannot be reached costs the page its speed, not its figures."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    # (Changing CACHES makes Django open the unreachable cache from now on.)
    data = {f.key: d for f, d in compute_all(Scope())}["enrolments-by-state"]
    assert (
        data.series[0].values[0]
        == Enrolment.objects.filter(status=Enrolment.Status.APPLIED).count()
    )
