"""Who may move an invitation, and when. (The office resends or cancels; the
invitee accepts through the link, which is not a move a page offers.)"""

from django.utils.translation import gettext_lazy as _

from .models import Invitation
from .workflow import Move, Workflow

Invited = Invitation.Status


def is_iro(user, invitation):
    return user.is_iro_staff


invitation_moves = Workflow(
    Invitation,
    url_namespace="",
    url_prefix="invitation",
    object_arg="invitation",
    moves=[
        Move(
            "resend",
            sources=frozenset({Invited.PENDING}),
            target=Invited.PENDING,
            who=is_iro,
            label=_("Send again"),
            style="outline-primary",
            done=_("The invitation has been sent again, with a new link."),
        ),
        Move(
            "cancel",
            sources=frozenset({Invited.PENDING}),
            target=Invited.CANCELLED,
            who=is_iro,
            label=_("Cancel"),
            style="outline-danger",
            confirm=_("Cancel this invitation? Its link stops working."),
            done=_("The invitation has been cancelled."),
        ),
        # Through the link, by whoever reads the invited address's mail.
        Move(
            "accept",
            sources=frozenset({Invited.PENDING}),
            target=Invited.ACCEPTED,
            who=None,
        ),
    ],
)
