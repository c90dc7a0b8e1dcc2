"""Who may move a placement from one stage to the next, and a milestone from
planned to confirmed, and when.

The one declaration of these workflows; services, views, templates and the admin
ask it (see ``partner_portal.workflow``).
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from partner_portal.i18n import local_digits
from partner_portal.workflow import Move, Note, Workflow

from .models import Document, Milestone, Placement
from .permissions import is_supervisor, is_team_member, manages_placement_unit

P = Placement.Status
M = Milestone.Status

# How many proposals a team submits.
PROPOSALS_MIN, PROPOSALS_MAX = 1, 3


def is_iro(user, obj):
    return user.is_iro_staff


# --- Guards ---------------------------------------------------------------------------


def has_assessed(placement):
    """A visit with its findings written, and the assessment report uploaded."""
    if not placement.visits.exclude(findings="").exists():
        raise ValidationError(
            _("Write the findings of a site visit first."), code="no_findings"
        )
    if not placement.documents.filter(kind=Document.Kind.ASSESSMENT).exists():
        raise ValidationError(
            _("Upload the assessment report first."), code="no_assessment_report"
        )


def has_proposals(placement):
    proposals = list(placement.proposals.all())
    if not PROPOSALS_MIN <= len(proposals) <= PROPOSALS_MAX:
        raise ValidationError(
            _("A team submits %(min)s to %(max)s proposals; there are %(n)s.")
            % {
                "min": local_digits(PROPOSALS_MIN),
                "max": local_digits(PROPOSALS_MAX),
                "n": local_digits(len(proposals)),
            },
            code="proposal_count",
        )
    if any(not proposal.milestones.exists() for proposal in proposals):
        raise ValidationError(
            _("Every proposal needs at least one milestone in its plan."),
            code="no_milestones",
        )


def is_ready_to_complete(placement):
    """The manager evaluated the team and the supervisor graded every member.
    (Unconfirmed milestones need the manager's override, which the completing
    service checks with its note.)"""
    if not hasattr(placement, "evaluation"):
        raise ValidationError(
            _("Evaluate the team before signing the completion."),
            code="no_evaluation",
        )
    members = placement.team.memberships.current().values_list(
        "enrolment_id", flat=True
    )
    graded = set(placement.grades.values_list("enrolment_id", flat=True))
    if set(members) - graded:
        raise ValidationError(
            _("The supervisor has not graded every student yet."),
            code="not_graded",
        )


# --- Placements -----------------------------------------------------------------------

placement_moves = Workflow(
    Placement,
    url_namespace="placements",
    url_prefix="placement",
    object_arg="placement",
    moves=[
        # Made when the first site visit is scheduled (placements.services).
        Move(
            "assess",
            sources=frozenset({P.DISPATCHED}),
            target=P.ASSESSMENT,
            who=None,
        ),
        Move(
            "propose",
            sources=frozenset({P.ASSESSMENT}),
            target=P.PROPOSAL,
            who=is_team_member,
            guard=has_assessed,
            label=_("Assessment done: draft proposals"),
            done=_("The team now drafts its solution proposals."),
        ),
        Move(
            "submit",
            sources=frozenset({P.PROPOSAL}),
            target=P.SELECTION,
            who=is_supervisor,
            guard=has_proposals,
            label=_("Approve and submit the proposals"),
            done=_("The proposals have been sent to the manager."),
        ),
        # Made with the chosen proposal (placements.services.placement_select).
        Move(
            "select",
            sources=frozenset({P.SELECTION}),
            target=P.EXECUTION,
            who=manages_placement_unit,
            note=Note.REQUIRED,
            note_label=_("Write why this proposal was chosen."),
            own_form=True,
            label=_("Select this proposal"),
            style="success",
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
        # Made with the override note, if any (placements.services).
        Move(
            "complete",
            sources=frozenset({P.EXECUTION}),
            target=P.COMPLETED,
            who=manages_placement_unit,
            guard=is_ready_to_complete,
            own_form=True,
            label=_("Sign completion"),
            style="success",
            note=Note.OPTIONAL,
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


# --- Milestones -----------------------------------------------------------------------


def is_member_of_milestone_team(user, milestone):
    return is_team_member(user, milestone.proposal.placement)


def manages_milestone_unit(user, milestone):
    return manages_placement_unit(user, milestone.proposal.placement)


def in_execution(milestone):
    if milestone.proposal.placement.status != P.EXECUTION:
        raise ValidationError(
            _("Milestones move while the placement is in execution."),
            code="not_executing",
        )


milestone_moves = Workflow(
    Milestone,
    url_namespace="placements",
    url_prefix="milestone",
    object_arg="milestone",
    moves=[
        # Made with the progress report (placements.services.milestone_report).
        Move(
            "report",
            sources=frozenset({M.PLANNED}),
            target=M.REPORTED,
            who=is_member_of_milestone_team,
            guard=in_execution,
            own_form=True,
        ),
        Move(
            "confirm",
            sources=frozenset({M.REPORTED}),
            target=M.CONFIRMED,
            who=manages_milestone_unit,
            guard=in_execution,
            label=_("Confirm this milestone"),
            style="success",
            done=_("The milestone is confirmed."),
        ),
        Move(
            "reopen",
            sources=frozenset({M.REPORTED}),
            target=M.PLANNED,
            who=manages_milestone_unit,
            guard=in_execution,
            label=_("Not yet"),
            style="outline-warning",
            note=Note.REQUIRED,
            note_label=_("Write what is still missing."),
            done=_("The team has been told what is still missing."),
        ),
    ],
)
