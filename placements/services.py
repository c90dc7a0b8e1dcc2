"""The placement and what it carries with it.

This module owns the placement's lifecycle: a confirmed team dispatched → its
placement created; the first site visit scheduled → the assessment begins; a
proposal selected → its milestones get their dates; the placement completed → its
team completed, the memberships ended, the problem closed, and the certificates
made (by the certificates app, on ``placement_completed``); cancelled → its team
disbanded, its students free, the problem closed.

Services take plain values, are atomic, notify inside their transaction (mail
leaves after it commits); the workflow moves are declared in ``moves.py``.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from industries.services import active_managers
from partner_portal.access import require_iro
from partner_portal.notifications import notify
from partner_portal.uploads import check_document
from partner_portal.workflow import record_creation, transition
from teams.models import Team
from teams.services import team_finish

from .models import (
    Document,
    DocumentVersion,
    Milestone,
    Placement,
    ProgressReport,
    SiteVisit,
    SolutionProposal,
    StudentGrade,
    TeamEvaluation,
)
from .moves import PROPOSALS_MAX, milestone_moves, placement_moves
from .permissions import (
    is_supervisor,
    is_team_member,
    manages_placement_unit,
    takes_part,
)
from .signals import placement_completed

# --- Who hears of what ------------------------------------------------------------


def team_people(placement):
    """The team's current students and its supervisor."""
    team = placement.team
    people = [
        m.enrolment.student.user
        for m in team.memberships.current().select_related("enrolment__student__user")
    ]
    if team.supervisor_id is not None:
        people.append(team.supervisor.user)
    return people


def notify_all(people, placement, kind, **params):
    for person in {p.pk: p for p in people}.values():
        notify(
            recipient=person,
            kind=kind,
            params={"title": placement.team.problem.title, **params},
            url=placement.get_absolute_url(),
        )


def managers_of(placement):
    return list(active_managers(placement.team.problem.unit))


def move_placement(placement, name, *, actor, note="", **changes):
    """A stage move; the stage's start is kept for the overdue flags."""
    return transition(
        placement, name, actor=actor, note=note, stage_since=timezone.now(), **changes
    )


def require_open(placement):
    if not placement.is_open:
        raise ValidationError(
            _("This placement is over; nothing can change any more."), code="closed"
        )


def require(allowed):
    if not allowed:
        raise PermissionDenied


# --- Dispatch -----------------------------------------------------------------------


@transaction.atomic
def placement_dispatch(*, team, actor):
    """The office sends a confirmed team to its unit: the placement begins."""
    require_iro(actor)
    team = Team.objects.select_for_update().get(pk=team.pk)
    if team.status != Team.Status.CONFIRMED:
        raise ValidationError(
            _("Only a confirmed team can be dispatched."), code="not_confirmed"
        )
    try:
        with transaction.atomic():
            placement = Placement.objects.create(team=team)
    except IntegrityError:
        raise ValidationError(
            _("This team has already been dispatched."), code="dispatched"
        ) from None
    record_creation(placement, actor=actor)
    notify_all(
        team_people(placement) + managers_of(placement),
        placement,
        "placement_dispatched",
    )
    return placement


# --- Assessment ---------------------------------------------------------------------


@transaction.atomic
def visit_schedule(*, placement, starts_at, place, attendees, actor):
    """The manager or the team sets a site visit; the first one starts the
    assessment."""
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    require(
        actor.is_iro_staff
        or is_team_member(actor, placement)
        or is_supervisor(actor, placement)
        or manages_placement_unit(actor, placement)
    )
    require_open(placement)
    visit = SiteVisit.objects.create(
        placement=placement,
        starts_at=starts_at,
        place=place,
        attendees=attendees,
        scheduled_by=actor,
    )
    if placement.status == Placement.Status.DISPATCHED:
        move_placement(placement, "assess", actor=actor)
    notify_all(
        team_people(placement) + managers_of(placement),
        placement,
        "visit_scheduled",
    )
    return visit


@transaction.atomic
def visit_record_findings(*, visit, findings, actor):
    placement = visit.placement
    require(is_team_member(actor, placement) or is_supervisor(actor, placement))
    require_open(placement)
    if not findings.strip():
        raise ValidationError(_("Write what the team found."), code="empty")
    visit.findings = findings.strip()
    visit.save(update_fields=["findings"])
    return visit


# --- Documents ----------------------------------------------------------------------


def may_upload(user, placement):
    return user.is_iro_staff or takes_part(user, placement)


