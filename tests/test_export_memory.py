"""Exports take the same memory for 70,000 rows as for 70: the CSV streams, the
workbook is written in XlsxWriter's constant-memory mode, and the views read their
querysets in chunks of 2,000.

tracemalloc slows Python down several times over, so the 70,000 rows come from a
generator of light rows (the writers' share), and the views' share (a queryset
read whole would hold every model instance) is checked on 10,000 rows, where
reading them whole already takes four times the bound. Run with ``-s`` to see the
measures."""

import datetime
import time
import tracemalloc
from types import SimpleNamespace

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone, translation

from industries.models import IndustrialUnit
from partner_portal.exports import PEOPLE, Column, csv_response, xlsx_response

# Memory that does not grow with the rows: ten times the rows, the same peak (the
# 70,000 rows of the province were measured at 5.2 MiB for the CSV and 4.5 MiB for
# Excel through a view; the suite compares 1,000 with 10,000 to stay quick).
FEW, MANY = 1_000, 10_000
WRITER_BOUND = 30 * 1024 * 1024
GROWTH_ALLOWED = 2 * 1024 * 1024
# Chunked (2,000 rows at a time), the unit export of 5,000 rows peaks near 5 MiB;
# read whole, near 10.5 (10,000 rows: 5.1 and 21 MiB).
VIEW_BOUND = 8 * 1024 * 1024

COLUMNS = [
    Column("number", "number", lambda r: r.number),
    Column("name", "name", lambda r: r.name),
    Column("day", "day", lambda r: r.day),
    Column("at", "registered at", lambda r: r.at),
    Column("formula", "note", lambda r: r.note),
]


def light_rows(n):
    day, at = datetime.date(2026, 11, 21), timezone.now()
    for i in range(n):
        yield SimpleNamespace(
            number=i, name=f"واحد صنعتی شماره {i}", day=day, at=at, note="=1+1"
        )


def measured(download, target):
    """Run ``download()`` (a response) and write its content to ``target`` under
    tracemalloc: the bytes, the seconds, the peak of memory allocated meanwhile."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        size = 0
        with target.open("wb") as spool:
            for chunk in download().streaming_content:
                size += len(chunk)
                spool.write(chunk)  # on disk, not in the measure
        seconds = time.perf_counter() - started
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    print(  # noqa: T201 -- the measure, for the record
        f"\n{target.name}: {size / 1e6:.1f} MB in {seconds:.1f} s under tracemalloc, "
        f"peak {peak / 2**20:.1f} MiB"
    )
    return peak


@pytest.mark.parametrize("response", [csv_response, xlsx_response])
def test_ten_times_the_rows_take_no_more_memory(response, tmp_path):
    suffix = "csv" if response is csv_response else "xlsx"
    peaks = {}
    with translation.override("fa"):
        for n in (FEW, MANY):
            target = tmp_path / f"rows-{n}.{suffix}"
            peaks[n] = measured(
                lambda n=n: response(
                    rows=light_rows(n), columns=COLUMNS, filename="x", layout=PEOPLE
                ),
                target,
            )

    assert peaks[MANY] < WRITER_BOUND
    assert peaks[MANY] < peaks[FEW] + GROWTH_ALLOWED, peaks
    if target.suffix == ".csv":
        with target.open(encoding="utf-8-sig") as lines:
            assert sum(1 for _ in lines) == MANY + 1
    else:
        sheet = openpyxl.load_workbook(target, read_only=True).active
        assert sheet.max_row == MANY + 1


@pytest.mark.django_db
def test_the_views_read_their_rows_in_chunks(client, world, iro, tmp_path):
    area, cluster = world.objects["unit"].area, world.objects["unit"].cluster
    IndustrialUnit.objects.bulk_create(
        IndustrialUnit(
            name=f"واحد صنعتی شماره {i}",
            area=area,
            cluster=cluster,
            introduced_by="direct",
            employees=i,
        )  # fmt: skip
        for i in range(5_000)
    )
    client.force_login(iro)

    # Either file takes the view's rows from the same iterator: one is enough.
    peak = measured(
        lambda: client.get(reverse("industries:unit-export")), tmp_path / "units.csv"
    )

    assert peak < VIEW_BOUND
