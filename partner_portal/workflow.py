"""Workflow moves, declared once per workflow, and the one place a state changes.

Each workflow (``<app>/moves.py``) lists its moves: a name, the states it starts from,
the state it ends in, who may make it (a predicate of user and object), a guard that
runs while the row is locked, whether a note is required, and the words and style of
its button. Everything else asks the declaration:

- ``transition(obj, "approve", actor=...)`` locks the row, refuses a move the
  declaration does not allow (wrong state, wrong person, guard, missing note) with a
  translated message, saves, and writes the audit row, in one transaction;
- ``available_moves(user, obj)`` is what views and templates offer;
- the move's URL and its named service (``@workflow.service("approve")``) come from
  the same declaration, so the generic move view needs no table of its own.

``actor=None`` is the system (a Celery task, a management command): it may make any
move. Automatic moves (``who=None``) are never offered to anyone: the service that
owns a lifecycle makes them as the consequence of a move the person was allowed to
make (a team confirmed assigns its problem).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import path
from django.utils.translation import gettext_lazy as _

from .models import AuditEvent

# Every declared workflow, by model (filled when the apps' moves modules load).
WORKFLOWS: dict[type, "Workflow"] = {}


class IllegalTransition(ValidationError):
    """A workflow move that the declaration or a guard refuses; nothing changed."""


class Note(StrEnum):
    NONE = "none"
    OPTIONAL = "optional"
    REQUIRED = "required"


def require_note(note, message):
    """Refuse a move that must be explained (a rejection, a return) without a note."""
    if not (note or "").strip():
        raise ValidationError(message, code="note_required")


def anyone(user, obj):
    return True


@dataclass(frozen=True)
class Move:
    name: str
    sources: frozenset
    target: str
    # Who may make it: a predicate of (user, object). None: automatic, never offered.
    who: Callable | None
    label: str = ""
    style: str = "primary"
    # Raises ValidationError to refuse; runs with the row locked.
    guard: Callable | None = None
    note: Note = Note.NONE
    # The note's label; for a required note also the message when it is missing.
    note_label: str = ""
    # Asked before the move is posted: what it does that cannot be undone.
    confirm: str = ""
    # Made through a form of its own on the page (a choice, a file), not a button of
    # the moves partial; it gets no generated URL.
    own_form: bool = False
    # The message shown when the move succeeded: a text, or a function of the moved
    # object that returns one (to name the people and things it concerns).
    done: str | Callable = ""
    workflow: "Workflow | None" = field(default=None, compare=False, repr=False)

    @property
    def automatic(self):
        return self.who is None

    @property
    def url_name(self):
        name = f"{self.workflow.url_prefix}-{self.name}"
        namespace = self.workflow.url_namespace
        return f"{namespace}:{name}" if namespace else name

    def done_message(self, obj):
        return self.done(obj) if callable(self.done) else self.done

    def check_note(self, note):
        if self.note == Note.REQUIRED:
            require_note(note, self.note_label or _("Write a note to explain this."))

    def check_guard(self, obj):
        if self.guard is not None:
            self.guard(obj)

    def allows(self, user, obj):
        """May this person make the move (whatever the state)?"""
        if self.who is None:
            return False
        return bool(
            user is not None
            and user.is_authenticated
            and user.is_active
            and self.who(user, obj)
        )


class Workflow:
    """The moves of one model's ``status`` field."""

    def __init__(self, model, *, moves, url_namespace, url_prefix, object_arg,
                 field="status"):  # fmt: skip
        self.model = model
        self.field = field
        self.url_namespace = url_namespace
        self.url_prefix = url_prefix
        # The keyword under which the named services take the object.
        self.object_arg = object_arg
        self.moves = {}
        self.services = {}
        for move in moves:
            object.__setattr__(move, "workflow", self)
            self.moves[move.name] = move
        WORKFLOWS[model] = self

    def __getitem__(self, name):
        return self.moves[name]

    def __iter__(self):
        return iter(self.moves.values())

    @property
    def table(self):
        """``{from_state: {to_state, ...}}``, derived from the moves."""
        table = {state: set() for state in self.model.Status}
        for move in self:
            for source in move.sources:
                table[source].add(move.target)
        return table

    def moves_from(self, state):
        return [move for move in self if state in move.sources]

    def service(self, name):
        """Register the named service that makes move ``name`` with its side
        effects; the generic move view calls it."""

        def register(function):
            self.services[name] = function
            return function

        return register

    def urlpatterns(self, route_prefix, view):
        """One URL per move a person may make: ``<route_prefix><move>/``, named
        ``<url_prefix>-<move>``; ``view(request, pk, move)`` makes it."""
        return [
            path(
                f"{route_prefix}{move.name}/",
                view,
                {"move": move.name},
                name=f"{self.url_prefix}-{move.name}",
            )
            for move in self
            if not move.automatic and not move.own_form
        ]

    def run(self, name, obj, *, actor, note=""):
        """Make move ``name`` through its named service."""
        move = self.moves[name]
        kwargs = {self.object_arg: obj, "actor": actor}
        if move.note != Note.NONE:
            kwargs["note"] = note
        return self.services[name](**kwargs)


