"""Who may move a placement from one stage to the next, and when.

The one declaration of the placement workflow; services, views, templates and the
admin ask it (see ``partner_portal.workflow``).
"""

from django.utils.translation import gettext_lazy as _

from partner_portal.workflow import Move, Note, Workflow

from .models import Placement
from .permissions import is_supervisor, is_team_member, manages_placement_unit

P = Placement.Status


def is_iro(user, placement):
    return user.is_iro_staff


def is_team_or_manager(user, placement):
    return is_team_member(user, placement) or manages_placement_unit(user, placement)


placement_moves = Workflow(
    Placement,
    url_namespace="placements",
    url_prefix="placement",
    object_arg="placement",
    moves=[
        Move(
            "assess",
            sources=frozenset({P.DISPATCHED}),
            target=P.ASSESSMENT,
            who=is_team_or_manager,
            label=_("Start the assessment"),
            done=_("The assessment has started."),
        ),
        Move(
            "propose",
            sources=frozenset({P.ASSESSMENT}),
            target=P.PROPOSAL,
            who=is_team_member,
            label=_("Assessment done: draft proposals"),
            done=_("The team now drafts its solution proposals."),
        ),
        Move(
            "submit",
            sources=frozenset({P.PROPOSAL}),
            target=P.SELECTION,
            who=is_supervisor,
            label=_("Approve and submit the proposals"),
            done=_("The proposals have been sent to the manager."),
        ),
        Move(
            "select",
            sources=frozenset({P.SELECTION}),
            target=P.EXECUTION,
            who=manages_placement_unit,
            label=_("Select this proposal"),
            style="success",
            note=Note.REQUIRED,
            note_label=_("Write why this proposal was chosen."),
            done=_("The proposal has been selected; execution starts."),
        ),
        Move(
            "revise",
            sources=frozenset({P.SELECTION}),
            target=P.PROPOSAL,
            who=manages_placement_unit,
            label=_("Send back for revision"),
            style="warning",
            note=Note.REQUIRED,
            note_label=_("Write what the team should change."),
            done=_("The proposals have been sent back to the team."),
        ),
        Move(
            "complete",
            sources=frozenset({P.EXECUTION}),
            target=P.COMPLETED,
            who=manages_placement_unit,
            label=_("Sign completion"),
            style="success",
            note=Note.OPTIONAL,
            note_label=_("note"),
            confirm=_("Sign the completion of this placement? This cannot be undone."),
            done=_("The placement is completed."),
        ),
        Move(
            "cancel",
            sources=frozenset(Placement.OPEN),
            target=P.CANCELLED,
            who=is_iro,
            label=_("Cancel the placement"),
            style="outline-danger",
            note=Note.REQUIRED,
            note_label=_("Write the reason for the team and the unit."),
            confirm=_(
                "Cancel this placement? Its students become free for another team. "
                "This cannot be undone."
            ),
            done=_("The placement has been cancelled."),
        ),
    ],
)
