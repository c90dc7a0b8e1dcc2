"""Search as Persian users type: Arabic or Persian letters, digits in any script,
ZWNJ as a space or nothing, all find the same rows, through one indexed column."""

import re

import pytest
from django.db import connection
from django.urls import reverse

from industries.models import IndustrialUnit, ProblemRequest
from partner_portal.models import User
from partner_portal.search import matching, refresh_search_keys
from partner_portal.text import ZWNJ
from teams.models import Enrolment, Student
from tests.factories import (
    EnrolmentFactory,
    MeetingFactory,
    ProblemFactory,
    ProfessorFactory,
    RoundFactory,
    UnitFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def queue_names(client, query, round_):
    response = client.get(
        reverse("teams:enrolment-list"), {"round": round_.pk, "q": query}
    )
    assert response.status_code == 200
    return sorted(e.student.user.full_name for e in response.context["page_obj"])


@pytest.fixture
def queue(client, iro):
    round_ = RoundFactory()
    for name, number in [
        ("علی کاظمی", "401123457"),
        (f"مریم محمدی{ZWNJ}نژاد", "402000001"),
        ("کاوه رستمی", "403000002"),
    ]:
        EnrolmentFactory(
            round=round_,
            student__user__full_name=name,
            student__student_number=number,
            student__entry_year=1400 + int(number[2]),
        )
    client.force_login(iro)
    return round_


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("علي", ["علی کاظمی"]),  # Arabic yeh typed, Persian stored
        ("كاظمي", ["علی کاظمی"]),
        ("علیکاظمی", ["علی کاظمی"]),  # no space at all
        ("محمدی نژاد", [f"مریم محمدی{ZWNJ}نژاد"]),  # a space for the ZWNJ
        ("محمدینژاد", [f"مریم محمدی{ZWNJ}نژاد"]),  # nothing for it
        ("۴۰۱۱۲۳۴۵۷", ["علی کاظمی"]),  # Persian digits
        ("٤٠١١", ["علی کاظمی"]),  # Arabic-Indic digits, the start of a number
        ("40", ["علی کاظمی", "کاوه رستمی", f"مریم محمدی{ZWNJ}نژاد"]),
    ],
)
def test_the_queue_finds_a_student_however_the_query_is_typed(
    client, queue, query, found
):
    assert queue_names(client, query, queue) == sorted(found)


def test_names_stored_with_arabic_letters_are_found_with_persian_ones(client, queue):
    EnrolmentFactory(round=queue, student__user__full_name="رضا كريمي")

    assert queue_names(client, "کریمی", queue) == ["رضا کریمی"]
    # Stored in the Persian form, too.
    assert User.objects.filter(full_name="رضا کریمی").exists()


def test_the_queue_still_finds_by_email(client, queue):
    user = Enrolment.objects.get(student__student_number="403000002").student.user
    user.email = "k.rostami@test.example"
    user.save()

    assert queue_names(client, "K.Rostami@", queue) == ["کاوه رستمی"]


def test_the_catalogue_and_the_review_queue_search_titles_and_descriptions(client, iro):
    ProblemFactory(title="ترک خوردن كاشي در كوره", status="approved")
    ProblemFactory(
        title="مسئله دوم", description="ضايعات لعاب زياد است", status="approved"
    )
    ProblemFactory(title="مسئله سوم", confidential_notes="کاشی محرمانه")

    public = client.get(reverse("industries:catalogue"), {"q": "کاشی"})
    by_description = client.get(reverse("industries:catalogue"), {"q": "ضایعات لعاب"})
    client.force_login(iro)
    review = client.get(reverse("industries:problem-list"), {"q": "كاشی"})

    assert [p.title for p in public.context["page_obj"]] == ["ترک خوردن کاشی در کوره"]
    assert [p.title for p in by_description.context["page_obj"]] == ["مسئله دوم"]
    # Confidential notes are never searched.
    assert [p.title for p in review.context["page_obj"]] == ["ترک خوردن کاشی در کوره"]


