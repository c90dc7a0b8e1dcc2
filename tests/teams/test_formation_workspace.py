"""The office forms a round's teams: suggests, edits by hand, confirms; the
supervisor accepts or declines; students and managers see the team."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from industries.models import ProblemRequest
from partner_portal.models import FieldOfStudy, Notification
from partner_portal.workflow import audit_trail
from teams import formation, formation_services, services
from teams.models import Enrolment, Membership, Round, Team
from tests.factories import (
    EnrolmentFactory,
    InterestFactory,
    ProblemFactory,
    ProfessorFactory,
    RoundFactory,
    UnitFactory,
    UnitManagerFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def field(slug):
    return FieldOfStudy.objects.get(slug=slug)


@pytest.fixture
def formation_round(manager):
    """A round in formation: two approved problems of the manager's unit, ten
    trained students (five who fit each problem), two professors."""
    round_ = RoundFactory(status=Round.Status.FORMATION)
    unit = UnitFactory()
    UnitManagerFactory(unit=unit, user=manager)
    press = ProblemFactory(unit=unit, status="approved", desired_team_size=5)
    press.fields_needed.set([field("mechanical")])
    energy = ProblemFactory(unit=unit, status="approved", desired_team_size=4)
    energy.fields_needed.set([field("electrical")])
    students = []
    for _ in range(5):
        mech = EnrolmentFactory(
            round=round_, status="trained", student__field=field("mechanical")
        )
        InterestFactory(enrolment=mech, problem=press, rank=1)
        students.append(mech)
    for _ in range(5):
        students.append(
            EnrolmentFactory(
                round=round_, status="trained", student__field=field("electrical")
            )
        )
    mechanic = ProfessorFactory(capacity=1)
    mechanic.expertise.set([field("mechanical")])
    engineer = ProfessorFactory(capacity=1)
    engineer.expertise.set([field("electrical")])
    return {
        "round": round_,
        "press": press,
        "energy": energy,
        "students": students,
        "mechanic": mechanic,
        "engineer": engineer,
    }


def suggest(setup, iro):
    return formation_services.formation_suggest(
        round=setup["round"], actor=iro, time_limit=5
    )


def test_suggesting_makes_a_team_per_problem_within_every_hard_constraint(
    formation_round, iro
):
    suggestion = suggest(formation_round, iro)

    teams = Team.objects.filter(round=formation_round["round"])
    assert {t.status for t in teams} == {Team.Status.PROPOSED}
    assert {t.problem for t in teams} == {
        formation_round["press"],
        formation_round["energy"],
    }
    press = teams.get(problem=formation_round["press"])
    assert press.supervisor == formation_round["mechanic"]
    assert press.memberships.current().count() == 5
    assert {m.enrolment.student.field.slug for m in press.memberships.all()} == {
        "mechanical"
    }
    assert len(press.fit["honoured"]) == 5
    assert teams.get(problem=formation_round["energy"]).memberships.count() == 4
    assert suggestion.teams and not suggestion.unstaffed
    report = Round.objects.get(pk=formation_round["round"].pk).formation_report
    assert report["teams"] == 2 and report["unstaffed"] == []


def test_suggesting_again_replaces_only_the_suggested_teams(formation_round, iro):
    suggest(formation_round, iro)
    press = Team.objects.get(problem=formation_round["press"])
    Team.objects.filter(pk=press.pk).update(status=Team.Status.FORMING)

    suggest(formation_round, iro)

    teams = Team.objects.filter(round=formation_round["round"])
    assert teams.get(problem=formation_round["press"]).pk == press.pk
    assert teams.filter(status=Team.Status.PROPOSED).count() == 1


def test_a_problem_without_a_free_professor_is_left_with_the_reason(
    formation_round, iro
):
    # The electrical engineer supervises a team already, as many as they may.
    Team.objects.create(
        round=formation_round["round"],
        problem=ProblemFactory(status="approved"),
        supervisor=formation_round["engineer"],
        status=Team.Status.CONFIRMED,
    )

    suggestion = suggest(formation_round, iro)

    assert len(suggestion.teams) == 1
    [left] = suggestion.unstaffed
    assert left.reason in formation.REASONS


def test_a_full_team_refuses_another_member(formation_round, iro):
    suggest(formation_round, iro)
    press = Team.objects.get(problem=formation_round["press"])
    free = EnrolmentFactory(round=formation_round["round"], status="trained")

    with pytest.raises(ValidationError) as refused:
        formation_services.team_add_member(team=press, enrolment=free, actor=iro)

    assert refused.value.code == "team_full"
    assert press.memberships.current().count() == 5


def test_a_student_in_one_team_cannot_be_added_to_another(formation_round, iro):
    suggest(formation_round, iro)
    energy = Team.objects.get(problem=formation_round["energy"])
    formation_services.team_remove_member(
        team=energy,
        enrolment=energy.memberships.current().first().enrolment,
        actor=iro,
    )
    member = Team.objects.get(problem=formation_round["press"]).memberships.first()

    with pytest.raises(ValidationError) as refused:
        formation_services.team_add_member(
            team=energy, enrolment=member.enrolment, actor=iro
        )

    assert refused.value.code == "in_another_team"


def test_moving_a_student_updates_both_teams_and_their_scores(formation_round, iro):
    suggest(formation_round, iro)
    press = Team.objects.get(problem=formation_round["press"])
    energy = Team.objects.get(problem=formation_round["energy"])
    formation_services.team_remove_member(
        team=energy,
        enrolment=energy.memberships.current().first().enrolment,
        actor=iro,
    )
    energy.refresh_from_db()
    moving = press.memberships.current().first().enrolment
    before = energy.fit["score"]["total"]

    formation_services.team_move_member(enrolment=moving, to_team=energy, actor=iro)

    press.refresh_from_db()
    energy.refresh_from_db()
    assert press.memberships.current().count() == 4
    assert energy.memberships.current().filter(enrolment=moving).exists()
    assert energy.fit["score"]["total"] != before


def test_a_professor_with_no_room_is_refused(formation_round, iro):
    suggest(formation_round, iro)
    energy = Team.objects.get(problem=formation_round["energy"])

    with pytest.raises(ValidationError) as refused:
        formation_services.team_set_supervisor(
            team=energy, professor=formation_round["mechanic"], actor=iro
        )

    assert refused.value.code == "capacity"


def test_the_whole_cycle_confirm_accept_and_everyone_sees_the_team(
    client, formation_round, iro, manager
):
    suggest(formation_round, iro)
    press = Team.objects.get(problem=formation_round["press"])
    mechanic = formation_round["mechanic"].user
    member = press.memberships.first().enrolment.student.user

    services.team_confirm(team=press, actor=iro)
    asked = Notification.objects.get(recipient=mechanic)
    client.force_login(mechanic)
    dashboard = client.get(reverse("dashboard-professor"))
    client.post(reverse("teams:team-accept", args=[press.pk]))

    press.refresh_from_db()
    assert asked.kind == "team_supervision_requested"
    assert reverse("teams:team-accept", args=[press.pk]) in dashboard.content.decode()
    assert press.status == Team.Status.CONFIRMED
    assert press.problem.status == ProblemRequest.Status.ASSIGNED
    assert [e.to_state for e in audit_trail(press)] == ["forming", "confirmed"]
    assert Notification.objects.filter(recipient=member, kind="team_confirmed")
    assert Notification.objects.filter(recipient=manager, kind="team_assigned")
    for person in (member, manager):
        client.force_login(person)
        role = "student" if person == member else "manager"
        page = client.get(reverse(f"dashboard-{role}")).content.decode()
        assert press.get_absolute_url() in page
        assert client.get(press.get_absolute_url()).status_code == 200


def test_a_supervisor_who_declines_returns_the_team_to_the_office(
    client, formation_round, iro
):
    suggest(formation_round, iro)
    press = Team.objects.get(problem=formation_round["press"])
    services.team_confirm(team=press, actor=iro)
    client.force_login(formation_round["mechanic"].user)

    client.post(
        reverse("teams:team-decline", args=[press.pk]), {"note": "On sabbatical."}
    )

    press.refresh_from_db()
    assert press.status == Team.Status.PROPOSED
    assert press.supervisor is None
    assert Notification.objects.filter(
        recipient=iro, kind="team_supervision_declined"
    ).exists()


def test_confirming_needs_a_full_team_and_a_supervisor(formation_round, iro):
    team = formation_services.team_propose(
        round=formation_round["round"],
        problem=ProblemFactory(status="approved"),
        actor=iro,
    )

    with pytest.raises(ValidationError):
        services.team_confirm(team=team, actor=iro)

    team.refresh_from_db()
    assert team.status == Team.Status.PROPOSED


def test_dropping_a_suggestion_frees_its_students(formation_round, iro):
    suggest(formation_round, iro)
    press = Team.objects.get(problem=formation_round["press"])

    formation_services.team_discard(team=press, actor=iro)

    free = formation_services.available_enrolments(formation_round["round"])
    assert not Team.objects.filter(pk=press.pk).exists()
    assert free.count() == 6
    assert (
        formation_services.open_problems()
        .filter(pk=formation_round["press"].pk)
        .exists()
    )


def test_nobody_outside_the_office_sees_a_suggested_team(client, formation_round, iro):
    suggest(formation_round, iro)
    press = Team.objects.get(problem=formation_round["press"])
    member = press.memberships.first().enrolment.student.user
    client.force_login(member)

    assert client.get(press.get_absolute_url()).status_code == 404


def test_the_workspace_suggests_and_edits_in_the_browser_form_posts(
    client, formation_round, iro
):
    client.force_login(iro)
    url = reverse("teams:formation", args=[formation_round["round"].pk])

    client.post(reverse("teams:formation-suggest", args=[formation_round["round"].pk]))
    page = client.get(url)
    press = Team.objects.get(problem=formation_round["press"])
    leaving = press.memberships.current().first()
    client.post(
        reverse("teams:team-remove-member", args=[press.pk]),
        {"enrolment": leaving.enrolment_id},
        headers={"hx-request": "true"},
    )

    assert page.status_code == 200
    assert formation_round["press"].title in page.content.decode()
    assert press.memberships.current().count() == 4
    assert Membership.objects.get(pk=leaving.pk).end_reason == "removed"


def test_the_workspace_keeps_its_queries_whatever_the_number_of_teams(
    client, iro, django_assert_max_num_queries
):
    round_ = RoundFactory(status=Round.Status.FORMATION)
    professor = ProfessorFactory(capacity=100)
    client.force_login(iro)
    url = reverse("teams:formation", args=[round_.pk])

    def add_teams(n):
        for _ in range(n):
            team = Team.objects.create(
                round=round_,
                problem=ProblemFactory(status="approved"),
                supervisor=professor,
            )
            for _ in range(4):
                Membership.objects.create(
                    team=team,
                    enrolment=EnrolmentFactory(round=round_, status="trained"),
                )
            EnrolmentFactory(round=round_, status="trained")

    add_teams(2)
    with django_assert_max_num_queries(40) as few:
        assert client.get(url).status_code == 200
    add_teams(20)
    with django_assert_max_num_queries(40) as many:
        assert client.get(url).status_code == 200

    assert len(few) == len(many)


def test_only_the_office_edits_teams(client, formation_round, student, supervisor):
    iro_only = [
        reverse("teams:formation-suggest", args=[formation_round["round"].pk]),
    ]
    for person in (student, supervisor, UserFactory(manager=True)):
        client.force_login(person)
        for url in iro_only:
            assert client.post(url).status_code == 403
    assert not Team.objects.filter(round=formation_round["round"]).exists()
    assert Enrolment.objects.filter(round=formation_round["round"]).count() == 10
