"""Every transition a page offers, as its user makes it: the new state, the audit
row (actor, from, to, note), that an outsider's attempt changes nothing, and that the
move from a wrong state is refused and changes nothing."""

from dataclasses import dataclass

import pytest
from django.urls import reverse
from django.utils import timezone

from industries.models import ProblemRequest, UnitManager
from partner_portal.workflow import audit_trail
from placements.models import Document, Milestone, Placement
from teams.models import Enrolment, Membership, Round
from tests.factories import ProblemFactory, RoundFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(full_world):
    """The world with its placements at work (visits, documents, proposals)."""
    return full_world


@dataclass(frozen=True)
class Move:
    url_name: str
    target: str  # how to make the object from the world
    start: str
    end: str
    actor: str
    outsider: str
    note: str = ""


def submitted_problem(world):
    return ProblemFactory(unit=world.objects["unit"], status="submitted")


def returned_problem(world):
    return ProblemFactory(unit=world.objects["unit"], status="returned")


def trained_enrolment_without_team(world):
    enrolment = world.objects["enrolment"]
    Membership.objects.filter(enrolment=enrolment).update(
        ended_at=timezone.now(), end_reason=Membership.EndReason.REMOVED
    )
    return enrolment


def planned_round(world):
    """A planned round, once the world's open one is closed (one open at a time)."""
    Round.objects.filter(pk=world.objects["round"].pk).update(status="closed")
    return RoundFactory(status=Round.Status.PLANNED)


def placement_at(stage):
    """The world's placement (with a visit, a document, a proposal and its
    milestone) put at ``stage``, with what that stage's moves need."""

    def make(world):
        placement = world.objects["placement"]
        milestone = world.objects["milestone"]
        if stage == Placement.Status.ASSESSMENT:
            placement.visits.update(findings="خط ۲ گلوگاه است.")
            document = placement.documents.get()
            document.kind = Document.Kind.ASSESSMENT
            document.save()
        Placement.objects.filter(pk=placement.pk).update(
            status=stage,
            selected_proposal=(
                milestone.proposal if stage == Placement.Status.EXECUTION else None
            ),
        )
        placement.refresh_from_db()
        return placement

    return make


def reported_milestone(world):
    placement_at(Placement.Status.EXECUTION)(world)
    milestone = world.objects["milestone"]
    Milestone.objects.filter(pk=milestone.pk).update(status=Milestone.Status.REPORTED)
    milestone.refresh_from_db()
    return milestone


TARGETS = {
    "assessed placement": placement_at(Placement.Status.ASSESSMENT),
    "placement with proposals": placement_at(Placement.Status.PROPOSAL),
    "placement awaiting selection": placement_at(Placement.Status.SELECTION),
    "placement in execution": placement_at(Placement.Status.EXECUTION),
    "reported milestone": reported_milestone,
    "draft problem": lambda world: world.objects["draft_problem"],
    "returned problem": returned_problem,
    "submitted problem": submitted_problem,
    "approved problem": lambda world: world.objects["problem"],
    "applied enrolment": lambda world: world.objects["other_enrolment"],
    "trained enrolment": trained_enrolment_without_team,
    "open round": lambda world: world.objects["round"],
    "planned round": planned_round,
    "join request": lambda world: world.objects["join_request"],
    "manager link": lambda world: world.objects["manager_link"],
}

