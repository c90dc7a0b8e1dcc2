"""State changes of units, managers and problem requests. Each is one service."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partner_portal.access import require_iro
from partner_portal.models import Role, User
from partner_portal.notifications import notify
from partner_portal.services import user_invite
from partner_portal.uploads import check_document
from partner_portal.workflow import require_note, transition

from .models import IndustrialUnit, ProblemAttachment, ProblemRequest, UnitManager
from .permissions import manages_unit, require_problem_manager

# --- Managers -------------------------------------------------------------------------


def active_managers(unit):
    return User.objects.filter(
        unit_links__unit=unit,
        unit_links__status=UnitManager.Status.ACTIVE,
        is_active=True,
    )


def iro_staff():
    return User.objects.filter(is_iro_staff=True, is_active=True)


@transaction.atomic
def manager_invite(*, unit, email, full_name, position, actor, language="fa"):
    """IRO adds a manager to a unit: the account is created if needed and the link is
    active at once."""
    require_iro(actor)
    user, _created = user_invite(
        email=email, full_name=full_name, role=Role.MANAGER, language=language
    )
    link, created = UnitManager.objects.get_or_create(
        unit=unit,
        user=user,
        defaults={"position": position, "status": UnitManager.Status.ACTIVE},
    )
    if not created and link.status != UnitManager.Status.ACTIVE:
        link = transition(
            link, UnitManager.Status.ACTIVE, actor=actor, note="invited by the office"
        )
    notify(
        recipient=user,
        kind="unit_access_granted",
        params={"unit": unit.name},
        url=unit.get_absolute_url(),
    )
    return link


def unit_join_request(*, user, unit, position, message=""):
    """A manager who signed up asks to manage a registered unit."""
    if not user.is_industry_manager:
        raise PermissionDenied
    try:
        with transaction.atomic():
            link = UnitManager.objects.create(
                unit=unit, user=user, position=position, message=message
            )
    except IntegrityError:
        raise ValidationError(
            _("You have already asked to manage this unit."), code="duplicate"
        ) from None
    for staff in iro_staff():
        notify(
            recipient=staff,
            kind="unit_join_requested",
            params={"person": user.full_name, "unit": unit.name},
        )
    return link


def unit_manager_approve(*, link, actor):
    require_iro(actor)
    link = transition(link, UnitManager.Status.ACTIVE, actor=actor)
    notify(
        recipient=link.user,
        kind="unit_access_granted",
        params={"unit": link.unit.name},
        url=link.unit.get_absolute_url(),
    )
    return link


def unit_manager_reject(*, link, actor, note):
    require_iro(actor)
    require_note(note, _("Write the reason for the person who asked."))
    link = transition(link, UnitManager.Status.REJECTED, actor=actor, note=note)
    notify(
        recipient=link.user,
        kind="unit_access_refused",
        params={"unit": link.unit.name, "comment": note},
    )
    return link


# --- Problem requests -----------------------------------------------------------------


def problem_create(*, form, unit, actor):
    """Save a new problem (a draft) from a valid form, for a unit the actor manages."""
    if not manages_unit(actor, unit):
        raise PermissionDenied
    problem = form.save(commit=False)
    problem.unit = unit
    problem.created_by = actor
    problem.status = ProblemRequest.Status.DRAFT
    with transaction.atomic():
        problem.save()
        form.save_m2m()
    return problem


def problem_update(*, form, actor):
    problem = form.instance
    require_problem_manager(actor, problem)
    with transaction.atomic():
        locked = ProblemRequest.objects.select_for_update().get(pk=problem.pk)
        if not locked.is_editable:
            raise ValidationError(
                _("A problem can only be changed while it is a draft or returned."),
                code="not_editable",
            )
        return form.save()


def check_ready_to_submit(problem):
    if not problem.fields_needed.exists():
        raise ValidationError(
            _("Name at least one field of study the problem needs."), code="no_fields"
        )


def problem_submit(*, problem, actor):
    require_problem_manager(actor, problem)
    problem = transition(
        problem,
        ProblemRequest.Status.SUBMITTED,
        actor=actor,
        guard=check_ready_to_submit,
        submitted_at=timezone.now(),
    )
    for staff in iro_staff():
        notify(
            recipient=staff,
            kind="problem_submitted",
            params={"title": problem.title, "unit": problem.unit.name},
            url=problem.get_absolute_url(),
        )
    return problem


def problem_withdraw(*, problem, actor, note=""):
    require_problem_manager(actor, problem)
    return transition(problem, ProblemRequest.Status.WITHDRAWN, actor=actor, note=note)


def notify_managers(problem, kind, comment=""):
    for manager in active_managers(problem.unit):
        notify(
            recipient=manager,
            kind=kind,
            params={"title": problem.title, "comment": comment},
            url=problem.get_absolute_url(),
        )


def problem_approve(*, problem, actor, note=""):
    require_iro(actor)
    problem = transition(
        problem, ProblemRequest.Status.APPROVED, actor=actor, note=note
    )
    notify_managers(problem, "problem_approved")
    return problem


def problem_return(*, problem, actor, comment):
    require_iro(actor)
    require_note(comment, _("Write a comment for the manager."))
    problem = transition(
        problem, ProblemRequest.Status.RETURNED, actor=actor, note=comment
    )
    notify_managers(problem, "problem_returned", comment)
    return problem


def problem_reject(*, problem, actor, comment):
    require_iro(actor)
    require_note(comment, _("Write a comment for the manager."))
    problem = transition(
        problem, ProblemRequest.Status.REJECTED, actor=actor, note=comment
    )
    notify_managers(problem, "problem_rejected", comment)
    return problem


# --- Attachments ----------------------------------------------------------------------


def require_editable(problem):
    if not problem.is_editable:
        raise ValidationError(
            _("Attachments can only change while the problem is a draft or returned."),
            code="not_editable",
        )


def attachment_add(*, problem, upload, actor):
    require_problem_manager(actor, problem)
    require_editable(problem)
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
    require_problem_manager(actor, attachment.problem)
    require_editable(attachment.problem)
    attachment.file.delete(save=False)
    attachment.delete()


# --- Units ----------------------------------------------------------------------------


def unit_register(*, form, actor) -> IndustrialUnit:
    require_iro(actor)
    return form.save()
