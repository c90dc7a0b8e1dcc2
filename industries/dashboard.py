"""The industry panels of the dashboards and the landing page."""

from django.db.models import Count, Q

from partner_portal.dashboard import register_panel
from partner_portal.models import Role

from .models import IndustrialUnit, ProblemRequest, UnitManager

Status = ProblemRequest.Status


def manager_panel(request):
    units = list(
        IndustrialUnit.objects.managed_by(request.user)
        .select_related("area", "cluster")
        .order_by("name")
    )
    counts = dict(
        ProblemRequest.objects.filter(unit__in=units)
        .values_list("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    pending = UnitManager.objects.filter(
        user=request.user, status=UnitManager.Status.REQUESTED
    ).count()
    return {
        "units": units,
        "counts": counts,
        # Named as the problems' status badges name them, each a link to that list.
        "tiles": [
            {
                "status": status,
                "count": counts.get(status, 0),
                # Returned problems wait for the manager.
                "attention": status == Status.RETURNED and counts.get(status, 0),
            }
            for status in (
                Status.DRAFT,
                Status.RETURNED,
                Status.SUBMITTED,
                Status.APPROVED,
            )
        ],
        "pending_requests": pending,
    }


def iro_panel(request):
    problems = ProblemRequest.objects.aggregate(
        to_review=Count("id", filter=Q(status=Status.SUBMITTED)),
        published=Count("id", filter=Q(status=Status.APPROVED)),
    )
    return {
        **problems,
        "join_requests": UnitManager.objects.filter(
            status=UnitManager.Status.REQUESTED
        ).count(),
        "units": IndustrialUnit.objects.count(),
    }


def landing_panel(request):
    return {
        "units": IndustrialUnit.objects.count(),
        "published": ProblemRequest.objects.published().count(),
    }


register_panel(Role.MANAGER, "industries/panels/manager.html", manager_panel, order=10)
register_panel(Role.IRO, "industries/panels/iro.html", iro_panel, order=20)
register_panel("landing", "industries/panels/landing.html", landing_panel, order=20)