MOVES = {
    "submit a draft": Move(
        "industries:problem-submit", "draft problem", "draft", "submitted",
        "manager", "other_unit_manager",
    ),
    "resubmit a returned problem": Move(
        "industries:problem-submit", "returned problem", "returned", "submitted",
        "manager", "iro",
    ),
    "withdraw an approved problem": Move(
        "industries:problem-withdraw", "approved problem", "approved", "withdrawn",
        "manager", "other_unit_manager",
    ),
    "approve a problem": Move(
        "industries:problem-approve", "submitted problem", "submitted", "approved",
        "iro", "manager", "ok",
    ),
    "return a problem": Move(
        "industries:problem-return", "submitted problem", "submitted", "returned",
        "iro", "manager", "more data",
    ),
    "reject a problem": Move(
        "industries:problem-reject", "submitted problem", "submitted", "rejected",
        "iro", "manager", "out of scope",
    ),
    "accept an enrolment": Move(
        "teams:enrolment-accept", "applied enrolment", "applied", "accepted",
        "iro", "other_student", "welcome",
    ),
    "reject an enrolment": Move(
        "teams:enrolment-reject", "applied enrolment", "applied", "rejected",
        "iro", "supervisor", "full",
    ),
    "withdraw an enrolment": Move(
        "teams:enrolment-withdraw", "trained enrolment", "trained", "withdrawn",
        "student", "other_student",
    ),
    "open a round": Move(
        "teams:round-open", "planned round", "planned", "open", "iro", "student",
    ),
    "start team formation": Move(
        "teams:round-formation", "open round", "open", "formation", "iro", "student",
    ),
    "close a round": Move(
        "teams:round-close", "open round", "open", "closed", "iro", "manager",
    ),
    "approve a request to manage a unit": Move(
        "industries:unit-manager-approve", "join request", "requested", "active",
        "iro", "manager",
    ),
    "decline a request to manage a unit": Move(
        "industries:unit-manager-reject", "join request", "requested", "rejected",
        "iro", "other_unit_manager", "unknown",
    ),
    "cancel one's request to manage a unit": Move(
        "industries:unit-manager-cancel", "join request", "requested", "cancelled",
        "other_unit_manager", "iro",
    ),
    "remove a manager": Move(
        "industries:unit-manager-remove", "manager link", "active", "removed",
        "iro", "manager",
    ),
    "finish the assessment": Move(
        "placements:placement-propose", "assessed placement", "assessment",
        "proposal", "student", "other_student",
    ),
    "submit the proposals": Move(
        "placements:placement-submit", "placement with proposals", "proposal",
        "selection", "supervisor", "student",
    ),
    "send the proposals back": Move(
        "placements:placement-revise", "placement awaiting selection", "selection",
        "proposal", "manager", "supervisor", "cheaper, please",
    ),
    "cancel a placement": Move(
        "placements:placement-cancel", "placement in execution", "execution",
        "cancelled", "iro", "manager", "the unit closed",
    ),
    "confirm a milestone": Move(
        "placements:milestone-confirm", "reported milestone", "reported",
        "confirmed", "manager", "student",
    ),
    "say a milestone is not done yet": Move(
        "placements:milestone-reopen", "reported milestone", "reported", "planned",
        "manager", "other_unit_manager", "the drawings are missing",
    ),
}  # fmt: skip


def post(client, move, obj):
    return client.post(reverse(move.url_name, args=[obj.pk]), {"note": move.note})


@pytest.mark.parametrize("move", MOVES.values(), ids=MOVES.keys())
def test_the_move_is_made_and_audited(client, world, move):
    obj = TARGETS[move.target](world)
    actor = world.person(move.actor)
    client.force_login(actor)

    post(client, move, obj)

    obj.refresh_from_db()
    event = audit_trail(obj).last()
    assert obj.status == move.end
    assert (event.actor, event.from_state, event.to_state, event.note) == (
        actor,
        move.start,
        move.end,
        move.note,
    )


@pytest.mark.parametrize("move", MOVES.values(), ids=MOVES.keys())
def test_an_outsider_is_refused_and_nothing_changes(client, world, move):
    obj = TARGETS[move.target](world)
    client.force_login(world.person(move.outsider))

    response = post(client, move, obj)

    obj.refresh_from_db()
    assert response.status_code in (403, 404)
    assert obj.status == move.start
    assert not audit_trail(obj).exists()


WRONG_STATES = {
    "approve a rejected problem": ("approve a problem", ProblemRequest.Status.REJECTED),
    "accept a withdrawn enrolment": (
        "accept an enrolment",
        Enrolment.Status.WITHDRAWN,
    ),
    "start formation of a closed round": ("start team formation", Round.Status.CLOSED),
    "approve a declined request": (
        "approve a request to manage a unit",
        UnitManager.Status.REJECTED,
    ),
    "remove a manager twice": ("remove a manager", UnitManager.Status.REMOVED),
    "open a closed round": ("open a round", Round.Status.CLOSED),
    "submit proposals again once selected": (
        "submit the proposals",
        Placement.Status.EXECUTION,
    ),
    "cancel a completed placement": (
        "cancel a placement",
        Placement.Status.COMPLETED,
    ),
    "confirm a milestone never reported": (
        "confirm a milestone",
        Milestone.Status.PLANNED,
    ),
}


@pytest.mark.parametrize(
    ("move_name", "state"), WRONG_STATES.values(), ids=WRONG_STATES.keys()
)
def test_a_move_from_the_wrong_state_is_refused_and_changes_nothing(
    client, world, move_name, state
):
    move = MOVES[move_name]
    obj = TARGETS[move.target](world)
    type(obj).objects.filter(pk=obj.pk).update(status=state)
    client.force_login(world.person(move.actor))

    response = post(client, move, obj)

    obj.refresh_from_db()
    assert response.status_code == 302
    assert obj.status == state
    assert not audit_trail(obj).exists()
