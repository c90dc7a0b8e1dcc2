"""What a placement waits for too long, in whole days of Tehran's calendar, by the
settings' numbers of days ``PORTAL["OVERDUE_DAYS"]``:

- ``first_visit``: dispatched that many days ago and no site visit held yet (a
  visit set for a later day does not stop the flag: the visit was due within
  those days);
- ``proposals``: that many days into the proposal stage without submitting them;
- and any milestone of the selected proposal still not confirmed after its date.

A team dispatched on the 1st with 14 days has until the end of the 15th: the flag
shows from the 16th.
"""

import datetime

from django.conf import settings
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q
from django.utils import timezone

from .models import Milestone, Placement, SiteVisit

ONE_DAY = datetime.timedelta(days=1)

# The stages in which a placement still waits for its first visit: once the team
# has written its findings it has moved on to proposals.
BEFORE_VISIT = [Placement.Status.DISPATCHED, Placement.Status.ASSESSMENT]


def overdue_days(step):
    return settings.PORTAL["OVERDUE_DAYS"][step]


def day_start(day):
    """The instant the local ``day`` begins."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def started_before(step, today):
    """The instant before which a step must have begun to be past its days today."""
    return day_start(today - datetime.timedelta(days=overdue_days(step)))


def late_milestones(today=None):
    """Milestones (of selected proposals or not) not confirmed after their date."""
    today = today or timezone.localdate()
    return Milestone.objects.filter(due_on__lt=today).exclude(
        status=Milestone.Status.CONFIRMED
    )


def with_overdue_flags(placements, *, today=None):
    """``placements`` annotated, in the query itself, with ``no_visit_overdue``,
    ``proposals_overdue``, ``milestones_overdue`` and ``is_overdue``."""
    today = today or timezone.localdate()
    # A visit set for later today counts: the morning's reminder need not nag.
    held = SiteVisit.objects.filter(
        placement=OuterRef("pk"), starts_at__lt=day_start(today + ONE_DAY)
    )
    no_visit = (
        Q(status__in=BEFORE_VISIT)
        & Q(dispatched_at__lt=started_before("first_visit", today))
        & ~Exists(held)
    )
    proposals = Q(status=Placement.Status.PROPOSAL) & Q(
        stage_since__lt=started_before("proposals", today)
    )
    milestones = Q(status=Placement.Status.EXECUTION) & Exists(
        late_milestones(today).filter(proposal=OuterRef("selected_proposal"))
    )
    return placements.annotate(
        no_visit_overdue=flag(no_visit),
        proposals_overdue=flag(proposals),
        milestones_overdue=flag(milestones),
        is_overdue=flag(no_visit | proposals | milestones),
    )


def flag(condition):
    return ExpressionWrapper(condition, output_field=BooleanField())
