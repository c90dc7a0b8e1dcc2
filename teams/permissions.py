"""Who may see enrolments and sessions. 404 for what is not visible; role checks
(403) come from ``partner_portal.access``."""

from django.shortcuts import get_object_or_404

from .models import Enrolment, Interest, Team


def get_enrolment_for_user(user, pk):
    queryset = Enrolment.objects.visible_to(user).select_related(
        "student__user", "student__field", "round"
    )
    return get_object_or_404(queryset, pk=pk)


def get_interest_for_user(user, pk):
    return get_object_or_404(
        Interest.objects.select_related("enrolment__round", "problem"),
        pk=pk,
        enrolment__student__user=user,
    )


def current_enrolment(user):
    """The person's enrolment in the newest round they enrolled in, if any."""
    if not user.is_authenticated or not user.is_student:
        return None
    return (
        Enrolment.objects.filter(student__user=user)
        .select_related("round", "student__field")
        .order_by("-round__starts_on", "-id")
        .first()
    )


def get_team_for_user(user, pk):
    """A team its members, supervisor and unit managers see (once the office has
    put it together), and the office."""
    queryset = Team.objects.visible_to(user).select_related(
        "problem__unit__area",
        "problem__unit__cluster",
        "supervisor__user",
        "round",
    )
    return get_object_or_404(queryset, pk=pk)


def takes_part_in(user, team):
    """A member (past ones too) or the supervisor: who works with the team."""
    if team.supervisor_id is not None and team.supervisor.user_id == user.pk:
        return True
    return team.memberships.filter(enrolment__student__user=user).exists()
