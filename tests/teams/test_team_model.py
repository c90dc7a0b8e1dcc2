"""The invariants of teams that live in the database, and the team lifecycle that
teams.services owns: confirmed → problem assigned; dissolved → students free,
problem approved again."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from industries.models import ProblemRequest
from partner_portal.workflow import IllegalTransition, audit_trail, transition
from placements.models import Placement
from teams import services
from teams.models import Membership, Team
from tests.factories import EnrolmentFactory, ProblemFactory

pytestmark = pytest.mark.django_db


def test_a_student_is_in_at_most_one_current_team_per_round(world):
    enrolment, other_team = world.objects["enrolment"], world.objects["other_team"]

    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(team=other_team, enrolment=enrolment)


def test_an_ended_membership_frees_the_student_and_stays_as_history(world):
    enrolment, other_team = world.objects["enrolment"], world.objects["other_team"]
    Membership.objects.filter(enrolment=enrolment).update(
        ended_at=timezone.now(), end_reason=Membership.EndReason.REMOVED
    )

    Membership.objects.create(team=other_team, enrolment=enrolment)

    assert Membership.objects.current().filter(enrolment=enrolment).count() == 1
    assert Membership.objects.filter(enrolment=enrolment).count() == 2


def test_an_ended_membership_needs_a_reason(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.filter(enrolment=world.objects["enrolment"]).update(
            ended_at=timezone.now()
        )


def test_a_problem_has_at_most_one_live_team(world):
    team = world.objects["team"]

    with pytest.raises(IntegrityError), transaction.atomic():
        Team.objects.create(round=team.round, problem=team.problem)

    team.status = Team.Status.DISSOLVED
    team.save()
    Team.objects.create(round=team.round, problem=team.problem)


def test_a_completed_team_cannot_move_again(world, iro):
    team = world.objects["team"]

    transition(team, "complete", actor=None)
    with pytest.raises(IllegalTransition):
        transition(team, "dissolve", actor=iro, note="late")

    team.refresh_from_db()
    assert team.status == Team.Status.COMPLETED
    assert [e.to_state for e in audit_trail(team)] == ["completed"]


# --- The team lifecycle ---------------------------------------------------------------


@pytest.fixture
def forming_team(world):
    """A team of four trained students for an approved problem, awaiting its
    supervisor's answer."""
    problem = ProblemFactory(
        unit=world.objects["unit"], status=ProblemRequest.Status.APPROVED
    )
    team = Team.objects.create(
        round=world.objects["round"],
        problem=problem,
        supervisor=world.objects["professor"],
        status=Team.Status.FORMING,
    )
    for _ in range(4):
        enrolment = EnrolmentFactory(round=world.objects["round"], status="trained")
        Membership.objects.create(team=team, enrolment=enrolment)
    return team


def test_the_supervisor_accepts_and_the_problem_is_assigned(forming_team, supervisor):
    services.team_supervision_accept(team=forming_team, actor=supervisor)

    forming_team.refresh_from_db()
    forming_team.problem.refresh_from_db()
    assert forming_team.status == Team.Status.CONFIRMED
    assert forming_team.supervisor_accepted_at is not None
    assert forming_team.problem.status == ProblemRequest.Status.ASSIGNED
    assert audit_trail(forming_team.problem).get().actor == supervisor


def test_another_professor_cannot_accept_and_nothing_changes(
    forming_team, other_professor
):
    with pytest.raises(PermissionDenied):
        services.team_supervision_accept(team=forming_team, actor=other_professor)

    forming_team.refresh_from_db()
    assert forming_team.status == Team.Status.FORMING
    assert forming_team.problem.status == ProblemRequest.Status.APPROVED


def test_a_team_too_small_cannot_be_confirmed(forming_team, supervisor):
    forming_team.memberships.first().delete()

    with pytest.raises(ValidationError):
        services.team_supervision_accept(team=forming_team, actor=supervisor)

    forming_team.refresh_from_db()
    assert forming_team.status == Team.Status.FORMING


def test_declining_returns_the_team_to_the_office_without_a_supervisor(
    forming_team, supervisor, iro
):
    services.team_supervision_decline(
        team=forming_team, actor=supervisor, note="on sabbatical"
    )

    forming_team.refresh_from_db()
    event = audit_trail(forming_team).get()
    assert forming_team.status == Team.Status.PROPOSED  # the office's again
    assert forming_team.supervisor is None
    assert (event.actor, event.note) == (supervisor, "on sabbatical")
    assert iro.notifications.filter(kind="team_supervision_declined").exists()


def test_dissolving_a_confirmed_team_frees_its_students_and_reopens_the_problem(
    forming_team, supervisor, iro
):
    services.team_supervision_accept(team=forming_team, actor=supervisor)

    services.team_dissolve(team=forming_team, actor=iro, note="unit closed")

    forming_team.refresh_from_db()
    forming_team.problem.refresh_from_db()
    assert forming_team.status == Team.Status.DISSOLVED
    assert forming_team.problem.status == ProblemRequest.Status.APPROVED
    assert not forming_team.memberships.current().exists()
    assert set(forming_team.memberships.values_list("end_reason", flat=True)) == {
        Membership.EndReason.DISSOLVED
    }
    assert [e.to_state for e in audit_trail(forming_team.problem)] == [
        "assigned",
        "approved",
    ]


def test_a_dispatched_team_is_not_dissolved_but_its_placement_cancelled(world, iro):
    team = world.objects["team"]

    with pytest.raises(ValidationError):
        services.team_dissolve(team=team, actor=iro, note="no")

    team.refresh_from_db()
    assert team.status == Team.Status.CONFIRMED
    assert Placement.objects.filter(team=team).exists()
