"""Each person's private calendar feed (iCalendar): their upcoming site visits,
training sessions and milestone due dates, so the dates reach their phone.

The feed is read by calendar programs, which cannot log in: it is found by a
random token in its address (only its SHA-256 is stored), which the person may
replace at any time; the old address then answers 404.
"""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from partner_portal.models import CalendarFeed
from teams.models import TrainingSession

from .models import Milestone, Placement, SiteVisit

# How far ahead a feed looks, and how far back (a visit of yesterday still shows).
AHEAD = datetime.timedelta(days=180)
BEHIND = datetime.timedelta(days=7)


def token_hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def calendar_renew(*, user):
    """A new address for ``user``'s feed; the previous one stops working."""
    token = secrets.token_urlsafe(24)
    CalendarFeed.objects.update_or_create(
        user=user,
        defaults={"token_hash": token_hash(token), "created_at": timezone.now()},
    )
    return token


def calendar_revoke(*, user):
    CalendarFeed.objects.filter(user=user).delete()


def feed_owner(token):
    if not token or len(token) > 100:
        return None
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token_hash=token_hash(token), user__is_active=True)
        .first()
    )
    return feed.user if feed else None


def placements_of(user):
    return Placement.objects.visible_to(user).filter(status__in=Placement.OPEN)


def visits_for(user, start, end):
    return (
        SiteVisit.objects.filter(
            placement__in=placements_of(user), starts_at__range=(start, end)
        )
        .select_related("placement__team__problem__unit")
        .order_by("starts_at")
    )


def milestones_for(user, start, end):
    return (
        Milestone.objects.filter(
            proposal__placement__in=placements_of(user),
            # Only the plan the manager selected is carried out.
            proposal__placement__selected_proposal=F("proposal"),
            due_on__range=(start.date(), end.date()),
        )
        .exclude(status=Milestone.Status.CONFIRMED)
        .select_related("proposal__placement__team__problem")
        .order_by("due_on")
    )


def sessions_for(user, start, end):
    sessions = TrainingSession.objects.filter(starts_at__range=(start, end))
    if not user.is_iro_staff:
        sessions = sessions.filter(
            Q(round__enrolments__student__user=user)
            & Q(round__enrolments__status__in=["accepted", "trained"])
        )
    return sessions.select_related("round").distinct().order_by("starts_at")


def feed(user):
    """The iCalendar text of ``user``'s upcoming dates."""
    now = timezone.now()
    start, end = now - BEHIND, now + AHEAD
    calendar = Calendar()
    calendar.add("prodid", "-//Qom University of Technology//Industry Partner//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Industry Partner · همیار صنعت")
    site = settings.SITE_URL.rstrip("/")
    for visit in visits_for(user, start, end):
        problem = visit.placement.team.problem
        calendar.add_component(
            event(
                f"visit-{visit.pk}",
                f"Site visit · بازدید: {problem.title}",
                visit.starts_at,
                visit.starts_at + datetime.timedelta(hours=2),
                location=f"{problem.unit.name}, {visit.place}",
                url=site + visit.placement.get_absolute_url(),
            )
        )
    for session in sessions_for(user, start, end):
        calendar.add_component(
            event(
                f"session-{session.pk}",
                f"Training · آموزش: {session.title}",
                session.starts_at,
                session.starts_at + datetime.timedelta(hours=2),
                location=session.place,
                url=site + reverse("teams:training"),
            )
        )
    for milestone in milestones_for(user, start, end):
        placement = milestone.proposal.placement
        calendar.add_component(
            event(
                f"milestone-{milestone.pk}",
                f"Milestone due · موعد: {milestone.title}",
                milestone.due_on,
                milestone.due_on + datetime.timedelta(days=1),
                description=milestone.deliverable,
                url=site + placement.get_absolute_url(),
            )
        )
    return calendar.to_ical()


def event(uid, summary, start, end, *, location="", description="", url=""):
    item = Event()
    item.add("uid", f"{uid}@{settings.SITE_URL.split('//')[-1].split('/')[0]}")
    item.add("dtstamp", timezone.now())
    item.add("summary", summary)
    item.add("dtstart", start)
    item.add("dtend", end)
    if location:
        item.add("location", location)
    if description:
        item.add("description", description)
    if url:
        item.add("url", url)
    return item
