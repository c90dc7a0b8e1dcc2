"""The placement figures of the office's dashboard: the stages, the placements
past their days, and what the managers thought of the teams."""

from django.db.models import Avg, Count, Q
from django.utils.translation import gettext_lazy as _

from partner_portal.figures import Figure, FigureData, Series, register_figure

from .models import Placement, TeamEvaluation
from .overdue import with_overdue_flags

P = Placement.Status
STAGES = [*Placement.OPEN, P.COMPLETED]


def placements(scope):
    queryset = Placement.objects.all()
    if not scope.all_time:
        queryset = queryset.filter(team__round_id=scope.round_id)
    return queryset


def placements_by_stage(scope):
    counts = placements(scope).aggregate(
        **{status: Count("pk", filter=Q(status=status)) for status in STAGES}
    )
    board = scope.link("placements:board")
    return FigureData(
        labels=[status.label for status in STAGES],
        series=[
            Series(
                label=_("placements"),
                values=[counts[status] for status in STAGES],
                links=[
                    f"{board}#column-{status}"
                    if status in Placement.OPEN
                    else f"{board}#finished-{status}"
                    for status in STAGES
                ],
            )
        ],
        url=board,
        headline=sum(counts.values()),
    )


OVERDUE_STEPS = [
    ("no_visit_overdue", _("first site visit")),
    ("proposals_overdue", _("solution proposals")),
    ("milestones_overdue", _("milestones past their date")),
]


def overdue_placements(scope):
    flagged = with_overdue_flags(placements(scope).filter(status__in=Placement.OPEN))
    steps = [step for step, _label in OVERDUE_STEPS]
    # Grouped by the flags themselves: at most eight rows, one query.
    counts = dict.fromkeys([*steps, "total"], 0)
    for row in flagged.order_by().values(*steps).annotate(n=Count("pk")):
        for step in steps:
            counts[step] += row["n"] if row[step] else 0
        counts["total"] += row["n"] if any(row[step] for step in steps) else 0
    board = scope.link("placements:board", overdue="on")
    return FigureData(
        labels=[label for _step, label in OVERDUE_STEPS],
        series=[
            Series(
                label=_("overdue placements"),
                values=[counts[step] for step, _label in OVERDUE_STEPS],
                links=[board] * len(OVERDUE_STEPS),
            )
        ],
        url=board,
        headline=counts["total"],
    )


ASPECTS = [
    ("quality", _("quality of the work")),
    ("timeliness", _("timeliness")),
    ("communication", _("communication")),
]


def manager_evaluations(scope):
    evaluations = TeamEvaluation.objects.all()
    if not scope.all_time:
        evaluations = evaluations.filter(placement__team__round_id=scope.round_id)
    result = evaluations.aggregate(
        n=Count("pk"), **{aspect: Avg(aspect) for aspect, _label in ASPECTS}
    )
    values = [round(float(result[aspect] or 0), 1) for aspect, _label in ASPECTS]
    board = scope.link("placements:board")
    overall = round(sum(values) / len(values), 1) if result["n"] else 0
    return FigureData(
        labels=[label for _aspect, label in ASPECTS],
        series=[
            Series(
                label=_("average score (1 to 5)"),
                values=values,
                links=[board] * len(ASPECTS),
            )
        ],
        url=board,
        headline=overall,
        empty=not result["n"],
    )


register_figure(
    Figure(
        "placements-by-stage",
        _("Placements by stage"),
        placements_by_stage,
        order=50,
        measure=_("placements"),
    )
)
register_figure(
    Figure(
        "overdue-placements",
        _("Overdue placements"),
        overdue_placements,
        order=60,
        measure=_("placements"),
    )
)
register_figure(
    Figure(
        "manager-evaluations",
        _("Average evaluation by the managers"),
        manager_evaluations,
        order=90,
        measure=_("average score (1 to 5)"),
        decimals=True,
    )
)