def workflow_of(obj_or_model):
    model = obj_or_model if isinstance(obj_or_model, type) else type(obj_or_model)
    return WORKFLOWS[model]


def state_label(model, state):
    try:
        return model.Status(state).label
    except ValueError:
        return state


@dataclass(frozen=True)
class Offer:
    """A move the person may make now; ``blocked`` says why it cannot succeed yet."""

    move: Move
    blocked: str = ""

    def __getattr__(self, name):
        return getattr(self.move, name)


def available_moves(user, obj, *, check_guards=True):
    """The moves this person may make on ``obj`` in its current state, each with
    the reason its guard would refuse it now (empty when it would succeed).

    A list of many objects passes ``check_guards=False``: guards may query, and the
    move itself still runs its guard.
    """
    workflow = workflow_of(obj)
    state = getattr(obj, workflow.field)
    offers = []
    for move in workflow.moves_from(state):
        if not move.allows(user, obj):
            continue
        if not check_guards:
            offers.append(Offer(move))
            continue
        try:
            move.check_guard(obj)
        except ValidationError as refusal:
            offers.append(Offer(move, blocked=" ".join(refusal.messages)))
        else:
            offers.append(Offer(move))
    return offers


def may_move(user, obj, name):
    """Would ``available_moves`` offer move ``name`` (ignoring its guard)?"""
    workflow = workflow_of(obj)
    move = workflow.moves[name]
    return getattr(obj, workflow.field) in move.sources and move.allows(user, obj)


def illegal(model, current, move):
    return IllegalTransition(
        _("This %(object)s cannot move from “%(from)s” to “%(to)s”.")
        % {
            "object": model._meta.verbose_name,
            "from": state_label(model, current),
            "to": state_label(model, move.target),
        },
        code="illegal_transition",
    )


def transition(obj, name, *, actor, note="", **changes):
    """Make move ``name`` on ``obj`` and return the saved, locked row.

    The row is locked first, so the state, the person's right and the guard are
    judged on what is really there. ``changes`` are further fields saved together
    with the new state.
    """
    model = type(obj)
    workflow = WORKFLOWS[model]
    move = workflow.moves[name]
    with transaction.atomic():
        locked = model._default_manager.select_for_update().get(pk=obj.pk)
        current = getattr(locked, workflow.field)
        # Who first: a person the move does not name learns nothing about the state.
        if actor is not None and not move.automatic and not move.allows(actor, locked):
            raise PermissionDenied
        if current not in move.sources:
            raise illegal(model, current, move)
        move.check_note(note)
        move.check_guard(locked)
        setattr(locked, workflow.field, move.target)
        for name_, value in changes.items():
            setattr(locked, name_, value)
        update_fields = [workflow.field, *changes]
        if hasattr(locked, "updated_at"):
            update_fields.append("updated_at")
        locked.save(update_fields=update_fields)
        AuditEvent.objects.create(
            actor=actor,
            target_type=ContentType.objects.get_for_model(model),
            target_id=locked.pk,
            from_state=current,
            to_state=move.target,
            note=note or "",
        )
    # Keep the caller's instance in step with what was saved.
    for name_ in update_fields:
        setattr(obj, name_, getattr(locked, name_))
    return locked


def record_event(model, pk, *, from_state, to_state, actor, note=""):
    """An audit row written outside ``transition``: a birth, a change that keeps
    the state, or a move made by a conditional UPDATE (a worker's claim) whose
    result is the row's lock."""
    AuditEvent.objects.create(
        actor=actor,
        target_type=ContentType.objects.get_for_model(model),
        target_id=pk,
        from_state=from_state,
        to_state=to_state,
        note=note or "",
    )


def record_creation(obj, *, actor, note=""):
    """The audit row of an object born in its first state (a placement dispatched)."""
    workflow = WORKFLOWS[type(obj)]
    record_event(
        type(obj), obj.pk, from_state="", to_state=getattr(obj, workflow.field),
        actor=actor, note=note,
    )  # fmt: skip


def audit_trail(obj):
    """The audit events of one object, oldest first, with their actors."""
    return AuditEvent.objects.filter(
        target_type=ContentType.objects.get_for_model(type(obj)), target_id=obj.pk
    ).select_related("actor")
