"""The problem figures of the office's dashboard: by industrial cluster and by town
or zone, each split by where the problems stand."""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from partner_portal.figures import Figure, FigureData, Series, register_figure

from .models import Cluster, IndustrialArea, ProblemRequest

Status = ProblemRequest.Status

# Where a problem stands, each a status of the problem list's filter: awaiting
# review, published without a team, being worked on by a team, solved.
STANDINGS = [
    (Status.SUBMITTED, _("awaiting review")),
    (Status.APPROVED, _("published")),
    (Status.ASSIGNED, _("with a team")),
    (Status.CLOSED, _("solved")),
]


def problems(scope):
    """The problems submitted during the round's period, or all of them."""
    queryset = ProblemRequest.objects.filter(
        status__in=[status for status, _label in STANDINGS]
    )
    if not scope.all_time:
        queryset = queryset.filter(
            submitted_at__date__gte=scope.starts_on,
            submitted_at__date__lte=scope.ends_on,
        )
    return queryset


def period(scope):
    if scope.all_time:
        return {}
    return {
        "submitted_from": scope.starts_on.isoformat(),
        "submitted_to": scope.ends_on.isoformat(),
    }


def by_group(scope, model, path, param):
    counts = {
        (group, status): n
        for group, status, n in problems(scope)
        .order_by()
        .values_list(path, "status")
        .annotate(n=Count("pk"))
    }
    groups = [
        group
        for group in model.objects.order_by("pk")
        if any(counts.get((group.pk, status)) for status, _label in STANDINGS)
    ]
    return FigureData(
        labels=[group.name for group in groups],
        series=[
            Series(
                label=label,
                values=[counts.get((group.pk, status), 0) for group in groups],
                links=[
                    scope.link(
                        "industries:problem-list",
                        round_param=None,
                        **{param: group.pk, "status": status, **period(scope)},
                    )
                    for group in groups
                ],
            )
            for status, label in STANDINGS
        ],
        url=scope.link("industries:problem-list", round_param=None, **period(scope)),
        headline=sum(counts.values()),
    )


def problems_by_cluster(scope):
    return by_group(scope, Cluster, "unit__cluster_id", "cluster")


def problems_by_area(scope):
    return by_group(scope, IndustrialArea, "unit__area_id", "area")


register_figure(
    Figure(
        "problems-by-cluster",
        _("Problems by industrial cluster"),
        problems_by_cluster,
        chart="stacked",
        order=30,
        measure=_("problems"),
        wide=True,
    )
)
register_figure(
    Figure(
        "problems-by-area",
        _("Problems by industrial town or zone"),
        problems_by_area,
        chart="stacked",
        order=40,
        measure=_("problems"),
        wide=True,
    )
)
