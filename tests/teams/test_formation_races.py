"""Two office staff editing teams at once never make a team too big or a professor
supervise too many: 30 requests released together by a barrier, on PostgreSQL,
twenty times over. The naive versions below (the same checks without the row
locks) show that the race is real, so the tests could fail."""

import time
from functools import partial

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from industries.models import ProblemRequest
from partner_portal.models import FieldOfStudy, User
from teams.formation_services import team_add_member, team_set_supervisor
from teams.models import Enrolment, Membership, Professor, Round, Student, Team
from tests.factories import ProblemFactory, RoundFactory, UserFactory
from tests.race import race

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

REPETITIONS = 20
CALLERS = 30


def trained_enrolments(round_, count, tag):
    field = FieldOfStudy.objects.get(slug="computer")
    users = User.objects.bulk_create(
        User(
            email=f"{tag}-{i}@race.example",
            full_name=f"دانشجو {i}",
            is_student=True,
            email_verified_at=timezone.now(),
        )
        for i in range(count)
    )
    start = Student.objects.count()
    students = Student.objects.bulk_create(
        Student(
            user=u,
            student_number=f"4{start + i:08d}",
            field=field,
            level="bsc",
            entry_year=1402,
        )  # fmt: skip
        for i, u in enumerate(users)
    )
    return Enrolment.objects.bulk_create(
        Enrolment(
            student=s,
            round=round_,
            status=Enrolment.Status.TRAINED,
            weekly_hours=10,
            motivation="x",
        )  # fmt: skip
        for s in students
    )


@pytest.fixture
def formation_round():
    return RoundFactory(status=Round.Status.FORMATION)


def team_with_one_free_seat(round_, tag):
    """A suggested team of four for a problem that wants five."""
    problem = ProblemFactory(status=ProblemRequest.Status.APPROVED, desired_team_size=5)
    team = Team.objects.create(round=round_, problem=problem)
    Membership.objects.bulk_create(
        Membership(team=team, enrolment=e)
        for e in trained_enrolments(round_, 4, f"{tag}-in")
    )
    return team


def outcomes(results):
    return sorted(outcome for outcome, _value in results)


def test_thirty_people_adding_to_the_last_free_seat_fill_it_once(formation_round):
    iro = UserFactory(iro=True)
    for repetition in range(REPETITIONS):
        team = team_with_one_free_seat(formation_round, f"add{repetition}")
        candidates = trained_enrolments(formation_round, CALLERS, f"add{repetition}")

        results = race(
            *[
                partial(team_add_member, team=team, enrolment=e, actor=iro)
                for e in candidates
            ]
        )

        assert outcomes(results) == ["ok"] + ["refused"] * (CALLERS - 1), results
        assert all(
            "This team is full" in value[0]
            for outcome, value in results
            if outcome == "refused"
        )
        assert team.memberships.current().count() == 5


def test_thirty_teams_asking_one_professor_with_one_seat_get_them_once(
    formation_round,
):
    iro = UserFactory(iro=True)
    for _ in range(REPETITIONS):
        professor = Professor.objects.create(
            user=UserFactory(professor=True), department="x", capacity=2
        )
        busy = Team.objects.create(
            round=formation_round,
            problem=ProblemFactory(status=ProblemRequest.Status.APPROVED),
            supervisor=professor,
        )
        teams = [
            Team.objects.create(
                round=formation_round,
                problem=ProblemFactory(status=ProblemRequest.Status.APPROVED),
            )
            for _ in range(CALLERS)
        ]

        results = race(
            *[
                partial(team_set_supervisor, team=t, professor=professor, actor=iro)
                for t in teams
            ]
        )

        assert outcomes(results) == ["ok"] + ["refused"] * (CALLERS - 1), results
        assert Team.objects.filter(supervisor=professor).count() == 2
        assert busy.supervisor_id == professor.pk


# --- Without the locks: the race the services close -----------------------------------

# About what a request spends between counting and writing.
WORK = 0.005


def naive_add_member(team, enrolment):
    if team.memberships.current().count() >= team.problem.desired_team_size:
        raise ValidationError("full")
    time.sleep(WORK)
    Membership.objects.create(team=team, enrolment=enrolment)


def naive_set_supervisor(team, professor):
    load = Team.objects.filter(supervisor=professor, status__in=Team.SUPERVISING)
    if load.count() >= professor.capacity:
        raise ValidationError("busy")
    time.sleep(WORK)
    Team.objects.filter(pk=team.pk).update(supervisor=professor)


def test_without_the_team_lock_the_same_race_overfills_the_team(formation_round):
    sizes = []
    for repetition in range(5):
        team = team_with_one_free_seat(formation_round, f"naive{repetition}")
        candidates = trained_enrolments(formation_round, CALLERS, f"naive{repetition}")
        race(*[partial(naive_add_member, team, e) for e in candidates])
        sizes.append(team.memberships.current().count())

    assert max(sizes) > 5, sizes


def test_without_the_professor_lock_the_professor_gets_too_many_teams(
    formation_round,
):
    loads = []
    for _ in range(5):
        professor = Professor.objects.create(
            user=UserFactory(professor=True), department="x", capacity=1
        )
        teams = [
            Team.objects.create(
                round=formation_round,
                problem=ProblemFactory(status=ProblemRequest.Status.APPROVED),
            )
            for _ in range(CALLERS)
        ]
        race(*[partial(naive_set_supervisor, t, professor) for t in teams])
        loads.append(Team.objects.filter(supervisor=professor).count())

    assert max(loads) > 1, loads
