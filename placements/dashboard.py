"""Dashboard panels: each person's placements with what waits on them, and the
office's view of the stages and of the teams ready to go."""

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from industries.models import IndustrialUnit
from partner_portal.dashboard import register_panel
from partner_portal.models import Role
from teams.models import Membership, Team

from .models import Milestone, Placement
from .overdue import with_overdue_flags

P = Placement.Status

# What a stage waits for from each of its people (who does what is declared in
# ``moves.py`` and the services; this is the sentence that tells them).
NEXT_STEPS = {
    (P.DISPATCHED, "member"): _("Set the first site visit with the unit."),
    (P.DISPATCHED, "manager"): _("Set the first site visit with the team."),
    (P.ASSESSMENT, "member"): _(
        "Write the findings of the visit and upload the assessment report."
    ),
    (P.PROPOSAL, "member"): _("Draft the solution proposals with their plans."),
    (P.PROPOSAL, "supervisor"): _("Review the team's proposals and submit them."),
    (P.SELECTION, "manager"): _("Compare the team's proposals and select one."),
    (P.EXECUTION, "member"): _("Report each milestone when it is done."),
    (P.EXECUTION, "manager"): _(
        "Confirm the milestones the team reports, then evaluate the team."
    ),
    (P.EXECUTION, "supervisor"): _("Grade the students before the work ends."),
}

# Completed placements stay on a participant's dashboard this many at most.
RECENT_COMPLETED = 3


def participant_placements(role, placements):
    """The open placements, with what waits on the person, then the last completed
    ones; a fixed number of queries."""
    placements = with_overdue_flags(
        placements.select_related("team__problem__unit", "team__supervisor__user")
        .annotate(
            to_confirm=Count(
                "selected_proposal__milestones",
                filter=Q(
                    selected_proposal__milestones__status=Milestone.Status.REPORTED
                ),
            )
        )
        .order_by("stage_since", "pk")
    )
    opened = list(placements.filter(status__in=Placement.OPEN))
    for placement in opened:
        placement.next_step = NEXT_STEPS.get((placement.status, role))
    completed = list(
        placements.filter(status=P.COMPLETED).order_by("-completed_at")[
            :RECENT_COMPLETED
        ]
    )
    return {"open": opened, "completed": completed, "role": role}


def student_panel(request):
    member = Membership.objects.current().filter(
        team=OuterRef("team"), enrolment__student__user=request.user
    )
    return participant_placements("member", Placement.objects.filter(Exists(member)))


def professor_panel(request):
    return participant_placements(
        "supervisor", Placement.objects.filter(team__supervisor__user=request.user)
    )


def manager_panel(request):
    units = IndustrialUnit.objects.managed_by(request.user)
    return participant_placements(
        "manager", Placement.objects.filter(team__problem__unit__in=units)
    )


# How many teams ready to dispatch the office's panel lists.
READY_SHOWN = 8


def iro_panel(request):
    stages = Placement.objects.aggregate(
        **{status: Count("pk", filter=Q(status=status)) for status in Placement.OPEN}
    )
    overdue = with_overdue_flags(Placement.objects.filter(status__in=Placement.OPEN))
    ready = (
        Team.objects.filter(status=Team.Status.CONFIRMED, placement__isnull=True)
        .select_related("problem__unit", "supervisor__user", "round")
        .annotate(size=Count("memberships", filter=Q(memberships__ended_at=None)))
        .order_by("created_at", "pk")
    )
    shown = list(ready[:READY_SHOWN])
    return {
        "stages": [(P(status), stages[status]) for status in Placement.OPEN],
        "overdue": overdue.filter(is_overdue=True).count(),
        "ready": shown,
        "more_ready": ready.count() - len(shown) if len(shown) == READY_SHOWN else 0,
    }


register_panel(
    Role.STUDENT, "placements/panels/participant.html", student_panel, order=15
)
register_panel(
    Role.PROFESSOR, "placements/panels/participant.html", professor_panel, order=4
)
register_panel(
    Role.MANAGER, "placements/panels/participant.html", manager_panel, order=5
)
register_panel(Role.IRO, "placements/panels/iro.html", iro_panel, order=16)
