"""Reminders of what a placement waits for too long (``overdue.py``), sent to
whoever it waits for — at most one per step per day, however often the task runs
(a worker that dies and runs it again sends nothing twice).

Who a step waits for: the first visit, the team's students and the unit's
managers (either may set it); the proposals, the students who write them and the
supervisor who submits them; a milestone past its date, the students while it is
not reported done, the managers once it waits for their confirmation.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from partner_portal.models import User
from partner_portal.notifications import notify

from .models import Milestone, Placement, Reminder
from .overdue import late_milestones, with_overdue_flags
from .services import managers_of


def students_of(placement):
    """The team's current students whose accounts are active."""
    return list(
        User.objects.filter(
            is_active=True,
            student_profile__enrolments__memberships__team=placement.team_id,
            student_profile__enrolments__memberships__ended_at__isnull=True,
        )
    )


def supervisor_of(placement):
    supervisor = placement.team.supervisor
    if supervisor is None or not supervisor.user.is_active:
        return []
    return [supervisor.user]


def overdue_steps(today):
    """(step, placement, milestone or None, who it waits for) of every step overdue
    ``today``."""
    placements = with_overdue_flags(
        Placement.objects.select_related(
            "team__problem__unit", "team__supervisor__user"
        ),
        today=today,
    ).filter(is_overdue=True)
    for placement in placements:
        if placement.no_visit_overdue:
            people = students_of(placement) + managers_of(placement)
            yield "first_visit", placement, None, people
        if placement.proposals_overdue:
            people = students_of(placement) + supervisor_of(placement)
            yield "proposals", placement, None, people
        if placement.milestones_overdue:
            yield from milestone_steps(placement, today)


def milestone_steps(placement, today):
    late = late_milestones(today).filter(proposal_id=placement.selected_proposal_id)
    for milestone in late:
        if milestone.status == Milestone.Status.REPORTED:
            yield "milestone_confirm", placement, milestone, managers_of(placement)
        else:
            yield "milestone", placement, milestone, students_of(placement)


def send_reminders():
    """Remind everyone of what waits on them today; returns how many were sent."""
    today = timezone.localdate()
    sent = 0
    for step, placement, milestone, people in overdue_steps(today):
        try:
            sent += remind(step, placement, milestone, people, today)
        except IntegrityError:
            continue  # already reminded today (perhaps by a run at the same time)
    return sent


@transaction.atomic
def remind(step, placement, milestone, people, today):
    # The row first: a run at the same time waits on it, then fails on the
    # unique (key, day) and sends nothing.
    Reminder.objects.create(
        step=step, placement=placement, milestone=milestone, day=today
    )
    recipients = {person.pk: person for person in people}.values()
    for person in recipients:
        notify(
            recipient=person,
            kind=f"reminder_{step}",
            params={
                "title": placement.team.problem.title,
                "milestone": milestone.title if milestone else "",
            },
            url=placement.get_absolute_url()
            + (f"#milestone-{milestone.pk}" if milestone else ""),
        )
    return len(recipients)
