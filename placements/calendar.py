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
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from industries.models import IndustrialUnit
from partner_portal.models import CalendarFeed
from teams.models import Enrolment, TrainingSession

from .models import Milestone, Placement, SiteVisit

# How far ahead a feed looks, and how far back (a visit of yesterday still shows).
AHEAD = datetime.timedelta(days=180)
BEHIND = datetime.timedelta(days=7)
# Visits and sessions have a start only; calendars want an end.
VISIT_LENGTH = datetime.timedelta(hours=2)
SESSION_LENGTH = datetime.timedelta(hours=2)


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
    """The open placements ``user`` takes part in now: as a current member of the
    team, its supervisor or a manager of the unit. (The office oversees them all,
    but a calendar of every visit of the province would drown its own dates.)"""
    seen = Q(pk__in=[])
    if user.is_student:
        seen |= Q(
            team__memberships__enrolment__student__user=user,
            team__memberships__ended_at__isnull=True,
        )
    if user.is_professor:
        seen |= Q(team__supervisor__user=user)
    if user.is_industry_manager:
        seen |= Q(team__problem__unit__in=IndustrialUnit.objects.managed_by(user))
    return Placement.objects.filter(seen, status__in=Placement.OPEN)


def visits_for(user, start, end):
    return (
        SiteVisit.objects.filter(
            placement__in=placements_of(user), starts_at__range=(start, end)
        )
        .select_related("placement__team__problem__unit")
        .order_by("starts_at", "pk")
    )


def milestones_for(user, start, end):
    return (
        Milestone.objects.filter(
            proposal__placement__in=placements_of(user),
            # Only the plan the manager selected is carried out.
            proposal__placement__selected_proposal=F("proposal"),
            due_on__range=(timezone.localdate(start), timezone.localdate(end)),
        )
        .exclude(status=Milestone.Status.CONFIRMED)
        .select_related("proposal__placement__team__problem")
        .order_by("due_on", "pk")
    )


def sessions_for(user, start, end):
    """The training sessions of the rounds ``user`` is enrolled in and admitted to
    (all of them for the office, which runs them)."""
    sessions = TrainingSession.objects.filter(starts_at__range=(start, end))
    if not user.is_iro_staff:
        admitted = Enrolment.objects.filter(
            student__user=user,
            status__in=[Enrolment.Status.ACCEPTED, Enrolment.Status.TRAINED],
        )
        sessions = sessions.filter(round__in=admitted.values("round"))
    return sessions.order_by("starts_at", "pk")


def feed(user):
    """The iCalendar text of ``user``'s upcoming dates, in their language."""
    now = timezone.now()
    start, end = now - BEHIND, now + AHEAD
    with translation.override(user.preferred_language):
        calendar = Calendar()
        calendar.add("prodid", "-//Qom University of Technology//Industry Partner//EN")
        calendar.add("version", "2.0")
        calendar.add("x-wr-calname", str(_("Industry Partner")))
        for item in events(user, start, end):
            calendar.add_component(item)
    return calendar.to_ical()


def events(user, start, end):
    site = settings.SITE_URL.rstrip("/")
    for visit in visits_for(user, start, end):
        problem = visit.placement.team.problem
        yield event(
            f"visit-{visit.pk}",
            _("Site visit: %(title)s") % {"title": problem.title},
            visit.starts_at,
            visit.starts_at + VISIT_LENGTH,
            location=f"{problem.unit.name}, {visit.place}",
            url=site + visit.placement.get_absolute_url(),
        )
    for session in sessions_for(user, start, end):
        yield event(
            f"session-{session.pk}",
            _("Training: %(title)s") % {"title": session.title},
            session.starts_at,
            session.starts_at + SESSION_LENGTH,
            location=session.place,
            url=site + reverse("teams:training"),
        )
    for milestone in milestones_for(user, start, end):
        placement = milestone.proposal.placement
        yield event(
            f"milestone-{milestone.pk}",
            _("Due: %(milestone)s (%(title)s)")
            % {"milestone": milestone.title, "title": placement.team.problem.title},
            # A whole day: a due date has no hour.
            milestone.due_on,
            milestone.due_on + datetime.timedelta(days=1),
            description=milestone.deliverable,
            url=f"{site}{placement.get_absolute_url()}#milestone-{milestone.pk}",
        )


def event(uid, summary, start, end, *, location="", description="", url=""):
    item = Event()
    item.add("uid", f"{uid}@{settings.SITE_URL.split('//')[-1].split('/')[0]}")
    item.add("dtstamp", timezone.now())
    item.add("summary", summary)
    # Instants in UTC ("...Z"): every calendar program reads them without the
    # time zone's definition; dates stay dates (whole days).
    item.add("dtstart", in_utc(start))
    item.add("dtend", in_utc(end))
    if location:
        item.add("location", location)
    if description:
        item.add("description", description)
    if url:
        item.add("url", url)
    return item


def in_utc(value):
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC)
    return value
