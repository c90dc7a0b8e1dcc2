"""Who sees a placement, and the placement lifecycle that placements.services owns:
completed → team completed, memberships ended, problem closed, certificates' turn;
cancelled → team disbanded, students free, problem closed."""

import pytest
from django.contrib.auth.models import AnonymousUser

from industries.models import ProblemRequest
from partner_portal.workflow import IllegalTransition, audit_trail
from placements import services
from placements.models import Placement, StudentGrade, TeamEvaluation
from placements.signals import placement_completed
from teams.models import Membership, Team

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("persona", "sees"),
    [
        ("anonymous", []),
        ("student", ["placement"]),
        ("other_student", ["other_placement"]),
        ("supervisor", ["placement"]),
        ("other_professor", ["other_placement"]),
        ("manager", ["placement"]),
        ("other_unit_manager", ["other_placement"]),
        ("iro", ["placement", "other_placement"]),
        ("inactive", []),
    ],
)
def test_each_persona_sees_only_the_placements_they_take_part_in(world, persona, sees):
    user = world.person(persona) or AnonymousUser()

    visible = set(Placement.objects.visible_to(user))

    assert visible == {world.objects[name] for name in sees}


def test_a_completed_placement_is_final(world, iro):
    placement = world.objects["placement"]
    Placement.objects.filter(pk=placement.pk).update(status=Placement.Status.COMPLETED)

    with pytest.raises(IllegalTransition):
        services.placement_cancel(placement=placement, actor=iro, note="late")


@pytest.fixture
def executing(world):
    placement = world.objects["placement"]
    Placement.objects.filter(pk=placement.pk).update(status=Placement.Status.EXECUTION)
    placement.refresh_from_db()
    return placement


def test_completion_ends_the_team_and_its_memberships_and_closes_the_problem(
    executing, world, manager, supervisor, student
):
    TeamEvaluation.objects.create(
        placement=executing, quality=4, timeliness=4, communication=4
    )
    StudentGrade.objects.create(
        placement=executing, enrolment=world.objects["enrolment"], passed=True,
        score=17, hours=120,
    )  # fmt: skip
    heard = []
    placement_completed.connect(
        lambda sender, placement, actor, **kw: heard.append(placement),
        weak=False,
        dispatch_uid="test-heard",
    )
    try:
        services.placement_complete(placement=executing, actor=manager)
    finally:
        placement_completed.disconnect(dispatch_uid="test-heard")

    team = Team.objects.get(pk=executing.team_id)
    assert executing.status == Placement.Status.COMPLETED
    assert executing.completed_at is not None
    assert team.status == Team.Status.COMPLETED
    assert team.problem.status == ProblemRequest.Status.CLOSED
    assert not team.memberships.current().exists()
    assert team.memberships.get().end_reason == Membership.EndReason.COMPLETED
    assert heard == [executing]
    # The student keeps seeing the placement of their past team.
    assert Placement.objects.visible_to(student).get() == executing


def test_cancelling_frees_the_students_and_closes_the_problem(world, iro, student):
    placement = world.objects["placement"]

    services.placement_cancel(placement=placement, actor=iro, note="unit closed")

    team = Team.objects.get(pk=placement.team_id)
    assert placement.status == Placement.Status.CANCELLED
    assert team.status == Team.Status.DISSOLVED
    assert team.problem.status == ProblemRequest.Status.CLOSED
    assert team.memberships.get().end_reason == Membership.EndReason.DISSOLVED
    assert audit_trail(placement).get().note == "unit closed"
    assert Placement.objects.visible_to(student).get() == placement


def test_only_the_office_cancels_a_placement(world, manager):
    from django.core.exceptions import PermissionDenied

    placement = world.objects["placement"]

    with pytest.raises(PermissionDenied):
        services.placement_cancel(placement=placement, actor=manager, note="no")

    placement.refresh_from_db()
    assert placement.status == Placement.Status.DISPATCHED


def test_dispatching_a_confirmed_team_creates_its_placement(world, iro):
    team = world.objects["team"]
    team.placement.delete()

    placement = services.placement_dispatch(team=Team.objects.get(pk=team.pk),
                                            actor=iro)  # fmt: skip

    event = audit_trail(placement).get()
    assert placement.status == Placement.Status.DISPATCHED
    assert (event.from_state, event.to_state, event.actor) == ("", "dispatched", iro)
