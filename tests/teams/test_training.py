import pytest
from django.urls import reverse

from partner_portal.models import Notification
from partner_portal.workflow import audit_trail
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
