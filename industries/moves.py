"""Who may move unit managers and problem requests, from where to where, and when.

The one declaration of these workflows; services, views, templates and the admin
ask it (see ``partner_portal.workflow``).
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from partner_portal.i18n import isolate
from partner_portal.workflow import Move, Note, Workflow

from .models import ProblemRequest, UnitManager
from .permissions import manages_unit


def is_iro(user, obj):
    return user.is_iro_staff


def is_the_requester(user, link):
    return link.user_id == user.pk


def manages_the_problems_unit(user, problem):
    return manages_unit(user, problem.unit)


# --- Unit managers --------------------------------------------------------------------

Link = UnitManager.Status

unit_manager_moves = Workflow(
    UnitManager,
    url_namespace="industries",
    url_prefix="unit-manager",
    object_arg="link",
    moves=[
        Move(
            "approve",
            sources=frozenset({Link.REQUESTED}),
            target=Link.ACTIVE,
            who=is_iro,
            label=_("Approve"),
            style="success",
            done=lambda link: (
                _("%(person)s now manages %(unit)s.")
                % {"person": isolate(link.user), "unit": isolate(link.unit)}
            ),
        ),
        Move(
            "reject",
            sources=frozenset({Link.REQUESTED}),
            target=Link.REJECTED,
            who=is_iro,
            label=_("Decline"),
            style="outline-danger",
            note=Note.REQUIRED,
            note_label=_("Write the reason for the person who asked."),
            done=_("The request has been declined."),
        ),
        Move(
            "cancel",
            sources=frozenset({Link.REQUESTED}),
            target=Link.CANCELLED,
            who=is_the_requester,
            label=_("Cancel my request"),
            style="outline-secondary",
            done=_("Your request has been cancelled."),
        ),
        Move(
            "remove",
            sources=frozenset({Link.ACTIVE}),
            target=Link.REMOVED,
            who=is_iro,
            label=_("Remove"),
            style="outline-danger",
            confirm=_(
                "Remove this manager from the unit? They lose access to its problems "
                "at once; adding them again takes a new invitation."
            ),
            done=_("The manager has been removed from the unit."),
        ),
    ],
)


# --- Problem requests -----------------------------------------------------------------

Problem = ProblemRequest.Status


def has_fields_needed(problem):
    if not problem.fields_needed.exists():
        raise ValidationError(
            _("Name at least one field of study the problem needs."), code="no_fields"
        )


def has_no_team_forming(problem):
    from teams.models import Team  # teams builds on industries, not the reverse

    if Team.objects.filter(problem=problem, status=Team.Status.FORMING).exists():
        raise ValidationError(
            _("A team is being formed for this problem; ask the office first."),
            code="team_forming",
        )


problem_moves = Workflow(
    ProblemRequest,
    url_namespace="industries",
    url_prefix="problem",
    object_arg="problem",
    moves=[
        Move(
            "submit",
            sources=frozenset({Problem.DRAFT, Problem.RETURNED}),
            target=Problem.SUBMITTED,
            who=manages_the_problems_unit,
            guard=has_fields_needed,
            label=_("Submit for review"),
            done=_("Submitted for review."),
        ),
        Move(
            "withdraw",
            sources=frozenset(
                {Problem.DRAFT, Problem.SUBMITTED, Problem.RETURNED, Problem.APPROVED}
            ),
            target=Problem.WITHDRAWN,
            who=manages_the_problems_unit,
            guard=has_no_team_forming,
            label=_("Withdraw"),
            style="outline-danger",
            confirm=_("Withdraw this problem? This cannot be undone."),
            done=_("The problem has been withdrawn."),
        ),
        Move(
            "approve",
            sources=frozenset({Problem.SUBMITTED}),
            target=Problem.APPROVED,
            who=is_iro,
            label=_("Approve and publish"),
            style="success",
            note=Note.OPTIONAL,
            note_label=_("comment for the manager"),
            done=_("Approved: the problem is now in the public catalogue."),
        ),
        Move(
            "return",
            sources=frozenset({Problem.SUBMITTED}),
            target=Problem.RETURNED,
            who=is_iro,
            label=_("Return for changes"),
            style="warning",
            note=Note.REQUIRED,
            note_label=_("Write a comment for the manager."),
            done=_("Returned to the manager with your comment."),
        ),
        Move(
            "reject",
            sources=frozenset({Problem.SUBMITTED}),
            target=Problem.REJECTED,
            who=is_iro,
            label=_("Reject"),
            style="danger",
            note=Note.REQUIRED,
            note_label=_("Write a comment for the manager."),
            confirm=_(
                "Reject this problem? The manager cannot resubmit it; this cannot be "
                "undone."
            ),
            done=_("The problem has been rejected."),
        ),
        # Made by the team lifecycle (teams.services), never offered to anyone.
        Move(
            "assign",
            sources=frozenset({Problem.APPROVED}),
            target=Problem.ASSIGNED,
            who=None,
        ),
        Move(
            "reopen",
            sources=frozenset({Problem.ASSIGNED}),
            target=Problem.APPROVED,
            who=None,
        ),
        Move(
            "close",
            sources=frozenset({Problem.ASSIGNED}),
            target=Problem.CLOSED,
            who=None,
        ),
    ],
)
