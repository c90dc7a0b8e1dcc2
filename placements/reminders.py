"""Reminders of what a placement waits for too long (``overdue.py``), sent to
whoever it waits for — at most one per step per day, however often the task runs
(a worker that dies and runs it again sends nothing twice)."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from partner_portal.notifications import notify

from .models import Milestone, Placement, Reminder
from .overdue import with_overdue_flags
from .services import managers_of, team_people


def overdue_steps():
    """(step, placement, milestone or None, who it waits for) of every step overdue
    now."""
    placements = with_overdue_flags(
        Placement.objects.filter(status__in=Placement.OPEN).select_related(
            "team__problem__unit", "team__supervisor__user"
        )
    ).filter(is_overdue=True)
    for placement in placements:
        if placement.no_visit_overdue:
            yield (
                "first_visit",
                placement,
                None,
                team_people(placement) + managers_of(placement),
            )
        if placement.proposals_overdue:
            yield "proposals", placement, None, team_people(placement)
        if placement.milestones_overdue:
            late = Milestone.objects.filter(
                proposal_id=placement.selected_proposal_id,
                due_on__lt=timezone.localdate(),
            ).exclude(status=Milestone.Status.CONFIRMED)
            for milestone in late:
                yield "milestone", placement, milestone, team_people(placement)


def send_reminders():
    """Remind everyone of what waits on them today; returns how many were sent."""
    today = timezone.localdate()
    sent = 0
    for step, placement, milestone, people in overdue_steps():
        try:
            with transaction.atomic():
                Reminder.objects.create(
                    step=step, placement=placement, milestone=milestone, day=today
                )
                for person in {p.pk: p for p in people}.values():
                    notify(
                        recipient=person,
                        kind=f"reminder_{step}",
                        params={
                            "title": placement.team.problem.title,
                            "milestone": milestone.title if milestone else "",
                        },
                        url=placement.get_absolute_url(),
                    )
                    sent += 1
        except IntegrityError:
            continue  # already reminded today
    return sent
