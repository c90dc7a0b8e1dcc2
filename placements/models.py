from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from industries.models import IndustrialUnit
from partner_portal.access import ScopedQuerySet
from partner_portal.formfields import validate_single_line
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

    # What the dashboards' recent activity loads with it (its name and link).
    ACTIVITY_RELATED = ("team__problem", "team__round")

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
    # When the stage began (for the overdue flags: proposals not submitted in time).
    stage_since = models.DateTimeField(_("in this stage since"), default=timezone.now)
    selected_proposal = models.ForeignKey(
        "SolutionProposal",
        verbose_name=_("selected proposal"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    selection_rationale = models.TextField(_("why this proposal"), blank=True)
    # An internal rationale is for the unit, the supervisor and the office only.
    rationale_internal = models.BooleanField(
        _("rationale for the unit and the office only"), default=False
    )
    # Completing with milestones not confirmed takes the manager's explanation.
    completion_override = models.TextField(
        _("why completed with unconfirmed milestones"), blank=True
    )
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    objects = PlacementQuerySet.as_manager()

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["-dispatched_at", "-id"]

    def __str__(self):
        return str(self.team)

    def get_absolute_url(self):
        return reverse("placements:placement-detail", kwargs={"pk": self.pk})

    @property
    def is_open(self):
        return self.status in self.OPEN


class SiteVisit(models.Model):
    """A visit of the team to the unit: scheduled by the manager or the team, then
    its findings written down by the team."""

    placement = models.ForeignKey(
        Placement,
        verbose_name=_("placement"),
        on_delete=models.CASCADE,
        related_name="visits",
    )
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=200)
    attendees = models.TextField(_("attendees"), help_text=_("One person per line."))
    findings = models.TextField(_("findings"), blank=True)
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("scheduled by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("site visit")
        verbose_name_plural = _("site visits")
        ordering = ["starts_at", "id"]
        indexes = [
            models.Index(fields=["starts_at"], name="site_visit_when_idx"),
        ]

    def __str__(self):
        return f"{self.placement} @ {self.starts_at:%Y-%m-%d}"

    @property
    def attendee_list(self):
        return [line.strip() for line in self.attendees.splitlines() if line.strip()]


class SolutionProposal(models.Model):
    """One of the team's 1-3 proposed solutions, with its plan of milestones."""

    placement = models.ForeignKey(
        Placement,
        verbose_name=_("placement"),
        on_delete=models.CASCADE,
        related_name="proposals",
    )
    title = models.CharField(
        _("title"), max_length=200, validators=[validate_single_line]
    )
    summary = models.TextField(_("summary"))
    approach = models.TextField(_("approach"))
    estimated_cost = models.PositiveBigIntegerField(
        _("estimated cost (rials)"), null=True, blank=True
    )
    duration_weeks = models.PositiveSmallIntegerField(
        _("duration (weeks)"), validators=[MinValueValidator(1), MaxValueValidator(52)]
    )
    resources_needed = models.TextField(
        _("what the unit provides"),
        blank=True,
        help_text=_("Machines, materials, people, data the team needs from the unit."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("solution proposal")
        verbose_name_plural = _("solution proposals")
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.title


class Milestone(models.Model):
    """A step of a proposal's plan; once its proposal is selected, the team reports
    its progress on it and the manager confirms it."""

    # What the dashboards' recent activity loads with it (its name and link).
    ACTIVITY_RELATED = ("proposal",)

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        REPORTED = "reported", _("Reported done")
        CONFIRMED = "confirmed", _("Confirmed by the manager")

    proposal = models.ForeignKey(
        SolutionProposal,
        verbose_name=_("proposal"),
        on_delete=models.CASCADE,
        related_name="milestones",
    )
    title = models.CharField(
        _("title"), max_length=200, validators=[validate_single_line]
    )
    deliverable = models.CharField(_("deliverable"), max_length=300)
    weeks = models.PositiveSmallIntegerField(
        _("weeks after the start"),
        validators=[MinValueValidator(1), MaxValueValidator(52)],
    )
    # Set when the proposal is selected: the start plus ``weeks``.
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["weeks", "id"]
        indexes = [
            models.Index(fields=["status", "due_on"], name="milestone_due_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return f"{self.proposal.placement.get_absolute_url()}#milestone-{self.pk}"

    @property
    def awaits_report(self):
        return self.status == self.Status.PLANNED

    @property
    def is_overdue(self):
        return (
            self.due_on is not None
            and self.status != self.Status.CONFIRMED
            and self.due_on < timezone.localdate()
        )


class ProgressReport(models.Model):
    """What the team did towards a milestone (with files, as documents)."""

    milestone = models.ForeignKey(
        Milestone,
        verbose_name=_("milestone"),
        on_delete=models.CASCADE,
        related_name="reports",
    )
    note = models.TextField(_("what was done"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("written at"), default=timezone.now)

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.milestone}: {self.created_at:%Y-%m-%d}"


def document_path(instance, filename):
    # The stored name is ours; the person's file name is kept in original_name.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return (
        f"placements/{timezone.now():%Y/%m}/{instance.document.placement_id}-"
        f"{instance.document_id}-v{instance.number}-{timezone.now():%H%M%S%f}"
        f".{extension}"
    )


class Document(models.Model):
    """A document of a placement, kept in versions: uploading a newer one keeps the
    older (an assessment report revised after a second visit, say)."""

    class Kind(models.TextChoices):
        ASSESSMENT = "assessment", _("Assessment report")
        PROPOSAL = "proposal", _("Proposal attachment")
        PROGRESS = "progress", _("Progress report attachment")
        OTHER = "other", _("Other document")

    placement = models.ForeignKey(
        Placement,
        verbose_name=_("placement"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(
        _("title"), max_length=200, validators=[validate_single_line]
    )
    proposal = models.ForeignKey(
        SolutionProposal,
        verbose_name=_("proposal"),
        on_delete=models.CASCADE,
        related_name="documents",
        null=True,
        blank=True,
    )
    report = models.ForeignKey(
        ProgressReport,
        verbose_name=_("progress report"),
        on_delete=models.CASCADE,
        related_name="documents",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["kind", "created_at", "id"]

    def __str__(self):
        return self.title


class DocumentVersion(models.Model):
    """One uploaded file of a document; the newest is the document's current one."""

    document = models.ForeignKey(
        Document,
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="versions",
    )
    number = models.PositiveSmallIntegerField(_("version"))
    file = models.FileField(_("file"), upload_to=document_path)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"], name="document_version_once"
            ),
        ]

    def __str__(self):
        return f"{self.document} v{self.number}"

    def get_absolute_url(self):
        return reverse("placements:document-download", kwargs={"pk": self.pk})


def score_validators():
    return [MinValueValidator(1), MaxValueValidator(5)]


class TeamEvaluation(models.Model):
    """The manager's evaluation of the team at completion (1 to 5 per aspect)."""

    placement = models.OneToOneField(
        Placement,
        verbose_name=_("placement"),
        on_delete=models.CASCADE,
        related_name="evaluation",
    )
    quality = models.PositiveSmallIntegerField(
        _("quality of the work"), validators=score_validators()
    )
    timeliness = models.PositiveSmallIntegerField(
        _("timeliness"), validators=score_validators()
    )
    communication = models.PositiveSmallIntegerField(
        _("communication"), validators=score_validators()
    )
    comment = models.TextField(_("comment"), blank=True)
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("evaluated by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    evaluated_at = models.DateTimeField(_("evaluated at"), default=timezone.now)

    class Meta:
        verbose_name = _("team evaluation")
        verbose_name_plural = _("team evaluations")
        constraints = [
            models.CheckConstraint(
                condition=Q(quality__gte=1, quality__lte=5)
                & Q(timeliness__gte=1, timeliness__lte=5)
                & Q(communication__gte=1, communication__lte=5),
                name="evaluation_scores_1_to_5",
            ),
        ]

    def __str__(self):
        return (
            f"{self.placement}: {self.quality}/{self.timeliness}/{self.communication}"
        )

    @property
    def average(self):
        return (self.quality + self.timeliness + self.communication) / 3


class StudentGrade(models.Model):
    """The supervisor's grade of one student of the team: pass or fail, 0 to 20."""

    placement = models.ForeignKey(
        Placement,
        verbose_name=_("placement"),
        on_delete=models.CASCADE,
        related_name="grades",
    )
    enrolment = models.ForeignKey(
        "teams.Enrolment",
        verbose_name=_("student"),
        on_delete=models.PROTECT,
        related_name="grades",
    )
    passed = models.BooleanField(_("passed"))
    score = models.DecimalField(
        _("score (0-20)"),
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(20)],
    )
    # Hours the student logged on the placement (their share of the work).
    hours = models.PositiveSmallIntegerField(
        _("hours worked"), validators=[MaxValueValidator(2000)]
    )
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("graded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    graded_at = models.DateTimeField(_("graded at"), default=timezone.now)

    class Meta:
        verbose_name = _("student grade")
        verbose_name_plural = _("student grades")
        ordering = ["enrolment__student__user__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["placement", "enrolment"], name="grade_once_per_student"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0) & Q(score__lte=20),
                name="grade_score_0_to_20",
            ),
        ]

    def __str__(self):
        return f"{self.enrolment}: {self.score}"


class Reminder(models.Model):
    """That a step was reminded on a day: one reminder per step per day, however
    often the reminding task runs."""

    step = models.CharField(_("step"), max_length=20)
    placement = models.ForeignKey(
        Placement,
        verbose_name=_("placement"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    milestone = models.ForeignKey(
        Milestone,
        verbose_name=_("milestone"),
        on_delete=models.CASCADE,
        related_name="+",
        null=True,
        blank=True,
    )
    # step:placement:milestone, so that "no milestone" is one value too.
    key = models.CharField(max_length=60, editable=False)
    day = models.DateField(_("day"))
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-day", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["key", "day"], name="reminder_once_a_day"),
        ]

    def __str__(self):
        return f"{self.key} @ {self.day}"

    def save(self, *args, **kwargs):
        self.key = f"{self.step}:{self.placement_id}:{self.milestone_id or 0}"
        super().save(*args, **kwargs)
