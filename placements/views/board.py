"""The office's board: every placement by stage, with what is overdue."""

from django.db.models import Count, Q
from django.shortcuts import render
from django.views.decorators.http import require_safe

from partner_portal.access import role_required
from partner_portal.forms import FilterFormHelper
from partner_portal.models import Role

from ..filters import BoardFilter
from ..models import Placement
from ..overdue import with_overdue_flags

FINISHED = [Placement.Status.COMPLETED, Placement.Status.CANCELLED]


@require_safe
@role_required(Role.IRO)
def board(request):
    placements = with_overdue_flags(
        Placement.objects.select_related(
            "team__problem__unit__area",
            "team__supervisor__user",
        ).order_by("stage_since", "pk")
    )
    filterset = BoardFilter(request.GET or None, queryset=placements)
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
        },
    )
