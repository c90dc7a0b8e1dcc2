"""Exports of the office's lists as CSV or Excel: one writer of each that every export
uses, chosen by ``?as=xlsx`` (CSV otherwise) in ``export_response``.

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

The Excel file has the same columns and layouts with typed cells: numbers as
numbers, dates as dates (Jalali text for Persian readers, as in the CSV, since
Excel has no Jalali calendar), text with ``write_string``, which never makes a
formula; a text cell that starts like a formula also gets Excel's own quote prefix,
so it stays text when someone edits it, without an apostrophe in its value. The
sheet reads right to left for Persian readers. Both writers take the rows one at a
time (``queryset.iterator(chunk_size=2000)``): the CSV streams, the workbook is
written in XlsxWriter's constant-memory mode to a temporary file that is then
served, so 70,000 rows take no more memory than 70.
"""

import csv
import datetime
import functools
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from operator import attrgetter
from typing import Any

import jdatetime
import xlsxwriter
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext

MACHINE = "machine"
PEOPLE = "people"
CSV = "csv"
XLSX = "xlsx"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The query-string parameters that choose the file, not the rows.
EXPORT_PARAMETERS = ("as", "format", "page")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    name: str  # the machine header
    header: Any  # the header for people (a lazy translation)
    value: Callable[[Any], Any]  # row -> what people read
    machine: Callable[[Any], Any] | None = None  # row -> what programs read

    def raw(self, row, layout):
        getter = self.machine if layout == MACHINE and self.machine else self.value
        return getter(row)

    def cell(self, row, layout):
        return format_cell(self.raw(row, layout), layout)

    def title(self, layout):
        return self.name if layout == MACHINE else capfirst(self.header)


def choice_column(name, header, path):
    """A choice field at ``path`` (``"status"``, ``"student.level"``): its
    translated label for people, its stable code for programs."""
    *owner, field = path.split(".")
    get_owner = attrgetter(".".join(owner)) if owner else (lambda row: row)
    return Column(
        name,
        header,
        lambda row: getattr(get_owner(row), f"get_{field}_display")(),
        machine=lambda row: getattr(get_owner(row), field),
    )


def layout_of(request):
    return MACHINE if request.GET.get("format") == MACHINE else PEOPLE


def file_format_of(request):
    return XLSX if request.GET.get("as") == XLSX else CSV


def filter_data(request):
    """The list's filters in an export's query string, without the parameters that
    choose the file: what the list's FilterSet is bound to (None when nothing is
    left, so that a list's default filter applies as on the list)."""
    data = request.GET.copy()
    for key in EXPORT_PARAMETERS:
        data.pop(key, None)
    return data or None


def export_rows(filterset):
    """The rows a list's bound FilterSet selects, one chunk of 2,000 at a time;
    none when a filter is invalid (an export shows no error next to the field)."""
    if filterset.is_bound and not filterset.is_valid():
        return iter(())
    return filterset.qs.iterator(chunk_size=2000)


def export_response(request, *, rows, columns, filename, file_format=None):
    """``rows`` as a download, CSV or Excel (``?as=xlsx``), for people or for
    programs (``?format=machine``)."""
    layout = layout_of(request)
    if (file_format or file_format_of(request)) == XLSX:
        return xlsx_response(
            rows=rows, columns=columns, filename=filename, layout=layout
        )
    return csv_response(rows=rows, columns=columns, filename=filename, layout=layout)


def download_name(filename, layout, extension):
    name = f"{filename}-{MACHINE}" if layout == MACHINE else filename
    return f"{name}.{extension}"


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
        return jalali_text(value)
    return value.isoformat()


@functools.lru_cache(maxsize=4096)
def jalali_text(value):
    # Cached: an export's rows share few days, and the conversion is its slowest cell.
    return jdatetime.date.fromgregorian(date=value).strftime("%Y/%m/%d")


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
    yield writer.writerow([escape_cell(column.title(layout)) for column in columns])
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
    name = download_name(filename, layout, CSV)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- Excel ----------------------------------------------------------------------------


def xlsx_response(*, rows, columns, filename, layout):
    """An Excel download of ``rows``, written row by row to a temporary file (which
    goes when the response closes it) and served from there."""
    spool = tempfile.TemporaryFile()  # FileResponse closes it, which removes it
    write_xlsx(spool, rows, columns, layout)
    spool.seek(0)
    return FileResponse(
        spool,
        as_attachment=True,
        filename=download_name(filename, layout, XLSX),
        content_type=XLSX_TYPE,
    )


def write_xlsx(target, rows: Iterable, columns: list[Column], layout: str):
    workbook = xlsxwriter.Workbook(target, {"constant_memory": True})
    sheet = workbook.add_worksheet()
    if for_persian_readers(layout):
        sheet.right_to_left()
    styles = XlsxStyles(workbook, jalali=for_persian_readers(layout))
    sheet.set_column(0, len(columns) - 1, 20)
    sheet.freeze_panes(1, 0)
    for number, column in enumerate(columns):
        sheet.write_string(0, number, str(column.title(layout)), styles.header)
    for line, row in enumerate(rows, start=1):
        for number, column in enumerate(columns):
            write_xlsx_cell(
                sheet, line, number, column.raw(row, layout), layout, styles
            )
    workbook.close()


class XlsxStyles:
    def __init__(self, workbook, *, jalali):
        self.jalali = jalali  # dates as Jalali text
        self.header = workbook.add_format({"bold": True})
        self.date = workbook.add_format({"num_format": "yyyy-mm-dd"})
        self.datetime = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"})
        # Excel's own "this is text" mark: no apostrophe in the value.
        self.quoted = workbook.add_format({"quote_prefix": True})


def write_xlsx_cell(sheet, line, number, value, layout, styles):
    if value is None:
        return
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        sheet.write_number(line, number, float(value))
    elif isinstance(value, datetime.date) and not styles.jalali:
        write_xlsx_date(sheet, line, number, value, styles)
    elif isinstance(value, bool | datetime.date):
        sheet.write_string(line, number, format_cell(value, layout))
    else:
        text = str(value)
        style = styles.quoted if text.startswith(FORMULA_STARTS) else None
        sheet.write_string(line, number, text, style)


def write_xlsx_date(sheet, line, number, value, styles):
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.make_naive(value)
        sheet.write_datetime(line, number, value, styles.datetime)
    else:
        sheet.write_datetime(line, number, value, styles.date)


def for_persian_readers(layout):
    """A right-to-left sheet, dates as Jalali text (Excel has no Jalali calendar)."""
    return layout == PEOPLE and translation.get_language() == "fa"
