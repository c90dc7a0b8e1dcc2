"""The industry panels of the dashboards and the landing page."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from partner_portal.dashboard import (
    Tile,
    register_activity,
    register_panel,
    register_tiles,
)
from partner_portal.models import Role

from .models import IndustrialUnit, ProblemRequest, UnitManager

Status = ProblemRequest.Status


def manager_panel(request):
    units = list(
        IndustrialUnit.objects.managed_by(request.user)
        .select_related("area", "cluster")
        .order_by("name")
    )
    pending = UnitManager.objects.filter(
        user=request.user, status=UnitManager.Status.REQUESTED
    ).count()
    return {
        "units": units,
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


# --- Stat tiles and recent activity --------------------------------------------------


def problem_list(status):
    return f"{reverse('industries:problem-list')}?status={status}"


def manager_tiles(request):
    counts = dict(
        ProblemRequest.objects.filter(
            unit__in=IndustrialUnit.objects.managed_by(request.user)
        )
        .values_list("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    return [
        Tile(
            Status.RETURNED.label,
            counts.get(Status.RETURNED, 0),
            problem_list(Status.RETURNED),
            icon="arrow-return-left",
            attention=bool(counts.get(Status.RETURNED)),
        ),
        Tile(
            Status.DRAFT.label,
            counts.get(Status.DRAFT, 0),
            problem_list(Status.DRAFT),
            icon="pencil",
        ),
        Tile(
            Status.SUBMITTED.label,
            counts.get(Status.SUBMITTED, 0),
            problem_list(Status.SUBMITTED),
            icon="hourglass-split",
        ),
        Tile(
            Status.APPROVED.label,
            counts.get(Status.APPROVED, 0),
            problem_list(Status.APPROVED),
            icon="megaphone",
        ),
    ]


def iro_tiles(request):
    to_review = ProblemRequest.objects.filter(status=Status.SUBMITTED).count()
    requests = UnitManager.objects.filter(status=UnitManager.Status.REQUESTED).count()
    return [
        Tile(
            _("Problems to review"),
            to_review,
            problem_list(Status.SUBMITTED),
            icon="clipboard-check",
            attention=bool(to_review),
        ),
        Tile(
            _("Requests to manage units"),
            requests,
            reverse("industries:join-request-list"),
            icon="building-add",
            attention=bool(requests),
        ),
    ]


def manager_activity(user):
    units = IndustrialUnit.objects.managed_by(user)
    return [
        (ProblemRequest, ProblemRequest.objects.filter(unit__in=units).values("pk")),
        (UnitManager, UnitManager.objects.filter(user=user).values("pk")),
    ]


register_tiles(Role.MANAGER, manager_tiles, order=10)
register_tiles(Role.IRO, iro_tiles, order=20)
register_activity(Role.MANAGER, manager_activity)
