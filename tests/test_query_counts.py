"""Every list answers with the same number of queries for 5 rows and for 500."""

from dataclasses import dataclass
from typing import Callable

import pytest
from django.urls import reverse
from django.utils import timezone

from industries.models import (
    IndustrialUnit,
    Meeting,
    ProblemRequest,
    UnitManager,
)
from partner_portal.models import FieldOfStudy, Notification, User
from teams.models import Enrolment, Professor, Student, TrainingSession

pytestmark = pytest.mark.django_db


def bulk_users(n, prefix, **flags):
    stamp = timezone.now().timestamp()
    return User.objects.bulk_create(
        User(
            email=f"{prefix}{stamp}-{i}@bulk.example",
            full_name=f"نفر {i}",
            password="!",
            **flags,
        )  # fmt: skip
        for i in range(n)
    )


def make_enrolments(world, n):
    field = FieldOfStudy.objects.get(slug="computer")
    users = bulk_users(n, "s", is_student=True)
    start = Student.objects.count() + 100000
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
    Enrolment.objects.bulk_create(
        Enrolment(
            student=s, round=world.objects["round"], weekly_hours=5, motivation="x"
        )
        for s in students
    )


def make_certificates(world, n):
    """Issued certificates of the world's placement, for new students."""
    from certificates.models import Certificate
    from tests.factories import certificate_facts

    field = FieldOfStudy.objects.get(slug="computer")
    users = bulk_users(n, "c", is_student=True)
    start = Student.objects.count() + 300000
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
    placement = world.objects["placement"]
    Certificate.objects.bulk_create(
        Certificate(**certificate_facts(placement, s), credit_hours=100)
        for s in students
    )


def make_problems(status):
    def make(world, n):
        problems = ProblemRequest.objects.bulk_create(
            ProblemRequest(
                unit=world.objects["unit"],
                title=f"مسئله {i}",
                description="شرح",
                status=status,
                submitted_at=timezone.now(),
            )  # fmt: skip
            for i in range(n)
        )
        fields = FieldOfStudy.objects.filter(slug__in=["mechanical", "industrial"])
        through = ProblemRequest.fields_needed.through
        through.objects.bulk_create(
            through(problemrequest_id=p.pk, fieldofstudy_id=f.pk)
            for p in problems
            for f in fields
        )

    return make


def make_units(world, n):
    IndustrialUnit.objects.bulk_create(
        IndustrialUnit(
            name=f"واحد {i}",
            area=world.objects["unit"].area,
            cluster=world.objects["unit"].cluster,
            introduced_by="direct",
        )  # fmt: skip
        for i in range(n)
    )


def make_meetings(world, n):
    meetings = Meeting.objects.bulk_create(
        Meeting(held_at=timezone.now(), place=f"جلسه {i}", attendees="x")
        for i in range(n)
    )
    through = Meeting.units.through
    through.objects.bulk_create(
        through(meeting_id=m.pk, industrialunit_id=world.objects["unit"].pk)
        for m in meetings
    )


def make_sessions(world, n):
    TrainingSession.objects.bulk_create(
        TrainingSession(
            round=world.objects["round"],
            title=f"جلسه {i}",
            starts_at=timezone.now(),
            place="تالار",
            capacity=30,
        )  # fmt: skip
        for i in range(n)
    )


def make_professors(world, n):
    fields = list(FieldOfStudy.objects.all()[:3])
    professors = Professor.objects.bulk_create(
        Professor(user=u, department="مکانیک", capacity=4)
        for u in bulk_users(n, "p", is_professor=True)
    )
    through = Professor.expertise.through
    through.objects.bulk_create(
        through(professor_id=p.pk, fieldofstudy_id=f.pk)
        for p in professors
        for f in fields
    )


def make_notifications(world, n):
    Notification.objects.bulk_create(
        Notification(
            recipient=world.person("student"),
            kind="enrolment_accepted",
            params={"round": "پاییز"},
        )  # fmt: skip
        for _ in range(n)
    )


def make_join_requests(world, n):
    units = IndustrialUnit.objects.bulk_create(
        IndustrialUnit(
            name=f"واحد {i}",
            area=world.objects["unit"].area,
            cluster=world.objects["unit"].cluster,
            introduced_by="direct",
        )  # fmt: skip
        for i in range(n)
    )
    UnitManager.objects.bulk_create(
        UnitManager(unit=u, user=world.person("other_unit_manager"), position="x")
        for u in units
    )


def make_rounds(world, n):
    from teams.models import Round

    Round.objects.bulk_create(
        Round(
            name_fa=f"دوره {i}",
            name_en=f"Round {i}",
            starts_on=timezone.now().date(),
            ends_on=timezone.now().date(),
        )  # fmt: skip
        for i in range(n)
    )


def make_program(world, n):
    """Rows for every program figure: enrolments, problems, certificates."""
    make_enrolments(world, n)
    make_problems("approved")(world, n)
    make_certificates(world, n)


@dataclass(frozen=True)
class ListPage:
    url_name: str
    persona: str
    make: Callable
    max_queries: int
    query: str = ""


LISTS = {
    "enrolment queue": ListPage("teams:enrolment-list", "iro", make_enrolments, 9),
    "problem review queue": ListPage(
        "industries:problem-list", "iro", make_problems("submitted"), 8
    ),
    "manager's problems": ListPage(
        "industries:problem-list", "manager", make_problems("draft"), 8
    ),
    "public catalogue": ListPage(
        "industries:catalogue", "anonymous", make_problems("approved"), 7
    ),
    "units": ListPage("industries:unit-list", "iro", make_units, 7),
    "meetings": ListPage("industries:meeting-list", "manager", make_meetings, 6),
    "training sessions": ListPage("teams:session-list", "iro", make_sessions, 5),
    "professors": ListPage("teams:professor-list", "iro", make_professors, 6),
    "notifications": ListPage("notifications", "student", make_notifications, 5),
    "rounds (with their moves)": ListPage("teams:round-list", "iro", make_rounds, 4),
    "requests to manage units": ListPage(
        "industries:join-request-list", "iro", make_join_requests, 4
    ),
    "certificates (the office)": ListPage(
        "certificates:certificates", "iro", make_certificates, 11
    ),
    "program figures": ListPage("figures", "iro", make_program, 15),
    "certificates (the supervisor)": ListPage(
        "certificates:certificates", "supervisor", make_certificates, 9
    ),
}


@pytest.mark.parametrize("name", LISTS)
def test_lists_keep_a_constant_number_of_queries(
    name, client, world, django_assert_max_num_queries
):
    page = LISTS[name]
    person = world.person(page.persona)
    if person is not None:
        client.force_login(person)
    url = reverse(page.url_name) + page.query

    page.make(world, 5)
    with django_assert_max_num_queries(page.max_queries) as with_5:
        assert client.get(url).status_code == 200
    page.make(world, 495)
    with django_assert_max_num_queries(page.max_queries) as with_500:
        assert client.get(url).status_code == 200

    assert len(with_5) == len(with_500), (
        f"{name}: {len(with_5)} queries for 5 rows, {len(with_500)} for 500"
    )