def test_units_are_found_by_name_in_the_unit_list_problems_and_meetings(client, iro):
    tiles = UnitFactory(name="كاشي سازي قم")
    UnitFactory(name="شیرینی پزی")
    ProblemFactory(unit=tiles, title="مسئله کاشی")
    MeetingFactory(units=[tiles], place="دفتر")
    client.force_login(iro)

    units = client.get(reverse("industries:unit-list"), {"q": "کاشی‌سازی"})
    problems = client.get(reverse("industries:problem-list"), {"unit": "کاشی سازی"})
    meetings = client.get(reverse("industries:meeting-list"), {"unit": "كاشي"})

    assert [u.name for u in units.context["page_obj"]] == ["کاشی سازی قم"]
    assert [p.title for p in problems.context["page_obj"]] == ["مسئله کاشی"]
    assert [m.place for m in meetings.context["page_obj"]] == ["دفتر"]


def test_professors_are_found_by_name_and_department(client, iro):
    ProfessorFactory(user__full_name="مهدي موسوي", department="دانشکده برق")
    ProfessorFactory(user__full_name="سارا نوری", department="دانشکده مهندسی‌ مکانیک")
    client.force_login(iro)

    def names(query):
        response = client.get(reverse("teams:professor-list"), {"q": query})
        return [p.user.full_name for p in response.context["page_obj"]]

    assert names("مهدی موسوی") == ["مهدی موسوی"]
    assert names("مهندسی مکانیک") == ["سارا نوری"]


def test_keys_follow_every_way_a_name_is_written():
    user = UserFactory(full_name="علی")
    user.full_name = "حسین"
    user.save(update_fields=["full_name"])
    assert User.objects.get(pk=user.pk).search_key.startswith("حسین|")

    User.objects.filter(pk=user.pk).update(full_name="حسن")
    assert User.objects.get(pk=user.pk).search_key.startswith("حسن|")

    [bulk] = User.objects.bulk_create([User(email="b@test.example", full_name="رضا")])
    assert User.objects.get(pk=bulk.pk).search_key == "رضا|b@test.example"

    bulk.full_name = "زهرا"
    User.objects.bulk_update([bulk], ["full_name"])
    assert User.objects.get(pk=bulk.pk).search_key == "زهرا|b@test.example"


def test_the_migration_fills_and_normalises_rows_written_before_the_key():
    unit = UnitFactory(name="کاشی")
    problem = ProblemFactory(unit=unit)
    # As rows stood before the key existed: Arabic letters, no key.
    IndustrialUnit.objects.filter(pk=unit.pk).update(name="كاشي", search_key="")
    ProblemRequest.objects.filter(pk=problem.pk).update(search_key="")

    refresh_search_keys(IndustrialUnit.objects.all(), ["name"])
    refresh_search_keys(ProblemRequest.objects.all(), ["title", "description"])

    unit.refresh_from_db()
    problem.refresh_from_db()
    assert (unit.name, unit.search_key) == ("کاشی", "کاشی")
    assert problem.search_key.startswith("کاهشضایعاتخطتولید")


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("queryset", "index"),
    [
        (lambda: matching(User.objects.all(), "علي"), "user_search_key_trgm"),
        (lambda: matching(ProblemRequest.objects.all(), "كاشي"), "problem_search_key"),
        (lambda: matching(IndustrialUnit.objects.all(), "كاشي"), "unit_search_key"),
        (
            lambda: Student.objects.filter(student_number__startswith="401"),
            r"teams_student_student_number_\w+_like",
        ),
    ],
)
def test_on_postgresql_the_searches_can_use_an_index(queryset, index):
    sql, params = queryset().query.sql_with_params()
    with connection.cursor() as cursor:
        # A test has few rows: make the planner say whether it *could* use one.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert re.search(rf"Index Scan (on|using) {index}", plan), plan
