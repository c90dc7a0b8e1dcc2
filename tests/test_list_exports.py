"""The office's lists as CSV and Excel: what each export holds (the list's filters,
Persian text), who may download it, and that it costs a fixed number of queries
and a bounded amount of memory however many rows it has."""

import csv
import io
from dataclasses import dataclass
from typing import Callable

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from industries.models import IndustrialUnit, ProblemRequest
from placements.models import Placement
from teams.models import Enrolment, Membership, Student, Team
from tests import factories
from tests.test_query_counts import (
    bulk_users,
    make_certificates,
    make_enrolments,
    make_problems,
    make_units,
)

pytestmark = pytest.mark.django_db


def download(response):
    content = getattr(response, "streaming_content", None)
    return b"".join(content) if content is not None else response.content


def read_csv(response):
    assert response["Content-Type"].startswith("text/csv")
    text = download(response).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


def read_xlsx(response):
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    workbook = openpyxl.load_workbook(io.BytesIO(download(response)))
    return workbook.active


def sheet_rows(sheet):
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def make_placements(world, n):
    """Confirmed teams of the world's round, each placed at the unit."""
    unit = world.objects["unit"]
    problems = ProblemRequest.objects.bulk_create(
        ProblemRequest(
            unit=unit,
            title=f"مسئله {i}",
            description="شرح",
            status=ProblemRequest.Status.ASSIGNED,
        )  # fmt: skip
        for i in range(n)
    )
    teams = Team.objects.bulk_create(
        Team(
            round=world.objects["round"],
            problem=p,
            supervisor=world.objects["professor"],
            status=Team.Status.CONFIRMED,
        )  # fmt: skip
        for p in problems
    )
    Placement.objects.bulk_create(Placement(team=t) for t in teams)


def make_team_members(world, n):
    """New members of the student's team (the export lists one row per member)."""
    round_ = world.objects["round"]
    field = world.objects["enrolment"].student.field
    start = Student.objects.count() + 500000
    students = Student.objects.bulk_create(
        Student(
            user=u,
            student_number=f"4{start + i:08d}",
            field=field,
            level="bsc",
            entry_year=1402,
        )  # fmt: skip
        for i, u in enumerate(bulk_users(n, "m", is_student=True))
    )
    enrolments = Enrolment.objects.bulk_create(
        Enrolment(
            student=s,
            round=round_,
            weekly_hours=5,
            motivation="x",
            status=Enrolment.Status.TRAINED,
        )  # fmt: skip
        for s in students
    )
    Membership.objects.bulk_create(
        Membership(team=world.objects["team"], enrolment=e) for e in enrolments
    )


@dataclass(frozen=True)
class Export:
    url_name: str
    make: Callable
    list_url_name: str
    round_argument: bool = False

    def url(self, world, query=""):
        args = [world.objects["round"].pk] if self.round_argument else []
        return reverse(self.url_name, args=args) + query


EXPORTS = {
    "enrolments": Export("teams:enrolment-export", make_enrolments, "enrolment-list"),
    "units": Export("industries:unit-export", make_units, "unit-list"),
    "problems": Export(
        "industries:problem-export", make_problems("submitted"), "problem-list"
    ),
    "teams": Export(
        "teams:team-export", make_team_members, "formation", round_argument=True
    ),
    "placements": Export("placements:placement-export", make_placements, "board"),
    "certificates": Export(
        "certificates:certificate-export", make_certificates, "certificates"
    ),
}


# --- Query counts ---------------------------------------------------------------------


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@pytest.mark.parametrize("name", EXPORTS)
def test_an_export_runs_the_same_queries_for_5_rows_as_for_50(
    name, file_format, client, world, django_assert_max_num_queries
):
    export = EXPORTS[name]
    client.force_login(world.person("iro"))
    url = export.url(world, f"?as={file_format}")

    export.make(world, 5)
    with django_assert_max_num_queries(12) as with_5:
        first = download(client.get(url))
    export.make(world, 45)
    with django_assert_max_num_queries(12) as with_50:
        second = download(client.get(url))

    assert len(second) > len(first)
    assert len(with_5) == len(with_50), (
        f"{name}: {len(with_5)} queries for 5 rows, {len(with_50)} for 50"
    )


