"""State changes of units, managers and problem requests. Each is one service.

Services take plain values, are atomic, and notify inside the same transaction (the
e-mails leave after it commits).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partner_portal.access import require_iro
from partner_portal.models import Role, User
from partner_portal.notifications import notify
from partner_portal.services import user_invite
from partner_portal.uploads import check_document
from partner_portal.workflow import transition

from .models import IndustrialUnit, ProblemAttachment, ProblemRequest, UnitManager
from .moves import problem_moves, unit_manager_moves
from .permissions import manages_unit, require_problem_editor

# --- Managers -------------------------------------------------------------------------


def active_managers(unit):
    return User.objects.filter(
        unit_links__unit=unit,
        unit_links__status=UnitManager.Status.ACTIVE,
        is_active=True,
    )


def iro_staff():
    return User.objects.filter(is_iro_staff=True, is_active=True)


def live_link(unit, user):
    return UnitManager.objects.filter(
        unit=unit, user=user, status__in=UnitManager.LIVE
    ).first()


def notify_access_granted(link):
    notify(
        recipient=link.user,
        kind="unit_access_granted",
        params={"unit": link.unit.name},
        url=link.unit.get_absolute_url(),
    )


@transaction.atomic
def manager_invite(*, unit, email, full_name, position, actor, language="fa"):
    """IRO adds a manager to a unit: the account is created if needed and the link is
    active at once (an earlier request of the same person is approved)."""
    require_iro(actor)
    user, _created = user_invite(
        email=email, full_name=full_name, role=Role.MANAGER, language=language
    )
    link = live_link(unit, user)
    if link is None:
        link = UnitManager.objects.create(
            unit=unit, user=user, position=position, status=UnitManager.Status.ACTIVE
        )
        notify_access_granted(link)
    elif link.status == UnitManager.Status.REQUESTED:
        link = unit_manager_approve(link=link, actor=actor)
    return link


def unit_join_request(*, user, unit, position, message=""):
    """A manager who signed up asks to manage a registered unit (again, after an
    earlier request was declined or cancelled)."""
    if not user.is_industry_manager:
        raise PermissionDenied
    duplicate = ValidationError(
        _("You have already asked to manage this unit."), code="duplicate"
    )
    if live_link(unit, user) is not None:
        raise duplicate
    try:
        with transaction.atomic():
            link = UnitManager.objects.create(
                unit=unit, user=user, position=position, message=message
            )
            for staff in iro_staff():
                notify(
                    recipient=staff,
                    kind="unit_join_requested",
                    params={"person": user.full_name, "unit": unit.name},
                )
    except IntegrityError:
        # A second request sent at the same moment.
        raise duplicate from None
    return link


@unit_manager_moves.service("approve")
@transaction.atomic
def unit_manager_approve(*, link, actor):
    link = transition(link, "approve", actor=actor)
    notify_access_granted(link)
    return link


@unit_manager_moves.service("reject")
@transaction.atomic
def unit_manager_reject(*, link, actor, note):
    link = transition(link, "reject", actor=actor, note=note)
    notify(
        recipient=link.user,
        kind="unit_access_refused",
        params={"unit": link.unit.name, "comment": note},
    )
    return link


@unit_manager_moves.service("cancel")
def unit_manager_cancel(*, link, actor):
    return transition(link, "cancel", actor=actor)


@unit_manager_moves.service("remove")
@transaction.atomic
def unit_manager_remove(*, link, actor):
    """The person no longer manages the unit; the link stays as history."""
    link = transition(link, "remove", actor=actor)
    notify(
        recipient=link.user,
        kind="unit_access_removed",
        params={"unit": link.unit.name},
    )
    return link


# --- Problem requests -----------------------------------------------------------------


@transaction.atomic
def problem_create(*, unit, actor, fields_needed, **values):
    """A new problem, a draft, for a unit the actor manages. ``values`` are the
    problem's own fields (title, description, desired_team_size, ...)."""
    if not manages_unit(actor, unit):
        raise PermissionDenied
    problem = ProblemRequest.objects.create(
        unit=unit, created_by=actor, status=ProblemRequest.Status.DRAFT, **values
    )
    problem.fields_needed.set(fields_needed)
    return problem


EDITABLE_FIELDS = {"title", "description", "desired_team_size", "urgency",
                   "duration_weeks", "confidential_notes"}  # fmt: skip


@transaction.atomic
def problem_update(*, problem, actor, fields_needed=None, **values):
    """Change a problem's text while it is the manager's to change."""
    unknown = set(values) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"problem_update cannot change {sorted(unknown)}")
    locked = ProblemRequest.objects.select_for_update().get(pk=problem.pk)
    require_problem_editor(actor, locked)
    for name, value in values.items():
        setattr(locked, name, value)
    locked.save()
    if fields_needed is not None:
        locked.fields_needed.set(fields_needed)
    return locked


def notify_iro_of_submission(problem):
    for staff in iro_staff():
        notify(
            recipient=staff,
            kind="problem_submitted",
            params={"title": problem.title, "unit": problem.unit.name},
            url=problem.get_absolute_url(),
        )


@problem_moves.service("submit")
@transaction.atomic
def problem_submit(*, problem, actor):
    problem = transition(problem, "submit", actor=actor, submitted_at=timezone.now())
    notify_iro_of_submission(problem)
    return problem


@problem_moves.service("withdraw")
def problem_withdraw(*, problem, actor):
    return transition(problem, "withdraw", actor=actor)


def notify_managers(problem, kind, comment=""):
    for manager in active_managers(problem.unit):
        notify(
            recipient=manager,
            kind=kind,
            params={"title": problem.title, "comment": comment},
            url=problem.get_absolute_url(),
        )


@problem_moves.service("approve")
@transaction.atomic
def problem_approve(*, problem, actor, note=""):
    problem = transition(problem, "approve", actor=actor, note=note)
    notify_managers(problem, "problem_approved")
    return problem


@problem_moves.service("return")
@transaction.atomic
def problem_return(*, problem, actor, note):
    problem = transition(problem, "return", actor=actor, note=note)
    notify_managers(problem, "problem_returned", note)
    return problem


@problem_moves.service("reject")
@transaction.atomic
def problem_reject(*, problem, actor, note):
    problem = transition(problem, "reject", actor=actor, note=note)
    notify_managers(problem, "problem_rejected", note)
    return problem


# --- Attachments ----------------------------------------------------------------------


def attachment_add(*, problem, upload, actor):
    require_problem_editor(actor, problem)
    checked = check_document(upload)
    return ProblemAttachment.objects.create(
        problem=problem,
        file=upload,
        original_name=upload.name[:200],
        content_type=checked.content_type,
        size=checked.size,
        uploaded_by=actor,
    )


def attachment_delete(*, attachment, actor):
    require_problem_editor(actor, attachment.problem)
    attachment.file.delete(save=False)
    attachment.delete()


# --- Units ----------------------------------------------------------------------------


def unit_register(*, actor, **values) -> IndustrialUnit:
    """IRO registers a unit; ``values`` are its fields."""
    require_iro(actor)
    unit = IndustrialUnit(**values)
    unit.full_clean()
    unit.save()
    return unit
