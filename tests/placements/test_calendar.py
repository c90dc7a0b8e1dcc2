"""Each person's private calendar feed: made and replaced on the calendar page,
read by calendar programs without logging in, holding exactly that person's
upcoming dates."""

import datetime
import hashlib
import re
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Calendar

from partner_portal.models import CalendarFeed
from placements.calendar import calendar_renew
from placements.models import Milestone, Placement, SiteVisit, SolutionProposal
from teams.models import Enrolment, Membership, Team
from tests import factories

pytestmark = pytest.mark.django_db

TEHRAN = ZoneInfo("Asia/Tehran")


def in_days(days, hour=10, minute=0):
    """``hour``:``minute`` in Tehran, ``days`` days from today."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=TEHRAN)


def feed_url(token):
    return reverse("placements:calendar-feed", kwargs={"token": token})


def read_feed(client, person):
    """The events of ``person``'s feed, by UID, read as a calendar program would."""
    response = client.get(feed_url(calendar_renew(user=person)))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    uids = [str(event["UID"]) for event in events]
    assert len(uids) == len(set(uids)), "two events share a UID"
    return dict(zip(uids, events, strict=True))


def visit(placement, starts_at, place="سالن تولید"):
    return SiteVisit.objects.create(
        placement=placement, starts_at=starts_at, place=place, attendees="تیم"
    )


def select_plan(placement, *statuses):
    """A selected proposal with one milestone per status, due in 10, 11, ... days,
    and a proposal not selected, its milestone due in 10 days too."""
    chosen, other = (
        SolutionProposal.objects.create(
            placement=placement,
            title=title,
            summary="x",
            approach="x",
            duration_weeks=8,
        )  # fmt: skip
        for title in ("برگزیده", "کنار گذاشته")
    )
    milestones = [
        Milestone.objects.create(
            proposal=chosen,
            title=f"تحویل نقشه {i}",
            deliverable="نقشه قالب",
            weeks=i + 1,
            status=status,
            due_on=timezone.localdate() + datetime.timedelta(days=10 + i),
        )  # fmt: skip
        for i, status in enumerate(statuses)
    ]
    Milestone.objects.create(
        proposal=other, title="کنار", deliverable="x", weeks=1,
        due_on=timezone.localdate() + datetime.timedelta(days=10),
    )  # fmt: skip
    Placement.objects.filter(pk=placement.pk).update(
        status=Placement.Status.EXECUTION, selected_proposal=chosen
    )
    return milestones


def uids_of(kind, *objects):
    return {f"{kind}-{obj.pk}@testserver" for obj in objects}


# --- What a feed holds ------------------------------------------------------------


@pytest.fixture
def dates(world):
    """Upcoming visits of both placements, a visit too old, one too far ahead and
    one of a finished placement; training sessions of the world's round and of
    another; milestones of the student's placement."""
    placement, other = world.objects["placement"], world.objects["other_placement"]
    # The student's placement of an earlier round, finished.
    earlier = factories.EnrolmentFactory(
        student=world.objects["enrolment"].student, status=Enrolment.Status.TRAINED
    )
    finished_team = Team.objects.create(
        round=earlier.round,
        problem=factories.ProblemFactory(unit=world.objects["unit"]),
        supervisor=world.objects["professor"],
        status=Team.Status.COMPLETED,
    )
    done = Placement.objects.create(
        team=finished_team, status=Placement.Status.COMPLETED
    )
    Membership.objects.create(team=finished_team, enrolment=earlier)
    other_round = factories.RoundFactory()
    return {
        "visit": visit(placement, in_days(3)),
        "other_visit": visit(other, in_days(4)),
        "old_visit": visit(placement, in_days(-30)),
        "far_visit": visit(placement, in_days(400)),
        "done_visit": visit(done, in_days(5)),
        "session": factories.TrainingSessionFactory(
            round=world.objects["round"], starts_at=in_days(6)
        ),
        "other_session": factories.TrainingSessionFactory(
            round=other_round, starts_at=in_days(6)
        ),
        "milestones": select_plan(
            placement,
            Milestone.Status.PLANNED,
            Milestone.Status.REPORTED,
            Milestone.Status.CONFIRMED,
        ),
    }


def test_a_student_member_sees_the_teams_visits_the_rounds_sessions_and_due_dates(
    client, world, dates
):
    planned, reported, _confirmed = dates["milestones"]

    events = read_feed(client, world.person("student"))

    assert set(events) == (
        uids_of("visit", dates["visit"])
        | uids_of("session", world.objects["session"], dates["session"])
        | uids_of("milestone", planned, reported)
    )


def test_the_supervisor_and_the_units_manager_see_the_visits_and_due_dates(
    client, world, dates
):
    planned, reported, _confirmed = dates["milestones"]
    expected = uids_of("visit", dates["visit"]) | uids_of(
        "milestone", planned, reported
    )

    assert set(read_feed(client, world.person("supervisor"))) == expected
    assert set(read_feed(client, world.person("manager"))) == expected


def test_others_see_only_their_own_dates(client, world, dates):
    # The other student's enrolment is not accepted: no training sessions.
    assert set(read_feed(client, world.person("other_student"))) == uids_of(
        "visit", dates["other_visit"]
    )
    assert set(read_feed(client, world.person("other_professor"))) == uids_of(
        "visit", dates["other_visit"]
    )
    assert set(read_feed(client, world.person("other_unit_manager"))) == uids_of(
        "visit", dates["other_visit"]
    )


def test_the_office_sees_every_training_session_and_no_one_elses_visits(
    client, world, dates
):
    assert set(read_feed(client, world.person("iro"))) == uids_of(
        "session", world.objects["session"], dates["session"], dates["other_session"]
    )