# --- Access ---------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["student", "supervisor", "manager"])
@pytest.mark.parametrize("name", EXPORTS)
def test_only_the_office_may_export(name, persona, client, world):
    client.force_login(world.person(persona))

    for query in ("", "?as=xlsx"):
        response = client.get(EXPORTS[name].url(world, query))
        assert response.status_code == 403
        assert "attachment" not in response.get("Content-Disposition", "")


def test_the_teams_of_an_unknown_round_are_not_found(client, iro):
    client.force_login(iro)

    assert client.get(reverse("teams:team-export", args=[999999])).status_code == 404


@pytest.mark.parametrize("name", EXPORTS)
def test_a_visitor_is_sent_to_log_in(name, client, world):
    response = client.get(EXPORTS[name].url(world, "?as=xlsx"))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


# --- What the files hold --------------------------------------------------------------


def test_units_in_csv_and_excel_keep_persian_names_and_honour_the_search(
    client, world, iro
):
    client.force_login(iro)
    url = reverse("industries:unit-export") + "?q=لوازم"

    header, *rows = read_csv(client.get(url))
    sheet = read_xlsx(client.get(url + "&as=xlsx"))

    assert header[0] == "نام"
    assert [row[0] for row in rows] == ["لوازم خانگی پارس قم"]
    assert sheet_rows(sheet)[1][0] == "لوازم خانگی پارس قم"
    assert sheet.max_row == 2
    assert sheet.sheet_view.rightToLeft


def test_the_problem_export_is_the_review_queue_until_filtered(client, world, iro):
    client.force_login(iro)
    url = reverse("industries:problem-export")
    submitted = factories.ProblemFactory(
        unit=world.objects["unit"],
        title="ضایعات سنگ",
        status=ProblemRequest.Status.SUBMITTED,
    )

    _header, *queue = read_csv(client.get(url + "?format=machine"))
    _header, *drafts = read_csv(client.get(url + "?status=draft&format=machine"))

    waiting = ProblemRequest.objects.filter(status=ProblemRequest.Status.SUBMITTED)
    assert {row[1] for row in queue} == {p.title for p in waiting}
    assert submitted.title in {row[1] for row in queue}
    assert {row[9] for row in queue} == {"submitted"}
    assert {row[1] for row in drafts} == {world.objects["draft_problem"].title}
    assert {row[9] for row in drafts} == {"draft"}


def test_an_invalid_filter_exports_no_row(client, world, iro):
    client.force_login(iro)

    header, *rows = read_csv(
        client.get(reverse("industries:unit-export") + "?area=999999")
    )

    assert header and rows == []


def test_enrolments_in_excel_have_typed_cells_in_english(client, world, iro):
    client.force_login(iro)
    enrolment = world.objects["enrolment"]

    sheet = read_xlsx(
        client.get("/en" + reverse("teams:enrolment-export") + "?as=xlsx&q=" +
                   enrolment.student.student_number)
    )  # fmt: skip
    header, row = sheet_rows(sheet)

    assert header[0] == "Student number"
    assert not sheet.sheet_view.rightToLeft
    assert row[0] == enrolment.student.student_number
    assert row[1] == enrolment.student.user.full_name
    assert isinstance(row[5], int | float) and row[5] == enrolment.student.entry_year
    assert row[9].date() == timezone.localtime(enrolment.created_at).date()


def test_enrolments_in_excel_for_persian_readers_have_jalali_dates(client, world, iro):
    client.force_login(iro)
    enrolment = world.objects["enrolment"]

    sheet = read_xlsx(
        client.get(reverse("teams:enrolment-export") + "?as=xlsx&q=" +
                   enrolment.student.student_number)
    )  # fmt: skip
    _header, row = sheet_rows(sheet)

    assert sheet.sheet_view.rightToLeft
    assert row[9].startswith("14")  # 1405/…: text, Excel has no Jalali calendar


