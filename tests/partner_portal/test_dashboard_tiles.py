"""Each role's dashboard: stat tiles that lead to the list behind them, and the
recent activity of what concerns the person, in a constant number of queries."""

import pytest
from django.urls import reverse
from django.utils import translation

from certificates.models import Certificate
from industries.models import ProblemRequest
from partner_portal.workflow import record_event
from teams.models import Enrolment, Team

pytestmark = pytest.mark.django_db

DASHBOARDS = {
    "student": "dashboard-student",
    "supervisor": "dashboard-professor",
    "manager": "dashboard-manager",
    "iro": "dashboard-iro",
}


@pytest.mark.parametrize("persona", DASHBOARDS)
def test_every_tile_leads_to_a_page_its_reader_may_open(client, full_world, persona):
    client.force_login(full_world.person(persona))
    response = client.get(reverse(DASHBOARDS[persona]))
    assert response.status_code == 200
    tiles = response.context["tiles"]
    assert tiles, "a dashboard without tiles"
    for tile in tiles:
        assert f'href="{tile.url}"'.replace("&", "&amp;") in response.content.decode()
        answer = client.get(tile.url, follow=True)
        assert answer.status_code == 200, (tile.label, tile.url)


def tile_values(response):
    with translation.override("en"):
        return {str(tile.label): tile.value for tile in response.context["tiles"]}


def test_the_office_tiles_count_its_queues(client, full_world):
    client.force_login(full_world.person("iro"))
    values = tile_values(client.get(reverse("dashboard-iro")))
    assert (
        values["Enrolments to decide"]
        == Enrolment.objects.filter(status=Enrolment.Status.APPLIED).count()
    )
    assert (
        values["Problems to review"]
        == ProblemRequest.objects.filter(status=ProblemRequest.Status.SUBMITTED).count()
    )
    assert (
        values["Certificates awaiting signature"]
        == Certificate.objects.filter(
            status=Certificate.Status.PENDING_SIGNATURE
        ).count()
    )


def test_the_supervisor_tiles_count_their_work(client, full_world):
    supervisor = full_world.person("supervisor")
    client.force_login(supervisor)
    values = tile_values(client.get(reverse("dashboard-professor")))
    assert values["Certificates to sign"] == (
        Certificate.objects.awaiting_signature_of(supervisor).count()
    )
    assert (
        values["Teams you supervise"]
        == Team.objects.filter(
            supervisor__user=supervisor,
            status__in=[Team.Status.CONFIRMED, Team.Status.COMPLETED],
        ).count()
    )


def test_recent_activity_shows_a_student_only_what_concerns_them(client, full_world):
    own = full_world.objects["enrolment"]
    other = full_world.objects["other_enrolment"]
    iro = full_world.person("iro")
    record_event(
        Enrolment, own.pk, from_state="applied", to_state="accepted", actor=iro
    )
    record_event(
        Enrolment, other.pk, from_state="applied", to_state="rejected", actor=iro
    )
    client.force_login(full_world.person("student"))
    activity = client.get(reverse("dashboard-student")).context["activity"]
    targets = {(type(event.loaded_target), event.target_id) for event in activity}
    assert (Enrolment, own.pk) in targets
    assert (Enrolment, other.pk) not in targets
    own_event = next(e for e in activity if e.loaded_target == own)
    assert client.get(own_event.target_url).status_code == 200

    client.force_login(iro)
    office = client.get(reverse("dashboard-iro")).context["activity"]
    assert (Enrolment, other.pk) in {
        (type(event.loaded_target), event.target_id) for event in office
    }


def more_events(world, n):
    """n more audited objects of every kind the dashboards list."""
    iro = world.person("iro")
    for enrolment in (world.objects["enrolment"], world.objects["other_enrolment"]):
        for _ in range(n):
            record_event(
                Enrolment, enrolment.pk, from_state="a", to_state="b", actor=iro
            )
    for name in ("problem", "other_problem"):
        for _ in range(n):
            record_event(
                ProblemRequest,
                world.objects[name].pk,
                from_state="submitted",
                to_state="approved",
                actor=iro,
            )


@pytest.mark.parametrize("persona", DASHBOARDS)
def test_dashboards_keep_a_constant_number_of_queries(
    client, full_world, persona, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(full_world.person(persona))
    url = reverse(DASHBOARDS[persona])
    # Every kind of object once (a kind costs one query to load its objects),
    # and the content types cached as a long-running process has them.
    more_events(full_world, 1)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    more_events(full_world, 30)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few), (len(few), len(many))
    assert len(many) <= 40


def test_the_landing_page_shows_the_program_in_numbers(client, full_world):
    from industries.models import IndustrialUnit
    from placements.models import Placement
    from teams.models import Student

    response = client.get(reverse("landing"))
    figures = {}
    for _template, data in response.context["panels"]:
        figures.update(data)
    taking_part = Student.objects.filter(
        enrolments__status__in=[Enrolment.Status.ACCEPTED, Enrolment.Status.TRAINED]
    ).distinct()
    assert figures["students"] == taking_part.count() > 0
    assert figures["units"] == IndustrialUnit.objects.count()
    assert (
        figures["solved"]
        == Placement.objects.filter(status=Placement.Status.COMPLETED).count()
    )
    assert (
        figures["issued"]
        == Certificate.objects.filter(status=Certificate.Status.ISSUED).count()
    )
    html = response.content.decode()
    with translation.override("fa"):
        assert "گواهی‌های صادرشده" in html
