"""The enrolment figures of the office's dashboard, and the rounds they filter by."""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from partner_portal.figures import (
    Figure,
    FigureData,
    Scope,
    Series,
    register_figure,
    register_scopes,
)
from partner_portal.i18n import in_reader_language

from .models import Enrolment, Round

S = Enrolment.Status


def round_choices():
    return [(r.pk, r.name) for r in Round.objects.order_by("-starts_on", "-pk")]


def round_scope(round_id):
    found = Round.objects.filter(pk=round_id).first()
    if found is None:
        return None
    return Scope(round_id=found.pk, starts_on=found.starts_on, ends_on=found.ends_on)


def enrolments(scope):
    queryset = Enrolment.objects.all()
    if not scope.all_time:
        queryset = queryset.filter(round_id=scope.round_id)
    return queryset


def enrolments_by_state(scope):
    counts = dict(
        enrolments(scope).order_by().values_list("status").annotate(n=Count("pk"))
    )
    return FigureData(
        labels=[status.label for status in S],
        series=[
            Series(
                label=_("enrolments"),
                values=[counts.get(status, 0) for status in S],
                links=[
                    scope.link("teams:enrolment-list", status=status) for status in S
                ],
            )
        ],
        url=scope.link("teams:enrolment-list", order="-applied"),
        headline=sum(counts.values()),
    )


def enrolments_by_field(scope):
    rows = list(
        enrolments(scope)
        .order_by("student__field_id")
        .values(
            "student__field_id", "student__field__name_fa", "student__field__name_en"
        )
        .annotate(n=Count("pk"))
    )
    rows.sort(key=lambda row: -row["n"])
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
                label=_("enrolments"),
                values=[row["n"] for row in rows],
                links=[
                    scope.link("teams:enrolment-list", field=row["student__field_id"])
                    for row in rows
                ],
            )
        ],
        url=scope.link("teams:enrolment-list", order="-applied"),
        headline=sum(row["n"] for row in rows),
    )


register_scopes(choices=round_choices, scope=round_scope)
register_figure(
    Figure(
        "enrolments-by-state",
        _("Enrolments by state"),
        enrolments_by_state,
        chart="doughnut",
        order=10,
        measure=_("enrolments"),
    )
)
register_figure(
    Figure(
        "enrolments-by-field",
        _("Enrolments by field of study"),
        enrolments_by_field,
        chart="hbar",
        order=20,
        measure=_("enrolments"),
    )
)
