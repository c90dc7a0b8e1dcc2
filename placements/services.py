"""The placement lifecycle and what it carries with it.

This module owns: a confirmed team dispatched → its placement created; a placement
completed → its team completed, the memberships ended, the problem closed, and the
certificates made (by the certificates app, on ``placement_completed``); a placement
cancelled → its team disbanded, its students free, the problem closed.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partner_portal.access import require_iro
from partner_portal.workflow import record_creation, transition
from teams.models import Team
from teams.services import team_finish

from .models import Placement
from .moves import placement_moves
from .signals import placement_completed


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
    return placement


@placement_moves.service("complete")
@transaction.atomic
def placement_complete(*, placement, actor, note=""):
    placement = transition(
        placement, "complete", actor=actor, note=note, completed_at=timezone.now()
    )
    team_finish(team=placement.team, completed=True, actor=actor, note=note)
    placement_completed.send(sender=Placement, placement=placement, actor=actor)
    return placement


@placement_moves.service("cancel")
@transaction.atomic
def placement_cancel(*, placement, actor, note):
    placement = transition(placement, "cancel", actor=actor, note=note)
    team_finish(team=placement.team, completed=False, actor=actor, note=note)
    return placement