@transaction.atomic
def document_upload(*, placement, actor, upload, kind=Document.Kind.OTHER, title="",
                    document=None, proposal=None, report=None):  # fmt: skip
    """A new document, or a newer version of ``document`` (the older versions
    stay). The file is judged by its content and size."""
    require(may_upload(actor, placement))
    require_open(placement)
    checked = check_document(upload)
    if document is None:
        document = Document.objects.create(
            placement=placement,
            kind=kind,
            title=(title or upload.name)[:200],
            proposal=proposal,
            report=report,
        )
    else:
        document = Document.objects.select_for_update().get(pk=document.pk)
        if document.placement_id != placement.pk:
            raise PermissionDenied
    number = (document.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    return DocumentVersion.objects.create(
        document=document,
        number=number,
        file=upload,
        original_name=upload.name[:200],
        content_type=checked.content_type,
        size=checked.size,
        uploaded_by=actor,
    )


# --- Proposals ----------------------------------------------------------------------


def require_drafting(placement, actor):
    require(is_team_member(actor, placement))
    if placement.status != Placement.Status.PROPOSAL:
        raise ValidationError(
            _("Proposals change while the team drafts them."), code="not_drafting"
        )


@transaction.atomic
def proposal_save(*, placement, actor, milestones, proposal=None, attachment=None,
                  **values):  # fmt: skip
    """Write or rewrite one of the team's proposals with its plan of milestones
    (``milestones``: (title, deliverable, weeks) in order), and attach a file to it
    (the earlier ones stay)."""
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    require_drafting(placement, actor)
    if not milestones:
        raise ValidationError(_("Plan at least one milestone."), code="no_milestones")
    if proposal is None:
        if placement.proposals.count() >= PROPOSALS_MAX:
            raise ValidationError(
                _("A team proposes at most three solutions."), code="too_many"
            )
        proposal = SolutionProposal(placement=placement, created_by=actor)
    elif proposal.placement_id != placement.pk:
        raise PermissionDenied
    for name, value in values.items():
        setattr(proposal, name, value)
    proposal.full_clean(exclude=["placement", "created_by"])
    proposal.save()
    proposal.milestones.all().delete()
    Milestone.objects.bulk_create(
        Milestone(proposal=proposal, title=title, deliverable=deliverable, weeks=weeks)
        for title, deliverable, weeks in milestones
    )
    if attachment is not None:
        document_upload(
            placement=placement, actor=actor, upload=attachment,
            kind=Document.Kind.PROPOSAL, title=attachment.name, proposal=proposal,
        )  # fmt: skip
    return proposal


@transaction.atomic
def proposal_delete(*, proposal, actor):
    placement = Placement.objects.select_for_update().get(pk=proposal.placement_id)
    require_drafting(placement, actor)
    proposal.delete()


@placement_moves.service("propose")
@transaction.atomic
def placement_propose(*, placement, actor):
    return move_placement(placement, "propose", actor=actor)


@placement_moves.service("submit")
@transaction.atomic
def placement_submit(*, placement, actor):
    """The supervisor sends the team's proposals to the unit's managers."""
    placement = move_placement(placement, "submit", actor=actor)
    notify_all(managers_of(placement), placement, "proposals_submitted")
    return placement


@transaction.atomic
def placement_select(*, placement, proposal, actor, rationale, internal=False):
    """The manager chooses exactly one proposal, saying why; its milestones are
    dated from today."""
    if proposal is None or proposal.placement_id != placement.pk:
        raise ValidationError(
            _("Choose exactly one of the team's proposals."), code="one_proposal"
        )
    placement = move_placement(
        placement,
        "select",
        actor=actor,
        note=rationale,
        selected_proposal=proposal,
        selection_rationale=rationale,
        rationale_internal=internal,
    )
    start = timezone.localdate()
    for milestone in proposal.milestones.all():
        milestone.due_on = start + datetime.timedelta(weeks=milestone.weeks)
        milestone.save(update_fields=["due_on", "updated_at"])
    notify_all(team_people(placement), placement, "proposal_selected")
    return placement


@placement_moves.service("revise")
@transaction.atomic
def placement_revise(*, placement, actor, note):
    placement = move_placement(placement, "revise", actor=actor, note=note)
    notify_all(team_people(placement), placement, "proposals_returned", comment=note)
    return placement


# --- Execution ----------------------------------------------------------------------


@transaction.atomic
def milestone_report(*, milestone, actor, note, upload=None):
    """The team says what it did for a milestone (a file with it, if any) and
    asks the manager to confirm it."""
    placement = milestone.proposal.placement
    if not note.strip():
        raise ValidationError(_("Write what was done."), code="empty")
    milestone = transition(milestone, "report", actor=actor, note=note)
    report = ProgressReport.objects.create(
        milestone=milestone, note=note.strip(), author=actor
    )
    if upload is not None:
        document_upload(
            placement=placement,
            actor=actor,
            upload=upload,
            kind=Document.Kind.PROGRESS,
            title=milestone.title,
            report=report,
        )
    notify_all(
        managers_of(placement),
        placement,
        "milestone_reported",
        milestone=milestone.title,
    )
    return report


@milestone_moves.service("confirm")
@transaction.atomic
def milestone_confirm(*, milestone, actor):
    milestone = transition(milestone, "confirm", actor=actor)
    placement = milestone.proposal.placement
    notify_all(
        team_people(placement), placement, "milestone_confirmed",
        milestone=milestone.title,
    )  # fmt: skip
    return milestone


@milestone_moves.service("reopen")
@transaction.atomic
def milestone_reopen(*, milestone, actor, note):
    milestone = transition(milestone, "reopen", actor=actor, note=note)
    placement = milestone.proposal.placement
    notify_all(
        team_people(placement), placement, "milestone_reopened",
        milestone=milestone.title, comment=note,
    )  # fmt: skip
    return milestone


def require_executing(placement):
    if placement.status != Placement.Status.EXECUTION:
        raise ValidationError(
            _("This is done while the team carries out the selected proposal."),
            code="not_executing",
        )


@transaction.atomic
def evaluation_save(*, placement, actor, quality, timeliness, communication,
                    comment=""):  # fmt: skip
    """The manager's evaluation of the team (1 to 5 on each aspect)."""
    require(manages_placement_unit(actor, placement))
    require_executing(placement)
    evaluation = TeamEvaluation(
        placement=placement,
        quality=quality,
        timeliness=timeliness,
        communication=communication,
        comment=comment,
        evaluated_by=actor,
    )
    evaluation.full_clean(exclude=["placement", "evaluated_by"])
    TeamEvaluation.objects.update_or_create(
        placement=placement,
        defaults={
            field: getattr(evaluation, field)
            for field in (
                "quality",
                "timeliness",
                "communication",
                "comment",
                "evaluated_by",
            )  # fmt: skip
        }
        | {"evaluated_at": timezone.now()},
    )
    return placement.evaluation


@transaction.atomic
def grades_save(*, placement, actor, grades):
    """The supervisor grades the team's students: ``grades`` maps each current
    member's enrolment id to (passed, score 0-20, hours worked)."""
    require(is_supervisor(actor, placement))
    require_executing(placement)
    members = set(
        placement.team.memberships.current().values_list("enrolment_id", flat=True)
    )
    if set(grades) - members:
        raise PermissionDenied
    for enrolment_id, (passed, score, hours) in grades.items():
        grade = StudentGrade(
            placement=placement,
            enrolment_id=enrolment_id,
            passed=passed,
            score=score,
            hours=hours,
            graded_by=actor,
        )
        grade.full_clean(exclude=["placement", "enrolment", "graded_by"])
        StudentGrade.objects.update_or_create(
            placement=placement,
            enrolment_id=enrolment_id,
            defaults={"passed": passed, "score": score, "hours": hours,
                      "graded_by": actor, "graded_at": timezone.now()},
        )  # fmt: skip
    return placement.grades.all()


# --- The end ------------------------------------------------------------------------


def unconfirmed_milestones(placement):
    if placement.selected_proposal_id is None:
        return Milestone.objects.none()
    return placement.selected_proposal.milestones.exclude(
        status=Milestone.Status.CONFIRMED
    )


@transaction.atomic
def placement_complete(*, placement, actor, note="", override=""):
    """The manager signs the completion: the team is evaluated and graded, and
    every milestone is confirmed — or the manager says why the rest need not be."""
    if unconfirmed_milestones(placement).exists() and not override.strip():
        raise ValidationError(
            _(
                "Some milestones are not confirmed. Confirm them, or explain why the "
                "placement is complete without them."
            ),
            code="milestones_open",
        )
    people = team_people(placement)
    placement = move_placement(
        placement,
        "complete",
        actor=actor,
        note=note or override,
        completed_at=timezone.now(),
        completion_override=override.strip(),
    )
    team_finish(team=placement.team, completed=True, actor=actor, note=note)
    notify_all(people, placement, "placement_completed")
    placement_completed.send(sender=Placement, placement=placement, actor=actor)
    return placement


@placement_moves.service("cancel")
@transaction.atomic
def placement_cancel(*, placement, actor, note):
    people = team_people(placement) + managers_of(placement)
    placement = move_placement(placement, "cancel", actor=actor, note=note)
    team_finish(team=placement.team, completed=False, actor=actor, note=note)
    notify_all(people, placement, "placement_cancelled", comment=note)
    return placement
