"""Who may see and change units, problems, attachments and meetings.

``get_*_for_user`` answer 404 for what the person may not see, and the ``require_*``
checks 403 for what they see but may not change.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from .models import (
    Booklet,
    IndustrialUnit,
    Meeting,
    ProblemAttachment,
    ProblemRequest,
    UnitManager,
)


def manages_unit(user, unit):
    return (
        user.is_authenticated
        and user.is_industry_manager
        and IndustrialUnit.objects.managed_by(user).filter(pk=unit.pk).exists()
    )


def get_unit_for_user(user, pk, write=False):
    unit = get_object_or_404(
        IndustrialUnit.objects.visible_to(user).select_related("area", "cluster"), pk=pk
    )
    if write and not (user.is_iro_staff or manages_unit(user, unit)):
        raise PermissionDenied
    return unit


def get_problem_for_user(user, pk):
    queryset = ProblemRequest.objects.visible_to(user).select_related(
        "unit__area", "unit__cluster", "created_by"
    )
    return get_object_or_404(queryset, pk=pk)


def require_problem_manager(user, problem):
    """Only the unit's own managers write a problem's text and move it as its author."""
    if not manages_unit(user, problem.unit):
        raise PermissionDenied


def may_edit_problem(user, problem):
    """The unit's manager, while the problem is a draft or returned."""
    return problem.is_editable and manages_unit(user, problem.unit)


def require_problem_editor(user, problem):
    require_problem_manager(user, problem)
    if not problem.is_editable:
        raise ValidationError(
            _("A problem can only be changed while it is a draft or returned."),
            code="not_editable",
        )


def get_attachment_for_user(user, pk):
    attachment = get_object_or_404(
        ProblemAttachment.objects.select_related("problem"), pk=pk
    )
    get_problem_for_user(user, attachment.problem_id)
    return attachment


def get_meeting_for_user(user, pk):
    return get_object_or_404(Meeting.objects.visible_to(user), pk=pk)


def get_unit_manager_link_for_user(user, pk):
    """A request to manage a unit (or the standing link): the office sees all, a
    person their own."""
    links = UnitManager.objects.select_related("unit", "user")
    if not user.is_iro_staff:
        links = links.filter(user=user)
    return get_object_or_404(links, pk=pk)


def get_booklet_for_user(user, pk):
    """A booklet to download: the office any, everyone else a ready public one."""
    return get_object_or_404(
        Booklet.objects.readable_by(user).select_related("round"), pk=pk
    )
