"""What a placement waits for too long, by the settings' numbers of days:
``PORTAL["OVERDUE_DAYS"]``: ``first_visit`` (no site visit that long after the
dispatch), ``proposals`` (proposals not submitted that long into the proposal
stage); and any milestone of the selected proposal past its date."""

import datetime

from django.conf import settings
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q
from django.utils import timezone

from .models import Milestone, Placement, SiteVisit


def overdue_days(step):
    return settings.PORTAL["OVERDUE_DAYS"][step]


def with_overdue_flags(placements):
    """``placements`` annotated, in the query itself, with ``no_visit_overdue``,
    ``proposals_overdue``, ``milestones_overdue`` and ``is_overdue``."""
    now = timezone.now()
    visited = SiteVisit.objects.filter(placement=OuterRef("pk"))
    late_milestone = Milestone.objects.filter(
        proposal=OuterRef("selected_proposal"),
        due_on__lt=timezone.localdate(),
    ).exclude(status=Milestone.Status.CONFIRMED)
    no_visit = (
        Q(status__in=Placement.OPEN)
        & Q(
            dispatched_at__lt=now - datetime.timedelta(days=overdue_days("first_visit"))
        )
        & ~Exists(visited)
    )
    proposals = Q(status=Placement.Status.PROPOSAL) & Q(
        stage_since__lt=now - datetime.timedelta(days=overdue_days("proposals"))
    )
    milestones = Q(status=Placement.Status.EXECUTION) & Exists(late_milestone)
    return placements.annotate(
        no_visit_overdue=flag(no_visit),
        proposals_overdue=flag(proposals),
        milestones_overdue=flag(milestones),
        is_overdue=flag(no_visit | proposals | milestones),
    )


def flag(condition):
    return ExpressionWrapper(condition, output_field=BooleanField())
