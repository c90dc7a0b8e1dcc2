"""The office's board: every placement by stage, with what is overdue."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from partner_portal.access import role_required
from partner_portal.forms import FilterFormHelper
from partner_portal.models import Role

from ..filters import BoardFilter
from ..models import Placement
from ..overdue import with_overdue_flags


@require_safe
@role_required(Role.IRO)
def board(request):
    placements = with_overdue_flags(
        Placement.objects.select_related(
            "team__problem__unit__area",
            "team__problem__unit__cluster",
            "team__supervisor__user",
            "team__round",
        ).order_by("stage_since", "pk")
    )
    filterset = BoardFilter(request.GET or None, queryset=placements)
    filterset.form.helper = FilterFormHelper(filterset.form)
    shown = filterset.qs if filterset.is_bound and filterset.is_valid() else placements
    columns = {status: [] for status in Placement.OPEN}
    finished = {Placement.Status.COMPLETED: 0, Placement.Status.CANCELLED: 0}
    for placement in shown:
        if placement.status in columns:
            columns[placement.status].append(placement)
        else:
            finished[placement.status] += 1
    return render(
        request,
        "placements/board.html",
        {
            "filter": filterset,
            "columns": [
                (Placement.Status(status), items) for status, items in columns.items()
            ],
            "finished": [
                (Placement.Status(status), n) for status, n in finished.items()
            ],
        },
    )
