"""The office's board: placements by stage, their overdue flags (by whole days of
Tehran's calendar, never a day early), its filters, who sees it, and its cost in
queries."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from industries.models import Cluster, IndustrialArea, ProblemRequest
from placements.models import Milestone, Placement, SiteVisit, SolutionProposal
from placements.overdue import with_overdue_flags
from teams.models import Team
from tests import factories

pytestmark = pytest.mark.django_db

P = Placement.Status
TEHRAN = ZoneInfo("Asia/Tehran")
FIRST_VISIT_DAYS, PROPOSAL_DAYS = 5, 9


@pytest.fixture(autouse=True)
def overdue_days(settings):
    """Numbers unlike the defaults: the flags must read them from the settings."""
    settings.PORTAL = {
        **settings.PORTAL,
        "OVERDUE_DAYS": {"first_visit": FIRST_VISIT_DAYS, "proposals": PROPOSAL_DAYS},
    }


def today():
    return timezone.localdate()


def midnight(days_ago):
    """The first instant of the day ``days_ago`` days before today, in Tehran."""
    day = today() - datetime.timedelta(days=days_ago)
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=TEHRAN)


def just_before(instant):
    return instant - datetime.timedelta(seconds=1)


def placed(world, *, status=P.DISPATCHED, dispatched=None, since=None, **where):
    """A confirmed team of the world's round placed at the world's unit (unless
    ``where`` says otherwise), in ``status`` since ``since``."""
    problem = factories.ProblemFactory(
        unit=where.get("unit", world.objects["unit"]),
        status=ProblemRequest.Status.ASSIGNED,
    )
    team = Team.objects.create(
        round=where.get("round", world.objects["round"]),
        problem=problem,
        supervisor=where.get("supervisor", world.objects["professor"]),
        status=Team.Status.CONFIRMED,
    )
    dispatched = dispatched or timezone.now()
    return Placement.objects.create(
        team=team,
        status=status,
        dispatched_at=dispatched,
        stage_since=since or dispatched,
    )


def visit(placement, starts_at):
    return SiteVisit.objects.create(
        placement=placement, starts_at=starts_at, place="سالن", attendees="تیم"
    )


def executing(world, *due_on, statuses=None, **kwargs):
    """A placement in execution whose selected proposal has milestones due on
    those dates (and a proposal not selected, all its milestones long past)."""
    placement = placed(world, status=P.EXECUTION, **kwargs)
    visit(placement, timezone.now() - datetime.timedelta(days=60))
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
    statuses = statuses or [Milestone.Status.PLANNED] * len(due_on)
    for i, (day, status) in enumerate(zip(due_on, statuses, strict=True)):
        Milestone.objects.create(
            proposal=chosen, title=f"گام {i}", deliverable="x", weeks=i + 1,
            due_on=day, status=status,
        )  # fmt: skip
    Milestone.objects.create(
        proposal=other, title="گام کهنه", deliverable="x", weeks=1,
        due_on=today() - datetime.timedelta(days=90),
    )  # fmt: skip
    placement.selected_proposal = chosen
    placement.save(update_fields=["selected_proposal"])
    return placement


def flags(placement):
    """The names of the flags the board's query raises for ``placement``."""
    row = with_overdue_flags(Placement.objects.filter(pk=placement.pk)).get()
    raised = {
        name
        for name in ("no_visit_overdue", "proposals_overdue", "milestones_overdue")
        if getattr(row, name)
    }
    assert row.is_overdue == bool(raised)
    return raised


# --- No site visit within N days of the dispatch ------------------------------------


def test_no_visit_is_flagged_the_day_after_the_days_run_out_and_not_a_day_early(
    world,
):
    last_day = placed(world, dispatched=midnight(FIRST_VISIT_DAYS))
    end_of_last_day = placed(
        world, dispatched=just_before(midnight(FIRST_VISIT_DAYS - 1))
    )
    a_day_later = placed(world, dispatched=just_before(midnight(FIRST_VISIT_DAYS)))
    fresh = placed(world)

    assert flags(last_day) == set()
    assert flags(end_of_last_day) == set()
    assert flags(fresh) == set()
    assert flags(a_day_later) == {"no_visit_overdue"}


def test_a_visit_held_or_set_for_today_stops_the_no_visit_flag(world):
    held = placed(
        world, status=P.ASSESSMENT, dispatched=midnight(FIRST_VISIT_DAYS + 10)
    )
    visit(held, midnight(FIRST_VISIT_DAYS + 2))
    later_today = placed(
        world, status=P.ASSESSMENT, dispatched=midnight(FIRST_VISIT_DAYS + 10)
    )
    visit(later_today, just_before(midnight(-1)))

    assert flags(held) == set()
    assert flags(later_today) == set()


