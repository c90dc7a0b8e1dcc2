"""State changes of units, managers and problem requests. Each is one service.

Services take plain values, are atomic, and notify inside the same transaction (the
e-mails leave after it commits).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partner_portal.access import require_iro
from partner_portal.i18n import isolate
from partner_portal.invitations import invitation_create, on_accept
from partner_portal.models import Invitation, Role, User
from partner_portal.notifications import notify
from partner_portal.security import canonical_login
from partner_portal.uploads import check_document
from partner_portal.workflow import record_creation, transition

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
    """IRO adds a manager to a unit. Someone who already asked to manage it (from
    their own, proved account) has their request approved; anyone else is sent an
    invitation, and manages the unit once they accept it (``grant_unit_access``).
    Returns the approved link or the invitation."""
    require_iro(actor)
    user = User.objects.filter(email=canonical_login(email)).first()
    link = live_link(unit, user) if user is not None else None
    if link is not None and link.status == UnitManager.Status.ACTIVE:
        raise ValidationError(
            _("%(person)s already manages this unit.") % {"person": isolate(user)},
            code="already_manager",
        )
    if link is not None and user.email_verified:
        return unit_manager_approve(link=link, actor=actor)
    return invitation_create(
        email=email,
        full_name=full_name,
        role=Role.MANAGER,
        actor=actor,
        language=language,
        details={"unit": unit.pk, "position": position},
    )


@on_accept(Role.MANAGER)
def grant_unit_access(invitation):
    """The invited manager accepted: they manage the unit from now on."""
    unit = IndustrialUnit.objects.get(pk=invitation.details["unit"])
    user = invitation.user
    link = live_link(unit, user)
    if link is None:
        link = UnitManager.objects.create(
            unit=unit,
            user=user,
            position=invitation.details.get("position", ""),
            status=UnitManager.Status.ACTIVE,
        )
        record_creation(link, actor=user, note=_("Accepted the office's invitation."))
    elif link.status == UnitManager.Status.REQUESTED:
        link = transition(link, "approve", actor=None)
    notify_access_granted(link)


def pending_manager_invitations(unit):
    """Invitations to manage ``unit`` still waiting for an answer."""
    return Invitation.objects.filter(
        role=Role.MANAGER,
        details__unit=unit.pk,
        status=Invitation.Status.PENDING,
    ).select_related("user")


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
                    url=reverse("industries:join-request-list"),
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
    problem = ProblemRequest(
        unit=unit, created_by=actor, status=ProblemRequest.Status.DRAFT, **values
    )
    check_values(problem, values)
    problem.save()
    problem.fields_needed.set(fields_needed)
    return problem


def check_values(problem, values):
    """Validate the fields a service was given as a form would (a title on one
    line, a team size within the settings), whoever calls it."""
    others = [f.name for f in problem._meta.get_fields() if f.name not in values]
    problem.full_clean(exclude=others)


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
    check_values(locked, values)
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
