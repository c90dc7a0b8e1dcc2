import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

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

    response = client.get(reverse("teams:enrolment-export"), {"status": "trained"})

    body = b"".join(response.streaming_content).decode("utf-8")
    rows = list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert body.startswith("\ufeff")
    assert rows[0][:3] == ["student_number", "full_name", "email"]
    assert [row[0] for row in rows[1:]] == [
        world.objects["enrolment"].student.student_number
    ]
