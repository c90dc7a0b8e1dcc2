"""Who takes part in a placement, in which role. Pages go through
``get_placement_for_user``: 404 for what the person may not see."""

from django.shortcuts import get_object_or_404

from industries.permissions import manages_unit

from .models import Placement


def remembered(placement, question, user, answer):
    """The answer about ``user`` and this placement object, asked once: a page asks
    it again for each milestone's moves. (Each request reads its placement afresh,
    and services read it again under their lock.)"""
    memo = placement.__dict__.setdefault("_answers", {})
    key = (question, user.pk)
    if key not in memo:
        memo[key] = answer()
    return memo[key]


def is_team_member(user, placement):
    """A current member of the placement's team."""
    return remembered(
        placement,
        "member",
        user,
        lambda: (
            placement.team.memberships.current()
            .filter(enrolment__student__user=user)
            .exists()
        ),
    )


def is_supervisor(user, placement):
    supervisor = placement.team.supervisor
    return supervisor is not None and supervisor.user_id == user.pk


def manages_placement_unit(user, placement):
    return remembered(
        placement,
        "manager",
        user,
        lambda: manages_unit(user, placement.team.problem.unit),
    )


def takes_part(user, placement):
    """A current member of the team, its supervisor, or a manager of the unit."""
    return (
        is_team_member(user, placement)
        or is_supervisor(user, placement)
        or manages_placement_unit(user, placement)
    )


def get_placement_for_user(user, pk):
    queryset = Placement.objects.visible_to(user).select_related(
        "team__problem__unit", "team__supervisor__user", "team__round"
    )
    return get_object_or_404(queryset, pk=pk)
