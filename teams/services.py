"""State changes of rounds, enrolments, training and interests. Each is one service."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from industries.models import ProblemRequest
from industries.services import active_managers
from partner_portal.access import require_iro
from partner_portal.i18n import bilingual, isolate, local_digits
from partner_portal.invitations import invitation_create
from partner_portal.models import Role, User
from partner_portal.notifications import notify
from partner_portal.workflow import IllegalTransition, transition

from .models import (
    Attendance,
    Enrolment,
    Interest,
    Membership,
    Professor,
    Student,
    Team,
    interest_ranks,
    rank_label,
)
from .moves import enrolment_moves, round_moves, team_moves

# --- Rounds ---------------------------------------------------------------------------


@round_moves.service("open")
def round_open(*, round, actor):
    try:
        with transaction.atomic():
            return transition(round, "open", actor=actor)
    except IntegrityError:
        # Another round was opened between the guard and the save.
        raise ValidationError(
            _("Another round is open for enrolment; close it first."),
            code="one_open_round",
        ) from None


@round_moves.service("formation")
def round_start_formation(*, round, actor):
    """Enrolment closes and the students' choices freeze: the office forms teams."""
    return transition(round, "formation", actor=actor)


@round_moves.service("close")
def round_close(*, round, actor):
    return transition(round, "close", actor=actor)


# --- Enrolment ------------------------------------------------------------------------


def check_may_enrol(*, user, round):
    """Refuse a second enrolment in a round, or one in a round that is not open."""
    if not user.is_student:
        raise PermissionDenied
    if not round.accepts_enrolment:
        raise ValidationError(_("This round is not open for enrolment."), code="closed")
    if Enrolment.objects.filter(student__user=user, round=round).exists():
        raise ValidationError(
            _("You have already enrolled in this round."), code="duplicate"
        )


@transaction.atomic
def enrolment_apply(*, user, round, student_data, enrolment_data, clusters):
    """A student enrols in the open round; their study record is created or updated."""
    check_may_enrol(user=user, round=round)
    # The checks above (and the form's) cannot see a request running at the same
    # time: the database's unique constraints decide, with the same messages.
    try:
        with transaction.atomic():
            student, _created = Student.objects.update_or_create(
                user=user, defaults=student_data
            )
    except IntegrityError:
        raise ValidationError(
            _("Another student already has this number."), code="number_taken"
        ) from None
    try:
        with transaction.atomic():
            enrolment = Enrolment.objects.create(
                student=student, round=round, **enrolment_data
            )
    except IntegrityError:
        raise ValidationError(
            _("You have already enrolled in this round."), code="duplicate"
        ) from None
    enrolment.preferred_clusters.set(clusters)
    return enrolment


def notify_student(enrolment, kind, **params):
    notify(
        recipient=enrolment.student.user,
        kind=kind,
        params={"round": bilingual(enrolment.round), **params},
        url=enrolment.get_absolute_url(),
    )


@enrolment_moves.service("accept")
@transaction.atomic
def enrolment_accept(*, enrolment, actor, note=""):
    enrolment = transition(enrolment, "accept", actor=actor, note=note)
    notify_student(enrolment, "enrolment_accepted")
    return enrolment


@enrolment_moves.service("reject")
@transaction.atomic
def enrolment_reject(*, enrolment, actor, note):
    enrolment = transition(enrolment, "reject", actor=actor, note=note)
    notify_student(enrolment, "enrolment_rejected", comment=note)
    return enrolment


@enrolment_moves.service("withdraw")
def enrolment_withdraw(*, enrolment, actor):
    return transition(enrolment, "withdraw", actor=actor)


BULK_DECISIONS = {"accept": enrolment_accept, "reject": enrolment_reject}


def enrolments_decide(*, enrolments, decision, actor, note=""):
    """Accept or reject many at once. Each that may not move is left as it was and
    reported; the others move. Returns (moved, refused)."""
    require_iro(actor)
    # One refusal for a missing note, not one per enrolment.
    enrolment_moves[decision].check_note(note)
    service = BULK_DECISIONS[decision]
    moved, refused = [], []
    for enrolment in enrolments:
        try:
            service(enrolment=enrolment, actor=actor, note=note)
        except IllegalTransition:
            refused.append(enrolment)
        else:
            moved.append(enrolment)
    return moved, refused


# --- Training -------------------------------------------------------------------------


def required_sessions():
    return settings.PORTAL["REQUIRED_TRAINING_SESSIONS"]


