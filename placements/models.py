from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from industries.models import IndustrialUnit
from partner_portal.access import ScopedQuerySet
from teams.models import Team


class PlacementQuerySet(ScopedQuerySet):
    def visible_to_participant(self, user):
        """The placements a person takes part in, in any of their roles."""
        seen = Q(pk__in=[])
        if user.is_student:
            # Past teams too: a student keeps their placements and certificates.
            seen |= Q(team__memberships__enrolment__student__user=user)
        if user.is_professor:
            seen |= Q(team__supervisor__user=user)
        if user.is_industry_manager:
            seen |= Q(team__problem__unit__in=IndustrialUnit.objects.managed_by(user))
        return self.filter(seen).distinct()


class Placement(models.Model):
    """A confirmed team at the industrial unit, working on its problem."""

    class Status(models.TextChoices):
        DISPATCHED = "dispatched", _("Dispatched")
        ASSESSMENT = "assessment", _("Assessment")
        PROPOSAL = "proposal", _("Solution proposals")
        SELECTION = "selection", _("Selection by the manager")
        EXECUTION = "execution", _("Execution")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    OPEN = [
        Status.DISPATCHED,
        Status.ASSESSMENT,
        Status.PROPOSAL,
        Status.SELECTION,
        Status.EXECUTION,
    ]

    team = models.OneToOneField(
        Team, verbose_name=_("team"), on_delete=models.PROTECT, related_name="placement"
    )
    status = models.CharField(
        _("stage"), max_length=10, choices=Status.choices, default=Status.DISPATCHED
    )
    dispatched_at = models.DateTimeField(_("dispatched at"), default=timezone.now)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    objects = PlacementQuerySet.as_manager()

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["-dispatched_at", "-id"]

    def __str__(self):
        return str(self.team)
