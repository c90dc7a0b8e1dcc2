"""`make load` (manage.py load_test): the plan its users follow stays true to the
portal (every page answers as planned for its persona's session), and its figures
are computed as it says. The load itself (gunicorn, locust, 60 s) is run by hand."""

import json

import pytest
from django.core.management import call_command
from django.test import Client

from partner_portal.management.commands import load_test
from teams.models import Round

pytestmark = pytest.mark.django_db

SMALL = {"students": 60, "units": 6, "problems": 40, "professors": 3}


def test_every_planned_page_answers_as_planned_for_its_persona(tmp_path):
    call_command("seed_scale", **SMALL)
    command = load_test.Command()
    command.work = tmp_path

    plan = command.plan(
        Round.objects.get(name_en="Scale round"), load_test.shares_of(32)
    )

    assert sum(p["users"] for p in plan["personas"].values()) == 32
    assert set(plan["personas"]) == set(load_test.SHARES)
    for name, persona in plan["personas"].items():
        client = Client()
        if persona["cookie"]:
            key, value = persona["cookie"].split("=", 1)
            client.cookies[key] = value
        for page in persona["pages"]:
            response = client.get(page["url"])
            assert response.status_code == page["status"], (name, page)
    json.dumps(plan)  # what the locustfile reads


def test_the_figures():
    times = sorted(float(ms) for ms in range(1, 101))

    assert load_test.percentile(times, 0.50) == 50
    assert load_test.percentile(times, 0.99) == 99
    assert load_test.percentile([], 0.99) == 0
    assert load_test.shares_of(32) == {
        "iro": 8, "manager": 6, "professor": 4, "student": 8, "visitor": 6
    }  # fmt: skip
    assert sum(load_test.shares_of(5).values()) == 5