def test_a_visit_set_for_a_later_day_leaves_the_no_visit_flag_up(world):
    """The visit was due within the days; one set weeks ahead does not meet it."""
    placement = placed(
        world, status=P.ASSESSMENT, dispatched=midnight(FIRST_VISIT_DAYS + 1)
    )
    visit(placement, midnight(-1))

    assert flags(placement) == {"no_visit_overdue"}


@pytest.mark.parametrize("status", [P.PROPOSAL, P.SELECTION, P.COMPLETED, P.CANCELLED])
def test_once_past_the_assessment_a_placement_waits_for_no_first_visit(world, status):
    placement = placed(
        world, status=status, dispatched=midnight(60), since=timezone.now()
    )

    assert flags(placement) == set()


# --- Proposals not submitted within N days of the proposal stage ---------------------


def test_late_proposals_are_flagged_the_day_after_the_days_run_out(world):
    long_ago = midnight(100)
    last_day = placed(
        world, status=P.PROPOSAL, dispatched=long_ago, since=midnight(PROPOSAL_DAYS)
    )
    a_day_later = placed(
        world, status=P.PROPOSAL, dispatched=long_ago,
        since=just_before(midnight(PROPOSAL_DAYS)),
    )  # fmt: skip
    for placement in (last_day, a_day_later):
        visit(placement, long_ago)

    assert flags(last_day) == set()
    assert flags(a_day_later) == {"proposals_overdue"}


@pytest.mark.parametrize(
    "status", [P.ASSESSMENT, P.SELECTION, P.EXECUTION, P.COMPLETED, P.CANCELLED]
)
def test_only_the_proposal_stage_can_have_late_proposals(world, status):
    long_ago = midnight(100)
    placement = placed(world, status=status, dispatched=long_ago, since=long_ago)
    visit(placement, long_ago)

    assert "proposals_overdue" not in flags(placement)


# --- A milestone of the selected proposal past its date -----------------------------


def test_a_milestone_is_flagged_the_day_after_its_date(world):
    yesterday, day_before = (today() - datetime.timedelta(days=n) for n in (1, 2))

    due_today = executing(world, today())
    due_yesterday = executing(world, today(), yesterday)
    reported_late = executing(world, day_before, statuses=[Milestone.Status.REPORTED])
    confirmed_late = executing(world, day_before, statuses=[Milestone.Status.CONFIRMED])

    assert flags(due_today) == set()
    assert flags(due_yesterday) == {"milestones_overdue"}
    # Reported but not confirmed: it still waits (for the manager).
    assert flags(reported_late) == {"milestones_overdue"}
    assert flags(confirmed_late) == set()


def test_milestones_of_a_proposal_not_selected_never_flag(world):
    placement = executing(world, today() + datetime.timedelta(days=10))

    assert flags(placement) == set()


@pytest.mark.parametrize("status", [P.COMPLETED, P.CANCELLED])
def test_a_finished_placement_has_no_late_milestone(world, status):
    placement = executing(world, today() - datetime.timedelta(days=5))
    Placement.objects.filter(pk=placement.pk).update(status=status)

    assert flags(placement) == set()


# --- The page ---------------------------------------------------------------------


@pytest.fixture
def office(client, iro):
    client.force_login(iro)
    return client


def board(client, language="en", **query):
    with translation.override(language):
        url = reverse("placements:board")
    return client.get(url, query)


def shown(response):
    """{placement pk: column} of the cards on the board."""
    return {
        placement.pk: status
        for status, placements in response.context["columns"]
        for placement in placements
    }


def card(response, placement):
    html = response.content.decode()
    found = re.search(rf'id="placement-{placement.pk}".*?</article>', html, re.S)
    assert found, f"no card for placement {placement.pk}"
    return found.group(0)


def test_each_open_placement_is_in_its_stage_column_with_its_flags(office, world):
    late = placed(world, dispatched=midnight(FIRST_VISIT_DAYS + 1))
    drafting = placed(
        world, status=P.PROPOSAL, dispatched=midnight(90), since=midnight(90)
    )
    visit(drafting, midnight(80))
    behind = executing(world, today() - datetime.timedelta(days=3))
    on_time = executing(world, today() + datetime.timedelta(days=3))
    done = placed(world, status=P.COMPLETED, dispatched=midnight(200))
    placed(world, status=P.CANCELLED, dispatched=midnight(200))

    response = board(office)

    assert response.status_code == 200
    columns = shown(response)
    assert columns[late.pk] == P.DISPATCHED
    assert columns[drafting.pk] == P.PROPOSAL
    assert columns[behind.pk] == columns[on_time.pk] == P.EXECUTION
    assert done.pk not in columns
    assert dict(response.context["finished"]) == {P.COMPLETED: 1, P.CANCELLED: 1}
    assert "No site visit yet" in card(response, late)
    assert "Proposals late" in card(response, drafting)
    assert "Milestone past due" in card(response, behind)
    assert "border-danger" not in card(response, on_time)
    assert "badge text-bg-danger" not in card(response, on_time)


