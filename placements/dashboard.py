"""Dashboard panels: each person's placements with what waits on them, and the
office's view of the stages and of the teams ready to go."""

from django.db.models import Count, Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from industries.models import IndustrialUnit
from partner_portal.dashboard import (
    Tile,
    register_activity,
    register_panel,
    register_tiles,
)
from partner_portal.i18n import display_date
from partner_portal.models import Role
from teams.models import Membership, Team

from .models import Milestone, Placement, SiteVisit
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


# --- Stat tiles and recent activity --------------------------------------------------


def member_placements(user):
    member = Membership.objects.current().filter(
        team=OuterRef("team"), enrolment__student__user=user
    )
    return Placement.objects.filter(Exists(member))


def student_tiles(request):
    """The next site visit of the student's open placement, or else its next
    milestone."""
    placements = member_placements(request.user).filter(status__in=Placement.OPEN)
    now = timezone.now()
    visit = (
        SiteVisit.objects.filter(placement__in=placements, starts_at__gte=now)
        .order_by("starts_at")
        .first()
    )
    if visit is not None:
        return [
            Tile(
                _("Next site visit"),
                display_date(visit.starts_at, "datetime"),
                reverse("placements:placement-detail", args=[visit.placement_id]),
                icon="geo-alt",
            )
        ]
    milestone = (
        Milestone.objects.filter(
            proposal__placement__in=placements,
            proposal__placement__selected_proposal=F("proposal"),
        )
        .exclude(status=Milestone.Status.CONFIRMED)
        .order_by(F("due_on").asc(nulls_last=True), "pk")
        .select_related("proposal")
        .first()
    )
    if milestone is not None:
        return [
            Tile(
                _("Next milestone"),
                display_date(milestone.due_on) if milestone.due_on else milestone.title,
                reverse(
                    "placements:placement-detail",
                    args=[milestone.proposal.placement_id],
                ),
                icon="flag",
                detail=milestone.title if milestone.due_on else "",
                attention=bool(
                    milestone.due_on and milestone.due_on < timezone.localdate()
                ),
            )
        ]
    return []


PANEL = "#placements-heading"


def manager_tiles(request):
    units = IndustrialUnit.objects.managed_by(request.user)
    counts = Placement.objects.filter(team__problem__unit__in=units).aggregate(
        selection=Count("pk", filter=Q(status=P.SELECTION)),
        to_confirm=Count(
            "selected_proposal__milestones",
            filter=Q(
                status=P.EXECUTION,
                selected_proposal__milestones__status=Milestone.Status.REPORTED,
            ),
        ),
    )
    url = reverse("dashboard-manager") + PANEL
    return [
        Tile(
            _("Placements waiting for your decision"),
            counts["selection"],
            url,
            icon="check2-square",
            attention=bool(counts["selection"]),
        ),
        Tile(
            _("Milestones to confirm"),
            counts["to_confirm"],
            url,
            icon="flag",
            attention=bool(counts["to_confirm"]),
        ),
    ]


def professor_tiles(request):
    waiting = Placement.objects.filter(
        team__supervisor__user=request.user, status=P.PROPOSAL
    ).count()
    return [
        Tile(
            _("Proposals to review"),
            waiting,
            reverse("dashboard-professor") + PANEL,
            icon="file-earmark-text",
            attention=bool(waiting),
        )
    ]


def iro_tiles(request):
    ready = Team.objects.filter(
        status=Team.Status.CONFIRMED, placement__isnull=True
    ).count()
    overdue = (
        with_overdue_flags(Placement.objects.filter(status__in=Placement.OPEN))
        .filter(is_overdue=True)
        .count()
    )
    board = reverse("placements:board")
    return [
        Tile(
            _("Teams ready to dispatch"),
            ready,
            reverse("dashboard-iro") + "#iro-placements-heading",
            icon="send",
            attention=bool(ready),
        ),
        Tile(
            _("Overdue placements"),
            overdue,
            f"{board}?overdue=on",
            icon="exclamation-triangle",
            attention=bool(overdue),
        ),
    ]


def student_activity(user):
    return [(Placement, member_placements(user).values("pk"))]


def professor_activity(user):
    return [
        (Placement, Placement.objects.filter(team__supervisor__user=user).values("pk"))
    ]


def manager_activity(user):
    units = IndustrialUnit.objects.managed_by(user)
    return [
        (
            Placement,
            Placement.objects.filter(team__problem__unit__in=units).values("pk"),
        )
    ]


register_tiles(Role.STUDENT, student_tiles, order=30)
register_tiles(Role.MANAGER, manager_tiles, order=20)
register_tiles(Role.PROFESSOR, professor_tiles, order=20)
register_tiles(Role.IRO, iro_tiles, order=30)
register_activity(Role.STUDENT, student_activity)
register_activity(Role.PROFESSOR, professor_activity)
register_activity(Role.MANAGER, manager_activity)


def landing_panel(request):
    """Problems solved: placements the unit and the team saw through."""
    return {"solved": Placement.objects.filter(status=P.COMPLETED).count()}


register_panel("landing", "placements/panels/landing.html", landing_panel, order=30)
