import re

import pytest
from django.core.management import call_command

from industries.models import IndustrialUnit, ProblemRequest
from teams.models import Enrolment, Interest, Professor

pytestmark = pytest.mark.django_db

SMALL = {"students": 60, "units": 6, "problems": 40, "professors": 3}


def test_seed_scale_makes_the_numbers_it_is_asked_for_and_replaces_them(capsys):
    call_command("seed_scale", **SMALL)
    call_command("seed_scale", **SMALL)

    assert Enrolment.objects.filter(round__name_en="Scale round").count() == 60
    assert IndustrialUnit.objects.filter(email__endswith="@scale.example").count() == 6
    assert (
        ProblemRequest.objects.filter(unit__email__endswith="@scale.example").count()
        == 40
    )
    assert Professor.objects.filter(user__email__endswith="@scale.example").count() == 3
    trained = Enrolment.objects.filter(status="trained", round__name_en="Scale round")
    assert Interest.objects.filter(enrolment__in=trained).count() == 3 * trained.count()
    assert "removed the previous scale data" in capsys.readouterr().out


def test_the_benchmark_reports_each_page_as_a_ratio_to_the_trivial_view(capsys):
    call_command("seed_scale", **SMALL)
    capsys.readouterr()

    call_command("benchmark_pages", iterations=3, warmup=1)

    out = capsys.readouterr().out
    rows = {
        match[1].strip(): float(match[2])
        for match in re.finditer(
            r"^([^\n\d]+?) +[\d.]+ +([\d.]+) +\d+$", out, re.MULTILINE
        )
    }
    assert set(rows) == {
        "trivial view (/healthz/)",
        "enrolment queue",
        "enrolment queue search",
        "problem review queue",
        "IRO dashboard",
        "program figures (all rounds)",
        "program figures (one round)",
        "landing page",
        "public catalogue",
        "catalogue search",
    }
    assert rows["trivial view (/healthz/)"] == 1.0
    assert "60 enrolments in “Scale round”" in out
