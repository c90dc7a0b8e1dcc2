"""The invariants of teams that live in the database."""

import pytest
from django.db import IntegrityError, transaction

from partner_portal.workflow import IllegalTransition, audit_trail, transition
from teams.models import Membership, Team

pytestmark = pytest.mark.django_db


def test_a_student_is_in_at_most_one_active_team_per_round(world):
    enrolment, other_team = world.objects["enrolment"], world.objects["other_team"]

    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(team=other_team, enrolment=enrolment)


def test_a_finished_team_frees_its_students(world):
    enrolment, other_team = world.objects["enrolment"], world.objects["other_team"]
    Membership.objects.filter(enrolment=enrolment).update(is_active=False)

    Membership.objects.create(team=other_team, enrolment=enrolment)

    assert Membership.objects.filter(enrolment=enrolment, is_active=True).count() == 1


def test_a_problem_has_at_most_one_live_team(world):
    team = world.objects["team"]

    with pytest.raises(IntegrityError), transaction.atomic():
        Team.objects.create(round=team.round, problem=team.problem)

    team.status = Team.Status.DISSOLVED
    team.save()
    Team.objects.create(round=team.round, problem=team.problem)


def test_a_team_moves_by_its_table(world, iro):
    team = world.objects["team"]

    transition(team, Team.Status.COMPLETED, actor=iro)
    with pytest.raises(IllegalTransition):
        transition(team, Team.Status.FORMING, actor=iro)

    team.refresh_from_db()
    assert team.status == Team.Status.COMPLETED
    assert [e.to_state for e in audit_trail(team)] == ["completed"]
