"""State changes of rounds, enrolments, training and interests. Each is one service."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from industries.models import ProblemRequest
from partner_portal.access import require_iro
from partner_portal.i18n import local_digits
from partner_portal.models import Role
from partner_portal.notifications import notify
from partner_portal.services import user_invite
from partner_portal.workflow import IllegalTransition, require_note, transition

from .models import Attendance, Enrolment, Interest, Professor, Student

# --- Rounds ---------------------------------------------------------------------------


def round_move(*, round, to, actor):
    require_iro(actor)
    try:
        with transaction.atomic():
            return transition(round, to, actor=actor)
    except IntegrityError:
        raise ValidationError(
            _("Another round is open for enrolment; close it first."),
            code="one_open_round",
        ) from None


# --- Enrolment ------------------------------------------------------------------------


@transaction.atomic
def enrolment_apply(*, user, round, student_data, enrolment_data, clusters):
    """A student enrols in the open round; their study record is created or updated."""
    if not user.is_student:
        raise PermissionDenied
    if not round.accepts_enrolment:
        raise ValidationError(_("This round is not open for enrolment."), code="closed")
    if Enrolment.objects.filter(student__user=user, round=round).exists():
        raise ValidationError(
            _("You have already enrolled in this round."), code="duplicate"
        )
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


def enrolment_accept(*, enrolment, actor, note=""):
    require_iro(actor)
    enrolment = transition(enrolment, Enrolment.Status.ACCEPTED, actor=actor, note=note)
    notify(
        recipient=enrolment.student.user,
        kind="enrolment_accepted",
        params={"round": enrolment.round.name},
        url=enrolment.get_absolute_url(),
    )
    return enrolment


def enrolment_reject(*, enrolment, actor, note):
    require_iro(actor)
    require_note(note, _("Write the reason for the student."))
    enrolment = transition(enrolment, Enrolment.Status.REJECTED, actor=actor, note=note)
    notify(
        recipient=enrolment.student.user,
        kind="enrolment_rejected",
        params={"round": enrolment.round.name, "comment": note},
        url=enrolment.get_absolute_url(),
    )
    return enrolment


def enrolment_withdraw(*, enrolment, actor, note=""):
    if enrolment.student.user_id != actor.pk and not actor.is_iro_staff:
        raise PermissionDenied
    return transition(enrolment, Enrolment.Status.WITHDRAWN, actor=actor, note=note)


BULK_DECISIONS = {"accept": enrolment_accept, "reject": enrolment_reject}


def enrolments_decide(*, enrolments, decision, actor, note=""):
    """Accept or reject many at once. Each that may not move is left as it was and
    reported; the others move. Returns (moved, refused)."""
    require_iro(actor)
    if decision == "reject":
        require_note(note, _("Write the reason for the students."))
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
    accepted student who has attended enough sessions to trained."""
    require_iro(actor)
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
                Enrolment.Status.TRAINED,
                actor=actor,
                note=_("Attended %(n)s training sessions.")
                % {"n": local_digits(enrolment.attended)},
            )
        )
        notify(
            recipient=enrolment.student.user,
            kind="enrolment_trained",
            params={"round": enrolment.round.name},
            url=enrolment.get_absolute_url(),
        )
    return promoted


# --- Interests ------------------------------------------------------------------------


def check_may_choose(enrolment, problem):
    if enrolment.status != Enrolment.Status.TRAINED:
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


def interest_set(*, enrolment, problem, rank, actor):
    """Make ``problem`` the student's choice number ``rank``: a problem chosen at
    another rank moves, and a choice already at this rank gives way."""
    if enrolment.student.user_id != actor.pk:
        raise PermissionDenied
    if rank not in Interest.RANKS:
        raise ValidationError(_("Choose a rank of 1, 2 or 3."), code="bad_rank")
    with transaction.atomic():
        enrolment = (
            Enrolment.objects.select_for_update()
            .select_related("round")
            .get(pk=enrolment.pk)
        )
        check_may_choose(enrolment, problem)
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
    require_iro(actor)
    user, _created = user_invite(
        email=email, full_name=full_name, role=Role.PROFESSOR, language=language
    )
    professor, _ = Professor.objects.update_or_create(
        user=user, defaults={"department": department, "capacity": capacity}
    )
    professor.expertise.set(expertise)
    return professor
