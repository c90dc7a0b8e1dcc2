"""The certificate figures of the office's dashboard: certificates issued per
month (Jalali months in Persian, Gregorian in English) and the internship credit
they carry per field of study."""

import datetime

import jdatetime
from django.db.models import Count, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone, translation
from django.utils.dates import MONTHS_3
from django.utils.translation import gettext_lazy as _

from partner_portal.figures import Figure, FigureData, Series, register_figure
from partner_portal.i18n import in_reader_language, persian_digits

from .models import Certificate

# The months a figure of all time goes back at most.
MONTHS_SHOWN = 24


def issued(scope):
    queryset = Certificate.objects.filter(status=Certificate.Status.ISSUED)
    if not scope.all_time:
        queryset = queryset.filter(placement__team__round_id=scope.round_id)
    return queryset


def jalali_month(day):
    j = jdatetime.date.fromgregorian(date=day)
    return (j.year, j.month)


def gregorian_month(day):
    return (day.year, day.month)


def month_bounds(key, persian):
    """The first and last Gregorian day of a month named by ``key``."""
    year, month = key
    if persian:
        first = jdatetime.date(year, month, 1)
        following = jdatetime.date(year + month // 12, month % 12 + 1, 1)
        return first.togregorian(), following.togregorian() - datetime.timedelta(1)
    first = datetime.date(year, month, 1)
    following = datetime.date(year + month // 12, month % 12 + 1, 1)
    return first, following - datetime.timedelta(1)


def month_label(key, persian):
    year, month = key
    if persian:
        name = jdatetime.date(year, month, 1, locale="fa_IR").strftime("%B")
        return f"{name} {persian_digits(year)}"
    return f"{MONTHS_3[month].title()} {year}"


def following_month(key):
    year, month = key
    return (year + month // 12, month % 12 + 1)


def certificates_per_month(scope):
    days = (
        issued(scope)
        .annotate(day=TruncDate("issued_at", tzinfo=timezone.get_current_timezone()))
        .order_by()
        .values_list("day")
        .annotate(n=Count("pk"))
    )
    persian = translation.get_language() == "fa"
    month_of = jalali_month if persian else gregorian_month
    counts = {}
    for day, n in days:
        key = month_of(day)
        counts[key] = counts.get(key, 0) + n
    months = []
    if counts:
        key, last = min(counts), max(counts)
        while key <= last:
            months.append(key)
            key = following_month(key)
        months = months[-MONTHS_SHOWN:]
    links = []
    for key in months:
        first, end = month_bounds(key, persian)
        links.append(
            scope.link(
                "certificates:certificates",
                status=Certificate.Status.ISSUED,
                issued_from=first.isoformat(),
                issued_to=end.isoformat(),
            )
        )
    return FigureData(
        labels=[month_label(key, persian) for key in months],
        series=[
            Series(
                label=_("certificates issued"),
                values=[counts[key] if key in counts else 0 for key in months],
                links=links,
            )
        ],
        url=scope.link("certificates:certificates", status=Certificate.Status.ISSUED),
        headline=sum(counts.values()),
    )


def credit_hours_by_field(scope):
    rows = list(
        issued(scope)
        .order_by()
        .values(
            "student__field_id", "student__field__name_fa", "student__field__name_en"
        )
        .annotate(hours=Sum("credit_hours"))
    )
    rows.sort(key=lambda row: -row["hours"])
    return FigureData(
        labels=[
            in_reader_language(
                {
                    "fa": row["student__field__name_fa"],
                    "en": row["student__field__name_en"],
                }
            )
            for row in rows
        ],
        series=[
            Series(
                label=_("hours of internship credit"),
                values=[row["hours"] for row in rows],
                links=[
                    scope.link(
                        "certificates:certificates",
                        status=Certificate.Status.ISSUED,
                        field=row["student__field_id"],
                    )
                    for row in rows
                ],
            )
        ],
        url=scope.link("certificates:certificates", status=Certificate.Status.ISSUED),
        headline=sum(row["hours"] for row in rows),
    )


register_figure(
    Figure(
        "certificates-per-month",
        _("Certificates issued per month"),
        certificates_per_month,
        chart="line",
        order=70,
        measure=_("certificates"),
        wide=True,
    )
)
register_figure(
    Figure(
        "credit-hours-by-field",
        _("Internship credit by field of study"),
        credit_hours_by_field,
        chart="hbar",
        order=80,
        measure=_("hours"),
    )
)