def test_the_board_reads_in_persian_too(office, world):
    late = placed(world, dispatched=midnight(FIRST_VISIT_DAYS + 1))

    response = board(office, language="fa")

    assert "هنوز بازدیدی نشده" in card(response, late)


@pytest.fixture
def spread(world):
    """Placements that differ in one thing each from the world's placement (same
    round, unit, cluster, town, supervisor)."""
    other_round = factories.RoundFactory()
    other_area = IndustrialArea.objects.exclude(pk=world.objects["unit"].area_id)[0]
    other_cluster = Cluster.objects.exclude(pk=world.objects["unit"].cluster_id)[0]
    return {
        "round": placed(world, round=other_round),
        "area": placed(world, unit=factories.UnitFactory(area=other_area)),
        "cluster": placed(world, unit=factories.UnitFactory(cluster=other_cluster)),
        "supervisor": placed(
            world, supervisor=world.objects["other_professor_profile"]
        ),
        "overdue": placed(world, dispatched=midnight(FIRST_VISIT_DAYS + 1)),
        "values": {
            "round": other_round.pk,
            "area": other_area.pk,
            "cluster": other_cluster.pk,
            "supervisor": world.objects["other_professor_profile"].pk,
            "overdue": "on",
        },
    }


@pytest.mark.parametrize("name", ["round", "area", "cluster", "supervisor", "overdue"])
def test_the_board_filters_by_round_cluster_town_supervisor_and_overdue(
    office, world, spread, name
):
    everything = shown(board(office))
    only = shown(board(office, **{name: spread["values"][name]}))

    assert spread[name].pk in everything
    assert world.objects["placement"].pk in everything
    # The world's other placement is the other professor's.
    also = {world.objects["other_placement"].pk} if name == "supervisor" else set()
    assert set(only) == {spread[name].pk} | also


def test_filters_combine_and_an_unknown_value_is_refused(office, world, spread):
    both = shown(board(office, round=spread["values"]["round"], overdue="on"))
    unknown = board(office, round=10**9)

    assert both == {}
    assert unknown.status_code == 200
    assert unknown.context["filter"].errors


@pytest.mark.parametrize(
    "persona", ["student", "supervisor", "manager", "other_unit_manager"]
)
def test_only_the_office_sees_the_board(client, world, persona):
    client.force_login(world.person(persona))

    assert board(client).status_code == 403


# --- Queries ----------------------------------------------------------------------


def bulk_placements(world, n, offset):
    """``n`` placements across every stage, half of them late, made in bulk."""
    stamp = f"{offset}-{timezone.now().timestamp()}"
    problems = ProblemRequest.objects.bulk_create(
        ProblemRequest(
            unit=world.objects["unit"],
            title=f"مسئله {stamp}-{i}",
            description="x",
            status=ProblemRequest.Status.ASSIGNED,
        )  # fmt: skip
        for i in range(n)
    )
    teams = Team.objects.bulk_create(
        Team(
            round=world.objects["round"],
            problem=problem,
            supervisor=world.objects["professor"],
            status=Team.Status.CONFIRMED,
        )  # fmt: skip
        for problem in problems
    )
    stages = list(P)
    placements = Placement.objects.bulk_create(
        Placement(
            team=team,
            status=stages[i % len(stages)],
            dispatched_at=midnight(30 * (i % 2)),
            stage_since=midnight(30 * (i % 2)),
        )  # fmt: skip
        for i, team in enumerate(teams)
    )
    proposals = SolutionProposal.objects.bulk_create(
        SolutionProposal(
            placement=p, title="x", summary="x", approach="x", duration_weeks=4
        )
        for p in placements
    )
    Milestone.objects.bulk_create(
        Milestone(
            proposal=proposal,
            title="x",
            deliverable="x",
            weeks=1,
            due_on=today() - datetime.timedelta(days=i % 3),
        )  # fmt: skip
        for i, proposal in enumerate(proposals)
    )
    for placement, proposal in zip(placements, proposals, strict=True):
        placement.selected_proposal = proposal
    Placement.objects.bulk_update(placements, ["selected_proposal"])
    SiteVisit.objects.bulk_create(
        SiteVisit(placement=p, starts_at=midnight(1), place="x", attendees="x")
        for p in placements[::3]
    )


@pytest.mark.parametrize("query", [{}, {"overdue": "on"}])
def test_the_board_keeps_a_constant_number_of_queries(
    office, world, django_assert_max_num_queries, query
):
    bulk_placements(world, 5, 0)
    with django_assert_max_num_queries(12) as with_5:
        response = board(office, **query)
        assert len(shown(response)) >= 2
    bulk_placements(world, 495, 1)
    with django_assert_max_num_queries(12) as with_500:
        response = board(office, **query)
        assert len(shown(response)) >= 100

    assert len(with_5) == len(with_500), (
        f"{len(with_5)} queries for 5 placements, {len(with_500)} for 500"
    )