@pytest.mark.parametrize(
    "status", [Enrolment.Status.APPLIED, Enrolment.Status.REJECTED]
)
def test_a_student_not_admitted_to_the_round_sees_no_sessions(
    client, world, dates, status
):
    Enrolment.objects.filter(pk=world.objects["enrolment"].pk).update(status=status)

    events = read_feed(client, world.person("student"))

    assert not any(uid.startswith("session-") for uid in events)


def test_a_student_who_left_the_team_no_longer_sees_its_dates(client, world, dates):
    Membership.objects.filter(team=world.objects["team"]).update(
        ended_at=timezone.now(), end_reason=Membership.EndReason.REMOVED
    )

    events = read_feed(client, world.person("student"))

    assert set(events) == uids_of("session", world.objects["session"], dates["session"])


def test_a_visit_starts_at_its_instant_and_reads_in_the_persons_language(
    client, world, dates, student
):
    visit_uid = uids_of("visit", dates["visit"]).pop()
    problem = world.objects["team"].problem

    events = read_feed(client, student)
    student.preferred_language = "en"
    student.save(update_fields=["preferred_language"])
    english = read_feed(client, student)

    event = events[visit_uid]
    # 10:00 in Tehran (UTC+3:30) is 06:30 UTC, written as such.
    assert event["DTSTART"].dt == in_days(3)
    assert event["DTSTART"].dt.utcoffset() == datetime.timedelta(0)
    assert event["DTSTART"].dt.hour == 6 and event["DTSTART"].dt.minute == 30
    assert event["DTEND"].dt > event["DTSTART"].dt
    assert str(event["SUMMARY"]) == f"بازدید از محل: {problem.title}"
    assert str(event["LOCATION"]) == "لوازم خانگی پارس قم, سالن تولید"
    assert str(english[visit_uid]["SUMMARY"]) == f"Site visit: {problem.title}"


def test_a_due_date_is_a_whole_day(client, world, dates):
    planned = dates["milestones"][0]

    event = read_feed(client, world.person("student"))[
        uids_of("milestone", planned).pop()
    ]

    assert event["DTSTART"].dt == planned.due_on
    assert not isinstance(event["DTSTART"].dt, datetime.datetime)
    assert event["DTEND"].dt == planned.due_on + datetime.timedelta(days=1)
    assert "تحویل نقشه 0" in str(event["SUMMARY"])
    assert str(event["DESCRIPTION"]) == "نقشه قالب"


def test_the_uids_stay_the_same_from_one_reading_to_the_next(client, world, dates):
    student = world.person("student")

    first = read_feed(client, student)
    dates["visit"].starts_at = in_days(8)
    dates["visit"].save()
    second = read_feed(client, student)

    assert set(first) == set(second)
    uid = uids_of("visit", dates["visit"]).pop()
    assert second[uid]["DTSTART"].dt == in_days(8)


# --- The address --------------------------------------------------------------------


def make_address(client, person, **form):
    """Ask for an address on the calendar page; the one it shows (or None)."""
    client.force_login(person)
    response = client.post(reverse("placements:calendar-renew"), form)
    assert response.status_code == 302
    return shown_address(client)


def shown_address(client):
    page = client.get(reverse("placements:calendar"))
    assert page.status_code == 200
    found = re.search(r'id="calendar-address"[^>]*value="([^"]+)"', page.text)
    return found.group(1) if found else None


def test_the_address_is_shown_once_and_works(client, student):
    address = make_address(client, student)

    assert address.startswith("http://testserver/calendar/")
    assert address.endswith(".ics")
    assert shown_address(client) is None
    assert client.get(address).status_code == 200


def test_only_the_hash_of_the_token_is_stored(client, student):
    address = make_address(client, student)
    token = address.rsplit("/", 1)[1].removesuffix(".ics")

    feed = CalendarFeed.objects.get(user=student)
    assert len(token) >= 32
    assert feed.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(
        list(CalendarFeed.objects.values_list(*[f.name for f in feed._meta.fields]))
    )


def test_a_wrong_token_answers_404(client, student):
    address = make_address(client, student)

    assert client.get(address.replace(".ics", "x.ics")).status_code == 404
    assert client.get(feed_url("x" * 40)).status_code == 404
    assert client.get(feed_url("x" * 500)).status_code == 404


def test_a_new_address_retires_the_old_one(client, student):
    old = make_address(client, student)
    new = make_address(client, student)

    assert new != old
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_a_stopped_address_answers_404(client, student):
    address = make_address(client, student)

    assert make_address(client, student, revoke="1") is None

    assert client.get(address).status_code == 404
    assert not CalendarFeed.objects.filter(user=student).exists()


def test_a_deactivated_persons_address_answers_404(client, student):
    address = make_address(client, student)
    student.is_active = False
    student.save(update_fields=["is_active"])
    client.logout()

    assert client.get(address).status_code == 404


def test_the_calendar_page_reads_in_english_too(client, student):
    client.force_login(student)
    with translation.override("en"):
        url = reverse("placements:calendar")

    page = client.get(url)

    assert "My calendar" in page.text
    assert "Make my calendar address" in page.text


def test_the_address_does_not_depend_on_the_pages_language(client, student):
    client.force_login(student)
    with translation.override("en"):
        renew, page = (
            reverse("placements:calendar-renew"),
            reverse("placements:calendar"),
        )

    client.post(renew)
    address = re.search(r'value="([^"]+\.ics)"', client.get(page).text).group(1)

    assert address.startswith("http://testserver/calendar/")
    assert client.get(address).status_code == 200
