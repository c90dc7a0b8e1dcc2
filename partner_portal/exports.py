"""CSV exports: one streaming writer that every export uses.

An export declares its columns once, each as (machine name, translated header, value
for people, and optionally a different value for programs), and comes in two layouts:

- **for people** (the default): headers in the reader's language, dates in the
  reader's calendar (Jalali ``1405/08/30`` in Persian, ``2026-11-21`` in English),
  choices by their translated labels. Digits stay Latin inside the cells, also in
  Persian, so that spreadsheet programs still sort, sum and filter them as numbers.
- **for programs** (``?format=machine``): the English machine names as headers, ISO
  dates and stable codes (``accepted``, ``bsc``, a field's code): what the imports
  read back, and what scripts can rely on across languages and releases.

Every text cell that starts with ``= + - @``, a tab or a carriage return gets a
leading apostrophe, so that a spreadsheet shows it as text instead of running it as a
formula (a name typed as ``=HYPERLINK(...)`` would otherwise become a live link);
``unescape_cell`` undoes it on import. Numbers are written as they are. The file
starts with a UTF-8 byte-order mark so that Excel reads Persian text.
"""

import csv
import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import jdatetime
from django.http import StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext

MACHINE = "machine"
PEOPLE = "people"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    name: str  # the machine header
    header: Any  # the header for people (a lazy translation)
    value: Callable[[Any], Any]  # row -> what people read
    machine: Callable[[Any], Any] | None = None  # row -> what programs read

    def cell(self, row, layout):
        getter = self.machine if layout == MACHINE and self.machine else self.value
        return format_cell(getter(row), layout)


def layout_of(request):
    return MACHINE if request.GET.get("format") == MACHINE else PEOPLE


def escape_cell(text):
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def unescape_cell(text):
    """An exported cell read back: the apostrophe ``escape_cell`` added goes."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def format_cell(value, layout):
    if value is None:
        return ""
    if isinstance(value, bool):
        if layout == MACHINE:
            return str(value).lower()
        return gettext("yes") if value else gettext("no")
    if isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, datetime.datetime):
        return format_datetime(value, layout)
    if isinstance(value, datetime.date):
        return format_date(value, layout)
    return escape_cell(str(value))


def format_date(value, layout):
    if layout == PEOPLE and translation.get_language() == "fa":
        return jdatetime.date.fromgregorian(date=value).strftime("%Y/%m/%d")
    return value.isoformat()


def format_datetime(value, layout):
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    if layout == MACHINE:
        return value.isoformat(timespec="seconds")
    return f"{format_date(value.date(), layout)} {value:%H:%M}"


class _Echo:
    """A file whose write() hands the line back, for streaming csv.writer output."""

    def write(self, value):
        return value


def csv_lines(rows: Iterable, columns: list[Column], layout: str):
    writer = csv.writer(_Echo())
    yield "\ufeff"
    if layout == MACHINE:
        yield writer.writerow([column.name for column in columns])
    else:
        yield writer.writerow(
            [escape_cell(capfirst(column.header)) for column in columns]
        )
    for row in rows:
        yield writer.writerow([column.cell(row, layout) for column in columns])


def csv_response(*, rows, columns, filename, layout):
    """A streamed CSV download of ``rows`` (iterate a queryset with ``.iterator()``).

    The generator renders in the language active now, which it keeps for the rows
    it writes after the view has returned."""
    language = translation.get_language()

    def lines():
        with translation.override(language):
            yield from csv_lines(rows, columns, layout)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    name = f"{filename}-{MACHINE}" if layout == MACHINE else filename
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response