def attendance_candidates(session):
    """Who can be ticked at a session: accepted or trained students of its round."""
    return (
        Enrolment.objects.filter(
            round_id=session.round_id,
            status__in=[Enrolment.Status.ACCEPTED, Enrolment.Status.TRAINED],
        )
        .select_related("student__user", "student__field")
        .order_by("student__user__full_name", "id")
    )


@transaction.atomic
def attendance_record(*, session, present, actor):
    """Make the session's attendance exactly ``present`` (enrolments), then move every
    accepted student who has attended enough sessions to trained. Nobody has
    attended a session that has not started yet."""
    require_iro(actor)
    if not session.has_started:
        raise ValidationError(
            _(
                "This session has not taken place yet; attendance can be recorded "
                "once it has started."
            ),
            code="not_started",
        )
    candidates = attendance_candidates(session)
    present_ids = {e.pk for e in present} & set(candidates.values_list("pk", flat=True))
    Attendance.objects.filter(session=session).exclude(
        enrolment_id__in=present_ids
    ).delete()
    already = set(
        Attendance.objects.filter(session=session).values_list(
            "enrolment_id", flat=True
        )
    )
    Attendance.objects.bulk_create(
        Attendance(session=session, enrolment_id=pk, recorded_by=actor)
        for pk in present_ids - already
    )
    return promote_trained(enrolment_ids=present_ids, actor=actor)


def promote_trained(*, enrolment_ids, actor):
    needed = required_sessions()
    ready = (
        Enrolment.objects.filter(pk__in=enrolment_ids, status=Enrolment.Status.ACCEPTED)
        .annotate(attended=Count("attendances"))
        .filter(attended__gte=needed)
        .select_related("student__user", "round")
    )
    promoted = []
    for enrolment in ready:
        promoted.append(
            transition(
                enrolment,
                "train",
                actor=actor,
                note=_("Attended %(n)s training sessions.")
                % {"n": local_digits(enrolment.attended)},
            )
        )
        notify_student(enrolment, "enrolment_trained")
    return promoted


# --- Interests ------------------------------------------------------------------------


def check_may_choose(enrolment, problem):
    if not enrolment.is_trained:
        raise ValidationError(
            _("Only students who completed the initial training can choose problems."),
            code="not_trained",
        )
    if not enrolment.round.accepts_interests:
        raise ValidationError(
            _("Choices are closed: team formation has started for this round."),
            code="formation_started",
        )
    if problem is not None and problem.status != ProblemRequest.Status.APPROVED:
        raise ValidationError(
            _("This problem is not open for choices."), code="not_published"
        )


def interest_set(*, enrolment, problem, rank, actor, replace=False):
    """Make ``problem`` the student's choice number ``rank`` (a problem chosen at
    another rank moves there). A rank another problem holds is refused (code
    ``rank_taken``) unless ``replace``: the student has seen which choice gives way
    and said yes."""
    if enrolment.student.user_id != actor.pk:
        raise PermissionDenied
    if rank not in interest_ranks():
        raise ValidationError(
            _("Choose a rank from %(first)s to %(last)s.")
            % {"first": local_digits(1), "last": local_digits(len(interest_ranks()))},
            code="bad_rank",
        )
    with transaction.atomic():
        enrolment = (
            Enrolment.objects.select_for_update()
            .select_related("round")
            .get(pk=enrolment.pk)
        )
        check_may_choose(enrolment, problem)
        holder = (
            enrolment.interests.filter(rank=rank)
            .exclude(problem=problem)
            .select_related("problem")
            .first()
        )
        if holder is not None and not replace:
            raise ValidationError(
                _("Your %(choice)s is already “%(problem)s”; replace it?")
                % {"choice": rank_label(rank), "problem": isolate(holder.problem)},
                code="rank_taken",
            )
        enrolment.interests.filter(problem=problem).delete()
        enrolment.interests.filter(rank=rank).delete()
        return Interest.objects.create(enrolment=enrolment, problem=problem, rank=rank)


def interest_remove(*, interest, actor):
    enrolment = interest.enrolment
    if enrolment.student.user_id != actor.pk:
        raise PermissionDenied
    with transaction.atomic():
        enrolment = (
            Enrolment.objects.select_for_update()
            .select_related("round")
            .get(pk=enrolment.pk)
        )
        check_may_choose(enrolment, None)
        interest.delete()


# --- Professors -----------------------------------------------------------------------


@transaction.atomic
def professor_invite(*, email, full_name, department, expertise, capacity, actor,
                     language="fa"):  # fmt: skip
    """IRO adds a professor: their profile is kept now, and they supervise once
    they accept the invitation sent to their address."""
    invitation = invitation_create(
        email=email,
        full_name=full_name,
        role=Role.PROFESSOR,
        actor=actor,
        language=language,
    )
    professor, _ = Professor.objects.update_or_create(
        user=invitation.user,
        defaults={"department": department, "capacity": capacity},
    )
    professor.expertise.set(expertise)
    return professor


