import datetime

import pytest
from django.core import mail
from django.urls import reverse

from partner_portal.models import FieldOfStudy, User
from partner_portal.workflow import audit_trail
from teams.models import Professor, Round
from tests.factories import RoundFactory

pytestmark = pytest.mark.django_db


def test_iro_creates_a_round_with_jalali_dates(client, iro):
    client.force_login(iro)

    client.post(
        reverse("teams:round-create"),
        {
            "name_fa": "بهار ۱۴۰۶",
            "name_en": "Spring 1406",
            "starts_on": "۱۴۰۵/۱۱/۱۵",
            "ends_on": "۱۴۰۶/۰۳/۳۱",
        },  # fmt: skip
    )

    round_ = Round.objects.get(name_en="Spring 1406")
    assert round_.starts_on == datetime.date(2027, 2, 4)
    assert round_.status == Round.Status.PLANNED


def test_a_round_cannot_end_before_it_starts(client, iro):
    client.force_login(iro)

    response = client.post(
        "/en/rounds/new/",
        {
            "name_fa": "x",
            "name_en": "x",
            "starts_on": "2027-02-04",
            "ends_on": "2027-01-01",
        },
    )

    assert response.context["form"].errors["ends_on"] == [
        "A round cannot end before it starts."
    ]


def test_only_one_round_is_open_at_a_time(client, iro):
    RoundFactory(status=Round.Status.OPEN)
    planned = RoundFactory(status=Round.Status.PLANNED)
    client.force_login(iro)

    response = client.post(f"/en/rounds/{planned.pk}/open/", follow=True)

    planned.refresh_from_db()
    assert planned.status == Round.Status.PLANNED
    assert "Another round is open for enrolment" in response.content.decode()
    assert not audit_trail(planned).exists()


def test_starting_formation_is_audited(client, world, iro):
    round_ = world.objects["round"]
    client.force_login(iro)

    client.post(reverse("teams:round-formation", args=[round_.pk]))

    round_.refresh_from_db()
    assert round_.status == Round.Status.FORMATION
    assert audit_trail(round_).get().actor == iro


def test_iro_adds_a_professor_who_gets_a_link_to_choose_a_password(
    client, iro, django_capture_on_commit_callbacks
):
    client.force_login(iro)
    fields = FieldOfStudy.objects.filter(slug__in=["civil", "structural"])

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("teams:professor-create"),
            {
                "full_name": "دکتر نیما شریفی",
                "email": "N.Sharifi@qut.example",
                "department": "عمران",
                "expertise": [f.pk for f in fields],
                "capacity": "۳",
                "language": "en",
            },  # fmt: skip
        )

    professor = Professor.objects.get(user__email="n.sharifi@qut.example")
    assert professor.capacity == 3
    assert set(professor.expertise.all()) == set(fields)
    assert not professor.user.has_usable_password()
    assert not professor.user.is_professor  # until they accept
    link = next(w for w in mail.outbox[0].body.split() if "/invitation/" in w)
    assert link.startswith("http://testserver/en/accounts/invitation/")
    client.logout()
    assert client.get(link.removeprefix("http://testserver")).status_code == 200


def test_an_existing_account_gains_the_professor_role_only_by_accepting(
    client, iro, student, django_capture_on_commit_callbacks
):
    client.force_login(iro)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("teams:professor-create"),
            {
                "full_name": "x",
                "email": student.email,
                "department": "برق",
                "capacity": "2",
                "language": "fa",
            },  # fmt: skip
        )
    student.refresh_from_db()
    assert not student.is_professor

    link = next(w for w in mail.outbox[-1].body.split() if "/invitation/" in w)
    client.force_login(student)
    client.post(link.removeprefix("http://testserver"))

    student.refresh_from_db()
    assert student.is_professor and student.is_student
    assert User.objects.filter(email=student.email).count() == 1


def test_a_professor_keeps_their_expertise_but_not_their_capacity(
    client, world, supervisor
):
    client.force_login(supervisor)
    ai = FieldOfStudy.objects.get(slug="ai")

    client.post(
        reverse("teams:professor-profile"),
        {"department": "کامپیوتر", "expertise": [ai.pk], "capacity": "9"},
    )

    professor = Professor.objects.get(user=supervisor)
    assert list(professor.expertise.all()) == [ai]
    assert professor.capacity == 4
