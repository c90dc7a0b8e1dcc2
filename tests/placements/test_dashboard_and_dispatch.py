"""What each person's dashboard says about placements, and how the office
dispatches a confirmed team from its dashboard or the team's page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from placements.models import Milestone, Placement
from placements.services import placement_dispatch
from teams.models import Membership, Team
from tests.factories import (
    EnrolmentFactory,
    ProblemFactory,
    ProfessorFactory,
    StudentFactory,
)

pytestmark = pytest.mark.django_db


def english(url_of, *args):
    with translation.override("en"):
        return url_of(*args)


def dashboard(client, user, role):
    """The role's dashboard, in English."""
    client.force_login(user)
    response = client.get(english(reverse, f"dashboard-{role}"))
    assert response.status_code == 200
    return response.content.decode()


def team_page(client, team):
    return client.get(english(team.get_absolute_url)).content.decode()


def test_a_member_sees_their_placement_and_their_next_step(
    client, world, student, other_student
):
    placement = world.objects["placement"]

    html = dashboard(client, student, "student")

    assert english(placement.get_absolute_url) in html
    assert "Set the first site visit with the unit." in html
    other = world.objects["other_placement"]
    assert english(other.get_absolute_url) not in html


def test_a_member_who_left_the_team_no_longer_sees_its_placement(
    client, world, student
):
    placement = world.objects["placement"]
    Membership.objects.filter(team=placement.team).update(
        ended_at="2026-01-01T00:00Z", end_reason=Membership.EndReason.REMOVED
    )

    html = dashboard(client, student, "student")

    assert english(placement.get_absolute_url) not in html


def test_the_manager_sees_the_milestones_waiting_for_confirmation(
    client, full_world, manager
):
    placement = full_world.objects["placement"]
    milestone = full_world.objects["milestone"]
    Placement.objects.filter(pk=placement.pk).update(
        status=Placement.Status.EXECUTION, selected_proposal=milestone.proposal
    )
    Milestone.objects.filter(pk=milestone.pk).update(status=Milestone.Status.REPORTED)

    html = dashboard(client, manager, "manager")

    assert "1 milestone to confirm" in html
    assert "Confirm the milestones the team reports" in html


def test_the_supervisor_is_told_to_submit_the_proposals(client, world, supervisor):
    placement = world.objects["placement"]
    Placement.objects.filter(pk=placement.pk).update(status=Placement.Status.PROPOSAL)

    html = dashboard(client, supervisor, "professor")

    assert "Review the team&#x27;s proposals and submit them." in html


def confirmed_team(world, size=4):
    supervisor = ProfessorFactory()
    team = Team.objects.create(
        round=world.objects["round"],
        problem=ProblemFactory(status="assigned"),
        supervisor=supervisor,
        status=Team.Status.CONFIRMED,
    )
    for _ in range(size):
        enrolment = EnrolmentFactory(
            round=world.objects["round"], student=StudentFactory(), status="trained"
        )
        Membership.objects.create(team=team, enrolment=enrolment)
    return team


def test_the_office_dispatches_a_ready_team_from_its_dashboard(client, world, iro):
    team = confirmed_team(world)
    dispatch = english(reverse, "placements:team-dispatch", None, [team.pk])

    html = dashboard(client, iro, "iro")
    assert dispatch in html

    response = client.post(dispatch)

    placement = Placement.objects.get(team=team)
    assert response.status_code == 302
    assert response["Location"] == english(placement.get_absolute_url)
    assert dispatch not in dashboard(client, iro, "iro")


def test_the_team_page_offers_the_dispatch_to_the_office_only(
    client, world, iro, student
):
    team = confirmed_team(world)
    enrolment = team.memberships.first().enrolment
    dispatch = english(reverse, "placements:team-dispatch", None, [team.pk])

    client.force_login(iro)
    assert dispatch in team_page(client, team)
    client.force_login(enrolment.student.user)
    page = team_page(client, team)
    assert dispatch not in page
    assert "The office will dispatch the team to the unit soon." in page
    assert client.post(dispatch).status_code == 403
    assert not Placement.objects.filter(team=team).exists()

    placement = placement_dispatch(team=team, actor=iro)

    page = team_page(client, team)
    assert english(placement.get_absolute_url) in page
    assert dispatch not in page


def test_a_team_cannot_be_dispatched_twice(client, world, iro):
    team = world.objects["team"]
    client.force_login(iro)

    response = client.post(
        english(reverse, "placements:team-dispatch", None, [team.pk]), follow=True
    )

    assert Placement.objects.filter(team=team).count() == 1
    assert "This team has already been dispatched." in response.content.decode()


@pytest.mark.parametrize("role, fixture", [("iro", "iro"), ("manager", "manager")])
def test_the_dashboards_ask_the_same_queries_for_one_placement_or_many(
    client, world, request, role, fixture
):
    user = request.getfixturevalue(fixture)
    client.force_login(user)
    url = reverse(f"dashboard-{role}")
    client.get(url)  # warm the caches of the session

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    few = count()
    for _ in range(6):
        team = confirmed_team(world)
        team.problem.unit = world.objects["placement"].team.problem.unit
        team.problem.save()
        placement_dispatch(team=team, actor=request.getfixturevalue("iro"))
    for _ in range(3):
        confirmed_team(world)
    many = count()

    assert many == few


def test_the_students_team_panel_counts_every_member(client, world):
    team = confirmed_team(world, size=5)
    student = team.memberships.first().enrolment.student.user

    html = dashboard(client, student, "student")

    assert "<dt>Members</dt><dd>5</dd>" in html
