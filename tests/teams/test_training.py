import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from partner_portal.models import Notification
from partner_portal.workflow import audit_trail
from teams import services
from teams.models import Attendance, Enrolment
from tests.factories import EnrolmentFactory, TrainingSessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted(world):
    return EnrolmentFactory(
        round=world.objects["round"], status=Enrolment.Status.ACCEPTED
    )


def tick(client, session, enrolments):
    return client.post(
        reverse("teams:session-attendance", args=[session.pk]),
        {"present": [e.pk for e in enrolments]},
    )


def test_attending_the_required_sessions_makes_a_student_trained(
    client, world, iro, accepted
):
    first, second = (
        world.objects["session"],
        TrainingSessionFactory(round=world.objects["round"]),
    )
    client.force_login(iro)

    tick(client, first, [accepted])
    accepted.refresh_from_db()
    assert accepted.status == Enrolment.Status.ACCEPTED

    response = tick(client, second, [accepted])

    accepted.refresh_from_db()
    event = audit_trail(accepted).get()
    assert response.status_code == 302
    assert accepted.status == Enrolment.Status.TRAINED
    assert (event.actor, event.from_state, event.to_state) == (
        iro,
        "accepted",
        "trained",
    )
    assert Notification.objects.filter(
        recipient=accepted.student.user, kind="enrolment_trained"
    ).exists()


def test_the_number_of_sessions_required_is_a_setting(
    client, world, iro, accepted, settings
):
    settings.PORTAL = {**settings.PORTAL, "REQUIRED_TRAINING_SESSIONS": 1}
    client.force_login(iro)

    tick(client, world.objects["session"], [accepted])

    accepted.refresh_from_db()
    assert accepted.status == Enrolment.Status.TRAINED


def test_unticking_removes_the_attendance(client, world, iro, accepted):
    session = world.objects["session"]
    client.force_login(iro)
    tick(client, session, [accepted])

    tick(client, session, [])

    assert not Attendance.objects.filter(session=session).exists()


def test_students_not_accepted_cannot_be_ticked(client, world, iro):
    applied = world.objects["other_enrolment"]
    client.force_login(iro)

    response = tick(client, world.objects["session"], [applied])

    assert response.status_code == 200
    assert "present" in response.context["form"].errors
    assert not Attendance.objects.exists()


def test_a_student_sees_the_sessions_and_their_attendance(client, world, student):
    enrolment, session = world.objects["enrolment"], world.objects["session"]
    Attendance.objects.create(session=session, enrolment=enrolment)
    client.force_login(student)

    response = client.get("/en/training/")

    assert list(response.context["sessions"]) == [session]
    assert response.context["attended"] == {session.pk}
    assert "Attended" in response.content.decode()


def test_attendance_is_not_recorded_for_a_session_not_held_yet(
    client, world, iro, accepted, settings
):
    settings.PORTAL = {**settings.PORTAL, "REQUIRED_TRAINING_SESSIONS": 1}
    upcoming = TrainingSessionFactory(
        round=world.objects["round"],
        starts_at=timezone.now() + datetime.timedelta(days=2),
    )
    client.force_login(iro)

    response = tick(client, upcoming, [accepted])
    page = client.get("/en" + reverse("teams:session-attendance", args=[upcoming.pk]))

    accepted.refresh_from_db()
    assert response.status_code == 302
    assert not Attendance.objects.filter(session=upcoming).exists()
    assert accepted.status == Enrolment.Status.ACCEPTED
    html = page.content.decode()
    assert "This session has not taken place yet" in html
    assert "Save attendance" not in html


def test_the_attendance_service_refuses_a_session_not_held_yet(world, iro, accepted):
    upcoming = TrainingSessionFactory(
        round=world.objects["round"],
        starts_at=timezone.now() + datetime.timedelta(hours=1),
    )

    with pytest.raises(ValidationError) as refusal:
        services.attendance_record(session=upcoming, present=[accepted], actor=iro)

    assert refusal.value.code == "not_started"
    assert not Attendance.objects.exists()


def schedule(client, round_, starts_at):
    return client.post(
        "/en" + reverse("teams:session-create"),
        {
            "round": round_.pk,
            "title": "جلسه",
            "starts_at": starts_at,
            "place": "تالار",
            "capacity": "40",
        },
    )


@pytest.mark.parametrize(
    "starts_at", ["1400/01/01 10:00", "2026-09-22 23:59", "2027-02-20 00:00"]
)
def test_a_session_outside_its_round_is_refused(client, world, iro, starts_at):
    round_ = world.objects["round"]  # 2026-09-23 to 2027-02-19
    client.force_login(iro)

    response = schedule(client, round_, starts_at)

    assert response.status_code == 200
    assert response.context["form"].errors["starts_at"] == [
        "The session must fall within its round, from 23 Sep 2026 to 19 Feb 2027."
    ]
    assert not round_.training_sessions.filter(title="جلسه").exists()


@pytest.mark.parametrize("starts_at", ["2026-09-23 00:00", "2027-02-19 23:59"])
def test_the_first_and_last_days_of_the_round_are_inside(client, world, iro, starts_at):
    client.force_login(iro)

    response = schedule(client, world.objects["round"], starts_at)

    assert response.status_code == 302
    assert world.objects["round"].training_sessions.filter(title="جلسه").exists()


def test_a_round_cannot_be_shortened_past_its_sessions(client, world, iro):
    round_ = world.objects["round"]
    world.objects["session"].starts_at = datetime.datetime(
        2027, 2, 10, 10, 0, tzinfo=datetime.UTC
    )
    world.objects["session"].save()
    client.force_login(iro)

    response = client.post(
        "/en" + reverse("teams:round-edit", args=[round_.pk]),
        {
            "name_fa": round_.name_fa,
            "name_en": round_.name_en,
            "starts_on": "2026-09-23",
            "ends_on": "2027-01-31",
        },
    )

    round_.refresh_from_db()
    assert response.status_code == 200
    assert "1 training session of this round would fall outside" in str(
        response.context["form"].non_field_errors()
    )
    assert round_.ends_on == datetime.date(2027, 2, 19)
