"""Every transition a page offers, as its user makes it: the new state, the audit
row (actor, from, to, note), and that an outsider's attempt changes nothing."""

from dataclasses import dataclass

import pytest
from django.urls import reverse

from industries.models import ProblemRequest, UnitManager
from partner_portal.workflow import audit_trail
from teams.models import Enrolment, Round
from tests.factories import ProblemFactory

pytestmark = pytest.mark.django_db


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


def draft_problem(world):
    return world.objects["draft_problem"]


def returned_problem(world):
    return ProblemFactory(unit=world.objects["unit"], status="returned")


def approved_problem(world):
    return world.objects["problem"]


TARGETS = {
    "draft problem": draft_problem,
    "returned problem": returned_problem,
    "submitted problem": submitted_problem,
    "approved problem": approved_problem,
    "applied enrolment": lambda world: world.objects["other_enrolment"],
    "trained enrolment": lambda world: world.objects["enrolment"],
    "open round": lambda world: world.objects["round"],
    "join request": lambda world: world.objects["join_request"],
}

MOVES = [
    Move(
        "industries:problem-submit",
        "draft problem",
        "draft",
        "submitted",
        "manager",
        "other_unit_manager",
    ),
    Move(
        "industries:problem-submit",
        "returned problem",
        "returned",
        "submitted",
        "manager",
        "iro",
    ),
    Move(
        "industries:problem-withdraw",
        "approved problem",
        "approved",
        "withdrawn",
        "manager",
        "other_unit_manager",
    ),
    Move(
        "industries:problem-approve",
        "submitted problem",
        "submitted",
        "approved",
        "iro",
        "manager",
        "ok",
    ),
    Move(
        "industries:problem-return",
        "submitted problem",
        "submitted",
        "returned",
        "iro",
        "manager",
        "more data",
    ),
    Move(
        "industries:problem-reject",
        "submitted problem",
        "submitted",
        "rejected",
        "iro",
        "manager",
        "out of scope",
    ),
    Move(
        "teams:enrolment-accept",
        "applied enrolment",
        "applied",
        "accepted",
        "iro",
        "other_student",
        "welcome",
    ),
    Move(
        "teams:enrolment-reject",
        "applied enrolment",
        "applied",
        "rejected",
        "iro",
        "supervisor",
        "full",
    ),
    Move(
        "teams:enrolment-withdraw",
        "trained enrolment",
        "trained",
        "withdrawn",
        "student",
        "other_student",
    ),
    Move("teams:round-formation", "open round", "open", "formation", "iro", "student"),
    Move("teams:round-close", "open round", "open", "closed", "iro", "manager"),
    Move(
        "industries:join-request-approve",
        "join request",
        "requested",
        "active",
        "iro",
        "manager",
    ),
    Move(
        "industries:join-request-reject",
        "join request",
        "requested",
        "rejected",
        "iro",
        "other_unit_manager",
        "unknown",
    ),
]


def post(client, move, obj):
    data = {"comment": move.note, "note": move.note}
    return client.post(reverse(move.url_name, args=[obj.pk]), data)


@pytest.mark.parametrize("move", MOVES, ids=lambda m: f"{m.url_name}:{m.start}")
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


@pytest.mark.parametrize("move", MOVES, ids=lambda m: f"{m.url_name}:{m.start}")
def test_an_outsider_is_refused_and_nothing_changes(client, world, move):
    obj = TARGETS[move.target](world)
    client.force_login(world.person(move.outsider))

    response = post(client, move, obj)

    obj.refresh_from_db()
    assert response.status_code in (403, 404)
    assert obj.status == move.start
    assert not audit_trail(obj).exists()


@pytest.mark.parametrize(
    ("move", "state"),
    [
        (MOVES[3], ProblemRequest.Status.REJECTED),
        (MOVES[6], Enrolment.Status.WITHDRAWN),
        (MOVES[9], Round.Status.CLOSED),
        (MOVES[11], UnitManager.Status.REJECTED),
    ],
    ids=[
        "approve a rejected problem",
        "accept a withdrawn enrolment",
        "start formation of a closed round",
        "approve a declined request",
    ],  # fmt: skip
)
def test_a_move_from_the_wrong_state_is_refused_and_changes_nothing(
    client, world, move, state
):
    obj = TARGETS[move.target](world)
    type(obj).objects.filter(pk=obj.pk).update(status=state)
    client.force_login(world.person(move.actor))

    response = post(client, move, obj)

    obj.refresh_from_db()
    assert response.status_code == 302
    assert obj.status == state
    assert not audit_trail(obj).exists()
