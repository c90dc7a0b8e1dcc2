"""The office's board: every placement by stage, with what is overdue."""

from django.db.models import Count, Q
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from partner_portal.access import role_required
from partner_portal.exports import (
    Column,
    choice_column,
    export_response,
    export_rows,
    filter_data,
)
from partner_portal.forms import FilterFormHelper
from partner_portal.models import Role
from teams.models import Membership

from ..filters import BoardFilter
from ..models import Placement
from ..overdue import with_overdue_flags

FINISHED = [Placement.Status.COMPLETED, Placement.Status.CANCELLED]


def board_queryset():
    return with_overdue_flags(
        Placement.objects.select_related(
            "team__problem__unit__area",
            "team__supervisor__user",
        ).order_by("stage_since", "pk")
    )


@require_safe
@role_required(Role.IRO)
def board(request):
    filterset = BoardFilter(request.GET or None, queryset=board_queryset())
    filterset.form.helper = FilterFormHelper(filterset.form)
    shown = filterset.qs
    columns = {status: [] for status in Placement.OPEN}
    for placement in shown.filter(status__in=Placement.OPEN):
        columns[placement.status].append(placement)
    # The finished ones are only counted: they pile up over the years.
    finished = shown.order_by().aggregate(
        **{status: Count("pk", filter=Q(status=status)) for status in FINISHED}
    )
    return render(
        request,
        "placements/board.html",
        {
            "filter": filterset,
            "columns": [
                (Placement.Status(status), items) for status, items in columns.items()
            ],
            "finished": [
                (Placement.Status(status), finished[status]) for status in FINISHED
            ],
            "shown_any": any(columns.values()) or any(finished.values()),
        },
    )


PLACEMENT_COLUMNS = [
    Column("id", _("number"), lambda p: p.pk),
    Column("problem", _("problem"), lambda p: p.team.problem.title),
    Column("unit", _("industrial unit"), lambda p: p.team.problem.unit.name),
    Column(
        "area",
        _("town or zone"),
        lambda p: p.team.problem.unit.area.name,
        machine=lambda p: p.team.problem.unit.area.slug,
    ),
    Column(
        "cluster",
        _("industrial cluster"),
        lambda p: p.team.problem.unit.cluster.name,
        machine=lambda p: p.team.problem.unit.cluster.slug,
    ),
    Column(
        "round",
        _("round"),
        lambda p: p.team.round.name,
        machine=lambda p: p.team.round_id,
    ),
    Column(
        "supervisor",
        _("supervising professor"),
        lambda p: p.team.supervisor.user.full_name if p.team.supervisor else None,
    ),
    Column("members", _("members"), lambda p: p.members),
    choice_column("stage", _("stage"), "status"),
    Column("dispatched_at", _("dispatched at"), lambda p: p.dispatched_at),
    Column("stage_since", _("in this stage since"), lambda p: p.stage_since),
    Column("overdue", _("overdue"), lambda p: p.is_overdue),
    Column("no_visit_overdue", _("no site visit yet"), lambda p: p.no_visit_overdue),
    Column("proposals_overdue", _("proposals late"), lambda p: p.proposals_overdue),
    Column(
        "milestones_overdue", _("milestone past due"), lambda p: p.milestones_overdue
    ),
    Column("completed_at", _("completed at"), lambda p: p.completed_at),
]


@require_safe
@role_required(Role.IRO)
def placement_export(request):
    placements = (
        board_queryset()
        .select_related("team__problem__unit__cluster", "team__round")
        .annotate(
            # Those of a finished team too; not those taken off it.
            members=Count(
                "team__memberships",
                filter=~Q(team__memberships__end_reason=Membership.EndReason.REMOVED),
            )
        )
    )
    filterset = BoardFilter(filter_data(request), queryset=placements)
    return export_response(
        request,
        rows=export_rows(filterset),
        columns=PLACEMENT_COLUMNS,
        filename="placements",
    )