def test_the_machine_layout_works_in_excel_too(client, world, iro):
    client.force_login(iro)

    response = client.get(reverse("teams:enrolment-export") + "?as=xlsx&format=machine")
    sheet = read_xlsx(response)

    assert "enrolments-machine.xlsx" in response["Content-Disposition"]
    assert sheet_rows(sheet)[0][:3] == ["student_number", "full_name", "email"]
    assert not sheet.sheet_view.rightToLeft


def test_a_name_that_looks_like_a_formula_stays_text(client, world, iro):
    client.force_login(iro)
    IndustrialUnit.objects.filter(pk=world.objects["unit"].pk).update(
        name='=HYPERLINK("http://e.example","x")', search_key="hyperlink"
    )
    url = reverse("industries:unit-export") + "?q=hyperlink"

    _header, *csv_rows = read_csv(client.get(url))
    assert len(csv_rows) == 1, csv_rows
    csv_row = csv_rows[0]
    sheet = read_xlsx(client.get(url + "&as=xlsx"))
    cell = sheet.cell(row=2, column=1)

    assert csv_row[0] == '\'=HYPERLINK("http://e.example","x")'
    assert cell.data_type == "s"  # a string, not a formula ("f")
    assert cell.value == '=HYPERLINK("http://e.example","x")'
    assert cell.quotePrefix


def test_the_team_export_lists_each_member_of_the_rounds_teams(client, world, iro):
    """Those of a completed team too; not those taken off a team."""
    client.force_login(iro)
    Membership.objects.filter(team=world.objects["team"]).update(
        ended_at=timezone.now(), end_reason=Membership.EndReason.COMPLETED
    )
    Membership.objects.filter(team=world.objects["other_team"]).update(
        ended_at=timezone.now(), end_reason=Membership.EndReason.REMOVED
    )

    _header, *rows = read_csv(
        client.get(reverse("teams:team-export", args=[world.objects["round"].pk]))
    )

    assert [row[5] for row in rows] == [
        world.objects["enrolment"].student.student_number
    ]


def test_the_placement_export_honours_the_boards_filters(client, world, iro):
    client.force_login(iro)
    supervisor = world.objects["professor"]
    url = reverse("placements:placement-export") + f"?supervisor={supervisor.pk}"

    _header, *rows = read_csv(client.get(url))

    assert [int(row[0]) for row in rows] == [world.objects["placement"].pk]
    assert rows[0][6] == supervisor.user.full_name


def test_the_certificate_export_honours_the_status_filter(client, world, iro):
    client.force_login(iro)
    make_certificates(world, 3)
    url = reverse("certificates:certificate-export")

    _header, *every = read_csv(client.get(url))
    _header, *revoked = read_csv(client.get(url + "?status=revoked"))

    assert len(every) == 3
    assert revoked == []


# --- The buttons on the lists ---------------------------------------------------------


def test_the_export_buttons_carry_the_lists_filters_without_the_page(
    client, world, iro
):
    client.force_login(iro)

    page = client.get(reverse("industries:unit-list") + "?q=لوازم&page=1")

    export = reverse("industries:unit-export")
    assert f'href="{export}?q=%D9%84%D9%88%D8%A7%D8%B2%D9%85"' in page.text
    assert f'href="{export}?q=%D9%84%D9%88%D8%A7%D8%B2%D9%85&amp;as=xlsx"' in (
        page.text
    )


@pytest.mark.parametrize("name", EXPORTS)
def test_every_exported_list_offers_both_files(name, client, world, iro):
    client.force_login(iro)
    export = EXPORTS[name]
    args = [world.objects["round"].pk] if export.round_argument else []
    app = export.url_name.split(":")[0]

    page = client.get(reverse(f"{app}:{export.list_url_name}", args=args))

    assert f'href="{export.url(world)}"' in page.text
    assert f'href="{export.url(world, "?as=xlsx")}"' in page.text
