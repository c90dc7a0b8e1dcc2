"""A line break typed into a title never reaches a mail header, and a notification
that cannot be sent never turns a committed move into an error page."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from industries import services
from industries.models import ProblemRequest
from partner_portal import tasks
from partner_portal.models import Notification
from tests.factories import ProblemFactory

pytestmark = pytest.mark.django_db

FORGED = "Line one\r\nBcc: everyone@evil.example"


def test_a_title_posted_with_a_line_break_is_stored_on_one_line(client, world, manager):
    client.force_login(manager)

    response = client.post(
        reverse("industries:problem-edit", args=[world.objects["draft_problem"].pk]),
        {"title": FORGED, "description": "x", "fields_needed": [1],
         "desired_team_size": 5, "urgency": "medium", "duration_weeks": 8},
    )  # fmt: skip

    problem = ProblemRequest.objects.get(pk=world.objects["draft_problem"].pk)
    assert response.status_code == 302, [str(m) for m in response.context["messages"]]
    assert problem.title == "Line one Bcc: everyone@evil.example"


def test_a_service_refuses_a_title_with_a_line_break(world, manager):
    with pytest.raises(ValidationError) as refused:
        services.problem_create(
            unit=world.objects["unit"], actor=manager, fields_needed=[],
            title=FORGED, description="x",
        )  # fmt: skip

    assert "title" in refused.value.message_dict
    assert not ProblemRequest.objects.filter(description="x").exists()


def test_moving_a_problem_whose_title_has_a_line_break_answers_and_mails(
    client, world, iro, django_capture_on_commit_callbacks
):
    """Rows written before titles were checked still move and still notify."""
    problem = ProblemFactory(unit=world.objects["unit"], status="submitted")
    ProblemRequest.objects.filter(pk=problem.pk).update(title=FORGED)
    client.force_login(iro)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("industries:problem-approve", args=[problem.pk]), {"note": ""}
        )

    problem.refresh_from_db()
    assert response.status_code == 302
    assert problem.status == ProblemRequest.Status.APPROVED
    [sent] = [m for m in mail.outbox if "everyone@evil.example" in m.subject]
    assert "\n" not in sent.subject and "\r" not in sent.subject
    assert sent.bcc == []


def test_a_broker_that_refuses_the_mail_does_not_undo_or_break_the_move(
    client, world, iro, monkeypatch, django_capture_on_commit_callbacks
):
    def broker_down(*args, **kwargs):
        raise OSError("connection refused")

    monkeypatch.setattr(tasks.send_notification_email, "apply_async", broker_down)
    problem = ProblemFactory(unit=world.objects["unit"], status="submitted")
    client.force_login(iro)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("industries:problem-approve", args=[problem.pk]), {"note": ""}
        )

    problem.refresh_from_db()
    assert response.status_code == 302
    assert problem.status == ProblemRequest.Status.APPROVED
    assert Notification.objects.filter(kind="problem_approved").exists()
