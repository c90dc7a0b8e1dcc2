"""Who may move rounds, enrolments and teams, from where to where, and when.

The one declaration of these workflows; services, views, templates and the admin
ask it (see ``partner_portal.workflow``).
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from partner_portal.i18n import isolate, local_digits
from partner_portal.workflow import Move, Note, Workflow

from .models import Enrolment, Membership, Round, Team, team_size_limits


def is_iro(user, obj):
    return user.is_iro_staff


# --- Rounds ---------------------------------------------------------------------------

R = Round.Status


def no_other_round_open(round):
    if Round.objects.filter(status=R.OPEN).exclude(pk=round.pk).exists():
        raise ValidationError(
            _("Another round is open for enrolment; close it first."),
            code="one_open_round",
        )


round_moves = Workflow(
    Round,
    url_namespace="teams",
    url_prefix="round",
    object_arg="round",
    moves=[
        Move(
            "open",
            sources=frozenset({R.PLANNED}),
            target=R.OPEN,
            who=is_iro,
            guard=no_other_round_open,
            label=_("Open for enrolment"),
            done=_("The round is open."),
        ),
        Move(
            "formation",
            sources=frozenset({R.OPEN}),
            target=R.FORMATION,
            who=is_iro,
            label=_("Start team formation"),
            confirm=_(
                "Start team formation? Enrolment closes and students can no longer "
                "change their choices. This cannot be undone."
            ),
            done=_("Team formation has started; choices are now frozen."),
        ),
        Move(
            "close",
            sources=frozenset({R.PLANNED, R.OPEN, R.FORMATION}),
            target=R.CLOSED,
            who=is_iro,
            label=_("Close"),
            style="outline-danger",
            confirm=_("Close this round? A closed round cannot be reopened."),
            done=_("The round is closed."),
        ),
    ],
)


# --- Enrolments -----------------------------------------------------------------------

E = Enrolment.Status


def is_the_student_or_iro(user, enrolment):
    return user.is_iro_staff or enrolment.student.user_id == user.pk


def not_in_a_team(enrolment):
    membership = (
        Membership.objects.current()
        .filter(enrolment=enrolment)
        .select_related("team__problem")
        .first()
    )
    if membership is not None:
        raise ValidationError(
            _(
                "This student is a member of the team for “%(problem)s”; the office "
                "must take them off the team first."
            )
            % {"problem": isolate(membership.team.problem.title)},
            code="in_a_team",
        )


enrolment_moves = Workflow(
    Enrolment,
    url_namespace="teams",
    url_prefix="enrolment",
    object_arg="enrolment",
    moves=[
        Move(
            "accept",
            sources=frozenset({E.APPLIED}),
            target=E.ACCEPTED,
            who=is_iro,
            label=_("Accept"),
            style="success",
            note=Note.OPTIONAL,
            note_label=_("note to the student"),
            done=_("The enrolment has been accepted."),
        ),
        Move(
            "reject",
            sources=frozenset({E.APPLIED}),
            target=E.REJECTED,
            who=is_iro,
            label=_("Reject"),
            style="outline-danger",
            note=Note.REQUIRED,
            note_label=_("Write the reason for the rejection."),
            confirm=_("Reject this enrolment? This cannot be undone."),
            done=_("The enrolment has been rejected."),
        ),
        Move(
            "withdraw",
            sources=frozenset({E.APPLIED, E.ACCEPTED, E.TRAINED}),
            target=E.WITHDRAWN,
            who=is_the_student_or_iro,
            guard=not_in_a_team,
            label=_("Withdraw from the round"),
            style="outline-danger",
            confirm=_("Withdraw from this round? This cannot be undone."),
            done=_("The enrolment has been withdrawn."),
        ),
        # Attending enough training sessions makes a student eligible.
        Move("train", sources=frozenset({E.ACCEPTED}), target=E.TRAINED, who=None),
    ],
)


# --- Teams ----------------------------------------------------------------------------

T = Team.Status


def is_the_supervisor(user, team):
    return team.supervisor_id is not None and team.supervisor.user_id == user.pk


def has_a_full_team(team):
    smallest = team_size_limits()[0]
    largest = team.problem.desired_team_size
    size = team.memberships.current().count()
    if not smallest <= size <= largest:
        raise ValidationError(
            _("This team needs %(min)s to %(max)s members; it has %(n)s.")
            % {
                "min": local_digits(smallest),
                "max": local_digits(largest),
                "n": local_digits(size),
            },
            code="team_size",
        )


def has_a_supervisor_with_room(team):
    if team.supervisor_id is None:
        raise ValidationError(
            _("Choose a supervising professor first."), code="no_supervisor"
        )
    check_supervisor_capacity(team.supervisor, team=team)


def check_supervisor_capacity(professor, *, team):
    """Refuse a professor who already supervises as many teams as they may (the
    teams suggested, awaiting them or confirmed count, this one aside)."""
    load = (
        Team.objects.filter(supervisor=professor, status__in=Team.SUPERVISING)
        .exclude(pk=team.pk)
        .count()
    )
    if load >= professor.capacity:
        raise ValidationError(
            _("%(person)s already supervises %(n)s teams, as many as they may.")
            % {"person": isolate(professor), "n": local_digits(load)},
            code="capacity",
        )


def is_ready_to_confirm(team):
    has_a_full_team(team)
    has_a_supervisor_with_room(team)


def not_dispatched(team):
    if getattr(team, "placement", None) is not None:
        raise ValidationError(
            _("This team has been dispatched; cancel its placement instead."),
            code="dispatched",
        )


team_moves = Workflow(
    Team,
    url_namespace="teams",
    url_prefix="team",
    object_arg="team",
    moves=[
        Move(
            "confirm",
            sources=frozenset({T.PROPOSED}),
            target=T.FORMING,
            who=is_iro,
            guard=is_ready_to_confirm,
            label=_("Confirm and ask the supervisor"),
            style="success",
            done=_("Confirmed: the supervisor has been asked to accept the team."),
        ),
        Move(
            "accept",
            sources=frozenset({T.FORMING}),
            target=T.CONFIRMED,
            who=is_the_supervisor,
            guard=has_a_full_team,
            label=_("Accept supervision"),
            style="success",
            done=_("You supervise this team now; it is confirmed."),
        ),
        Move(
            "decline",
            sources=frozenset({T.FORMING}),
            target=T.PROPOSED,
            who=is_the_supervisor,
            label=_("Decline"),
            style="outline-danger",
            note=Note.REQUIRED,
            note_label=_("Tell the office why you decline."),
            done=_("You have declined; the office will find another supervisor."),
        ),
        Move(
            "dissolve",
            sources=frozenset({T.FORMING, T.CONFIRMED}),
            target=T.DISSOLVED,
            who=is_iro,
            guard=not_dispatched,
            label=_("Dissolve the team"),
            style="outline-danger",
            note=Note.REQUIRED,
            note_label=_("Write the reason for the members."),
            confirm=_(
                "Dissolve this team? Its students become free for another team and "
                "its problem returns to the approved ones. This cannot be undone."
            ),
            done=_("The team has been dissolved."),
        ),
        # Made by the placement lifecycle (placements.services), never offered.
        Move(
            "complete",
            sources=frozenset({T.CONFIRMED}),
            target=T.COMPLETED,
            who=None,
        ),
        Move(
            "disband",
            sources=frozenset({T.CONFIRMED}),
            target=T.DISSOLVED,
            who=None,
        ),
    ],
)