# --- Teams: the lifecycle of a team and what it carries with it -----------------------
#
# This module owns what happens around a team: confirmed (the supervisor accepted) →
# its problem is assigned; dissolved → its students are free again and its problem
# returns to the approved ones. The placement lifecycle (placements.services) ends a
# team when its placement completes or is cancelled, through ``team_finish``.


def memberships_end(*, team, reason):
    """End the team's current memberships: its students are free for another team
    (and keep seeing this one as a past team)."""
    return team.memberships.current().update(ended_at=timezone.now(), end_reason=reason)


def notify_team(team, kind, *, params=None, include_supervisor=True):
    recipients = [m.enrolment.student.user for m in team_members(team)]
    if include_supervisor and team.supervisor_id is not None:
        recipients.append(team.supervisor.user)
    for person in recipients:
        notify(
            recipient=person,
            kind=kind,
            params={"title": team.problem.title, **(params or {})},
            url=team.get_absolute_url(),
        )


def team_members(team):
    return team.memberships.current().select_related("enrolment__student__user")


def ask_supervisor(team):
    """The team's professor is asked to supervise it (from their dashboard)."""
    notify(
        recipient=team.supervisor.user,
        kind="team_supervision_requested",
        params={"title": team.problem.title},
        url=team.get_absolute_url(),
    )


@team_moves.service("confirm")
@transaction.atomic
def team_confirm(*, team, actor):
    """The office is done with a suggested team: its supervisor is asked."""
    team = transition(team, "confirm", actor=actor)
    ask_supervisor(team)
    return team


@team_moves.service("accept")
@transaction.atomic
def team_supervision_accept(*, team, actor):
    """The supervisor accepts: the team is confirmed and its problem assigned;
    its students and the unit's managers hear of it."""
    team = transition(
        team, "accept", actor=actor, supervisor_accepted_at=timezone.now()
    )
    transition(team.problem, "assign", actor=actor)
    notify_team(team, "team_confirmed", include_supervisor=False)
    for manager in active_managers(team.problem.unit):
        notify(
            recipient=manager,
            kind="team_assigned",
            params={"title": team.problem.title},
            url=team.get_absolute_url(),
        )
    return team


@team_moves.service("decline")
@transaction.atomic
def team_supervision_decline(*, team, actor, note):
    """The supervisor declines: the team goes back to the office, without one."""
    team = transition(team, "decline", actor=actor, note=note, supervisor=None)
    for staff in User.objects.filter(is_iro_staff=True, is_active=True):
        notify(
            recipient=staff,
            kind="team_supervision_declined",
            params={
                "title": team.problem.title,
                "person": actor.full_name,
                "comment": note,
            },  # fmt: skip
            url=reverse("teams:formation", kwargs={"pk": team.round_id}),
        )
    return team


@team_moves.service("dissolve")
@transaction.atomic
def team_dissolve(*, team, actor, note):
    """The office dissolves a team that has not been dispatched: its students are
    free again and its problem returns to the approved ones."""
    was_confirmed = team.status == Team.Status.CONFIRMED
    team = transition(team, "dissolve", actor=actor, note=note)
    notify_team_dissolved(team, note)
    memberships_end(team=team, reason=Membership.EndReason.DISSOLVED)
    if was_confirmed:
        transition(team.problem, "reopen", actor=actor, note=note)
    return team


def notify_team_dissolved(team, note):
    """A dissolved team has no page any more: its students are led to their
    enrolment (free for another team), its supervisor to their dashboard."""
    params = {"title": team.problem.title, "comment": note}
    for membership in team_members(team):
        notify(
            recipient=membership.enrolment.student.user,
            kind="team_dissolved",
            params=params,
            url=membership.enrolment.get_absolute_url(),
        )
    if team.supervisor_id is not None:
        notify(
            recipient=team.supervisor.user,
            kind="team_dissolved",
            params=params,
            url=reverse("dashboard-professor"),
        )


def team_finish(*, team, completed, actor, note=""):
    """End a dispatched team with its placement: completed, or disbanded when the
    placement was cancelled. Called by the placement lifecycle, in its transaction."""
    move, reason = (
        ("complete", Membership.EndReason.COMPLETED)
        if completed
        else ("disband", Membership.EndReason.DISSOLVED)
    )
    team = transition(team, move, actor=actor, note=note)
    memberships_end(team=team, reason=reason)
    transition(team.problem, "close", actor=actor, note=note)
    return team
