"""The shared CSV and Excel writers (partner_portal/exports.py) that every export
uses."""

import csv
import datetime
import io
from decimal import Decimal
from types import SimpleNamespace

import openpyxl
import pytest
from django.utils import timezone, translation

from partner_portal.exports import (
    MACHINE,
    PEOPLE,
    Column,
    csv_response,
    escape_cell,
    unescape_cell,
    xlsx_response,
)


@pytest.mark.parametrize(
    "text",
    ["=1+1", "+31", "-2+3", "@SUM(A1)", "\tx", "\rx", '=HYPERLINK("http://e.x")'],
)
def test_a_cell_a_spreadsheet_would_run_gets_an_apostrophe_and_comes_back(text):
    escaped = escape_cell(text)

    assert escaped == "'" + text
    assert unescape_cell(escaped) == text


@pytest.mark.parametrize("text", ["Arash", "a=b", "1405/08/30", "", "'quoted"])
def test_other_cells_are_written_as_they_are(text):
    assert escape_cell(text) == text
    assert unescape_cell(text) == text


COLUMNS = [
    Column("name", "name", lambda r: r.name),
    Column("balance", "balance", lambda r: r.balance),
    Column("price", "price", lambda r: r.price),
    Column("day", "day", lambda r: r.day),
    Column("at", "time", lambda r: r.at),
    Column("ok", "accepted", lambda r: r.ok),
    Column("state", "state", lambda r: r.label, machine=lambda r: r.code),
]
ROW = SimpleNamespace(
    name="-Arash",
    balance=-5,
    price=Decimal("-1.50"),
    day=datetime.date(2026, 11, 21),
    at=datetime.datetime(2026, 11, 21, 10, 30, tzinfo=datetime.UTC),
    ok=True,
    label="Accepted",
    code="accepted",
)


def read(language, layout):
    with translation.override(language), timezone.override("Asia/Tehran"):
        response = csv_response(
            rows=[ROW], columns=COLUMNS, filename="things", layout=layout
        )
        body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return response, list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))


def test_for_people_dates_follow_the_readers_calendar_with_latin_digits():
    _response, (header, row) = read("fa", PEOPLE)

    assert header[0] == "Name"
    assert row[:4] == ["'-Arash", "-5", "-1.50", "1405/08/30"]
    assert row[4] == "1405/08/30 14:00"
    assert row[6] == "Accepted"


def test_for_people_in_english_dates_are_iso():
    _response, (_header, row) = read("en", PEOPLE)

    assert row[3:6] == ["2026-11-21", "2026-11-21 14:00", "yes"]


def test_for_programs_the_layout_is_the_same_in_every_language():
    response, persian = read("fa", MACHINE)
    _response, english = read("en", MACHINE)

    assert persian == english
    assert persian[0] == ["name", "balance", "price", "day", "at", "ok", "state"]
    assert persian[1][3:] == ["2026-11-21", "2026-11-21T14:00:00+03:30", "true",
                              "accepted"]  # fmt: skip
    assert response["Content-Disposition"] == (
        'attachment; filename="things-machine.csv"'
    )


def test_a_header_that_looks_like_a_formula_is_escaped_too():
    column = Column("x", "=cmd", lambda r: "")

    with translation.override("en"):
        body = b"".join(
            csv_response(
                rows=[], columns=[column], filename="x", layout=PEOPLE
            ).streaming_content
        ).decode()

    assert body == "\ufeff'=cmd\r\n"


def read_xlsx(language, layout, rows=(ROW,), columns=COLUMNS):
    with translation.override(language), timezone.override("Asia/Tehran"):
        response = xlsx_response(
            rows=list(rows), columns=columns, filename="things", layout=layout
        )
        body = b"".join(response.streaming_content)
    return response, openpyxl.load_workbook(io.BytesIO(body)).active


def test_excel_for_persian_readers_is_right_to_left_with_jalali_dates():
    response, sheet = read_xlsx("fa", PEOPLE)
    header, row = ([c.value for c in line] for line in sheet.iter_rows())

    assert sheet.sheet_view.rightToLeft
    assert response["Content-Disposition"] == 'attachment; filename="things.xlsx"'
    assert header[0] == "Name"
    assert row[1:3] == [-5, -1.5]  # numbers, not text
    assert row[3:6] == ["1405/08/30", "1405/08/30 14:00", "بله"]


def test_excel_in_english_has_real_dates_in_the_readers_time():
    _response, sheet = read_xlsx("en", PEOPLE)
    row = list(next(sheet.iter_rows(min_row=2)))
    # Excel cells have no time zone: the reader's wall-clock time.
    tehran = datetime.datetime(2026, 11, 21, 14, 0, tzinfo=datetime.UTC)

    assert not sheet.sheet_view.rightToLeft
    assert row[3].is_date and row[3].value == tehran.replace(hour=0, tzinfo=None)
    assert row[4].value == tehran.replace(tzinfo=None)
    assert row[5].value == "yes"


def test_excel_for_programs_has_machine_headers_and_codes():
    response, sheet = read_xlsx("fa", MACHINE)
    header, row = ([c.value for c in line] for line in sheet.iter_rows())

    assert not sheet.sheet_view.rightToLeft
    assert "things-machine.xlsx" in response["Content-Disposition"]
    assert header == ["name", "balance", "price", "day", "at", "ok", "state"]
    assert row[5:] == ["true", "accepted"]


@pytest.mark.parametrize("text", ["=1+1", "+31", "-Arash", "@SUM(A1)"])
def test_excel_keeps_formula_like_text_as_text_without_an_apostrophe(text):
    column = Column("x", "x", lambda r: r)

    _response, sheet = read_xlsx("en", PEOPLE, rows=[text], columns=[column])
    cell = sheet.cell(row=2, column=1)

    assert cell.data_type == "s"
    assert cell.value == text
    assert cell.quotePrefix
