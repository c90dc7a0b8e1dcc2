"""``{% moves obj %}``: the buttons (and note box) of the workflow moves the person
may make on ``obj`` now, as ``available_moves`` says."""

from django import template

from partner_portal.forms import MoveNoteForm
from partner_portal.workflow import available_moves

register = template.Library()


@register.inclusion_tag("partials/moves.html", takes_context=True)
def moves(context, obj, compact=False, exclude="", guards=True):
    """``guards=False`` in lists: the guards (which may query) run when the move is
    made, not for every row."""
    request = context["request"]
    skipped = set(exclude.split(",")) if exclude else set()
    offers = [
        offer
        for offer in available_moves(request.user, obj, check_guards=guards)
        if offer.name not in skipped and not offer.own_form
    ]
    with_note = [offer for offer in offers if offer.note != "none"]
    prefix = f"{obj._meta.model_name}-{obj.pk}"
    note_form = None
    if with_note:
        note_form = MoveNoteForm(offers=with_note, auto_id=f"id_{prefix}_%s")
    return {
        "offers": offers,
        "obj": obj,
        "note_form": note_form,
        "compact": compact,
        "prefix": prefix,
    }
