"""The one place where a workflow state changes.

Each model with a workflow declares ``Status`` (TextChoices) and a table
``TRANSITIONS = {from_state: {to_state, ...}}``. ``transition`` locks the row, refuses a
move the table does not allow (or that the caller's guard refuses) with a translated
message, saves, and writes the audit row, all in one database transaction.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .models import AuditEvent


class IllegalTransition(ValidationError):
    """A workflow move that the table or a guard refuses; nothing was changed."""


def require_note(note, message):
    """Refuse a move that must be explained (a rejection, a return) without a note."""
    if not (note or "").strip():
        raise ValidationError(message, code="note_required")


def state_label(model, state):
    try:
        return model.Status(state).label
    except ValueError:
        return state


def allowed_transitions(obj, field="status"):
    return type(obj).TRANSITIONS.get(getattr(obj, field), set())


def can_transition(obj, to, field="status"):
    return to in allowed_transitions(obj, field)


def transition(obj, to, *, actor, note="", guard=None, field="status", **changes):
    """Move ``obj`` to state ``to`` and return the saved, locked row.

    ``guard(locked_obj)`` may raise ValidationError to refuse the move; it runs while
    the row is locked, so what it checks cannot change before the save. ``changes``
    are further fields saved together with the new state.
    """
    model = type(obj)
    with transaction.atomic():
        locked = model._default_manager.select_for_update().get(pk=obj.pk)
        current = getattr(locked, field)
        if to not in model.TRANSITIONS.get(current, set()):
            raise IllegalTransition(
                _("This %(object)s cannot move from “%(from)s” to “%(to)s”.")
                % {
                    "object": model._meta.verbose_name,
                    "from": state_label(model, current),
                    "to": state_label(model, to),
                },
                code="illegal_transition",
            )
        if guard is not None:
            guard(locked)
        setattr(locked, field, to)
        for name, value in changes.items():
            setattr(locked, name, value)
        update_fields = [field, *changes]
        if hasattr(locked, "updated_at"):
            update_fields.append("updated_at")
        locked.save(update_fields=update_fields)
        AuditEvent.objects.create(
            actor=actor,
            target_type=ContentType.objects.get_for_model(model),
            target_id=locked.pk,
            from_state=current,
            to_state=to,
            note=note,
        )
    # Keep the caller's instance in step with what was saved.
    for name in update_fields:
        setattr(obj, name, getattr(locked, name))
    return locked


def audit_trail(obj):
    """The audit events of one object, oldest first, with their actors."""
    return AuditEvent.objects.filter(
        target_type=ContentType.objects.get_for_model(type(obj)), target_id=obj.pk
    ).select_related("actor")
