from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partner_portal.access import ScopedQuerySet
from partner_portal.formfields import validate_phone_number, validate_single_line
from partner_portal.i18n import BilingualName
from partner_portal.search import Searchable, SearchableQuerySet


class IndustrialArea(BilingualName):
    """One of Qom province's industrial towns or zones."""

    class Kind(models.TextChoices):
        TOWN = "town", _("Industrial town")
        ZONE = "zone", _("Industrial zone")

    slug = models.SlugField(_("code"), unique=True)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)

    class Meta:
        verbose_name = _("industrial town or zone")
        verbose_name_plural = _("industrial towns and zones")
        ordering = ["kind", "id"]


class Cluster(BilingualName):
    """An industrial cluster, e.g. sweets, stone cutting, carpet weaving."""

    slug = models.SlugField(_("code"), unique=True)

    class Meta:
        verbose_name = _("industrial cluster")
        verbose_name_plural = _("industrial clusters")
        ordering = ["id"]


class IndustrialUnitQuerySet(SearchableQuerySet, ScopedQuerySet):
    def managed_by(self, user):
        return self.filter(
            managers__user=user, managers__status=UnitManager.Status.ACTIVE
        )

    def visible_to_participant(self, user):
        if user.is_industry_manager:
            return self.managed_by(user)
        return self.none()


class IndustrialUnit(Searchable):
    """A factory or workshop of the province that brings problems to the program."""

    SEARCH_FIELDS = ("name",)

    class Introduction(models.TextChoices):
        MINISTRY = "ministry", _("By the provincial Industry, Mining and Trade office")
        DIRECT = "direct", _("Directly, by the unit itself")

    name = models.CharField(
        _("name"), max_length=200, validators=[validate_single_line]
    )
    area = models.ForeignKey(
        IndustrialArea,
        verbose_name=_("industrial town or zone"),
        on_delete=models.PROTECT,
        related_name="units",
    )
    cluster = models.ForeignKey(
        Cluster,
        verbose_name=_("industrial cluster"),
        on_delete=models.PROTECT,
        related_name="units",
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    employees = models.PositiveIntegerField(
        _("employees"), validators=[MinValueValidator(1)], null=True, blank=True
    )
    phone = models.CharField(
        _("phone"), max_length=20, blank=True, validators=[validate_phone_number]
    )
    email = models.EmailField(_("contact e-mail"), blank=True)
    introduced_by = models.CharField(
        _("introduced by"),
        max_length=10,
        choices=Introduction.choices,
        default=Introduction.MINISTRY,
    )
    referral_number = models.CharField(
        _("referral letter number"), max_length=50, blank=True
    )
    referral_date = models.DateField(_("referral letter date"), null=True, blank=True)
    description = models.TextField(_("what the unit makes"), blank=True)
    created_at = models.DateTimeField(_("registered at"), default=timezone.now)

    objects = IndustrialUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("industrial unit")
        verbose_name_plural = _("industrial units")
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(introduced_by="ministry")
                | (
                    ~models.Q(referral_number="")
                    & models.Q(referral_date__isnull=False)
                ),
                name="unit_ministry_referral_has_letter",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("industries:unit-detail", kwargs={"pk": self.pk})


class UnitManager(models.Model):
    """A person who manages an industrial unit on the portal.

    IRO invites managers (active at once), or a manager who signed up asks to join a
    unit and IRO approves the request.
    """

    # What the dashboards' recent activity loads with it (its name and link).
    ACTIVITY_RELATED = ("user", "unit")

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        ACTIVE = "active", _("Active")
        REJECTED = "rejected", _("Rejected")
        CANCELLED = "cancelled", _("Cancelled")
        REMOVED = "removed", _("Removed")

    # A person has at most one link to a unit in these states; a rejected, cancelled
    # or removed one stays as history and does not stop them asking again.
    LIVE = [Status.REQUESTED, Status.ACTIVE]

    unit = models.ForeignKey(
        IndustrialUnit,
        verbose_name=_("industrial unit"),
        on_delete=models.CASCADE,
        related_name="managers",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("manager"),
        on_delete=models.CASCADE,
        related_name="unit_links",
    )
    position = models.CharField(_("position"), max_length=100, blank=True)
    message = models.TextField(_("message to the office"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED
    )
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)

    class Meta:
        verbose_name = _("unit manager")
        verbose_name_plural = _("unit managers")
        ordering = ["-created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "user"],
                condition=models.Q(status__in=["requested", "active"]),
                name="unit_manager_one_live_link",
            ),
        ]

    def __str__(self):
        return f"{self.user} @ {self.unit}"


class ProblemRequestQuerySet(SearchableQuerySet, ScopedQuerySet):
    def published(self):
        """What the public catalogue shows."""
        return self.filter(status=ProblemRequest.Status.APPROVED)

    def visible_to_participant(self, user):
        if user.is_industry_manager:
            return self.filter(unit__in=IndustrialUnit.objects.managed_by(user))
        return self.none()

    def readable_by(self, user):
        """What a person may read about: what they see, and what is published."""
        return self.visible_to(user) | self.published()


class ProblemRequest(Searchable):
    """A problem an industrial unit needs solved, from draft to publication."""

    SEARCH_FIELDS = ("title", "description")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned for changes")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        ASSIGNED = "assigned", _("Assigned to a team")
        CLOSED = "closed", _("Closed")

    # The manager may change the text while it is theirs to change.
    EDITABLE = {Status.DRAFT, Status.RETURNED}

    class Urgency(models.TextChoices):
        LOW = "low", _("Low")
        MEDIUM = "medium", _("Medium")
        HIGH = "high", _("High")

    unit = models.ForeignKey(
        IndustrialUnit,
        verbose_name=_("industrial unit"),
        on_delete=models.PROTECT,
        related_name="problems",
    )
    title = models.CharField(
        _("title"), max_length=200, validators=[validate_single_line]
    )
    description = models.TextField(_("description"))
    fields_needed = models.ManyToManyField(
        "partner_portal.FieldOfStudy",
        verbose_name=_("fields of study needed"),
        related_name="problems",
    )
    desired_team_size = models.PositiveSmallIntegerField(
        _("desired team size"),
        default=5,
        validators=[
            MinValueValidator(settings.PORTAL["TEAM_MIN_SIZE"]),
            MaxValueValidator(settings.PORTAL["TEAM_MAX_SIZE"]),
        ],
    )
    urgency = models.CharField(
        _("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.MEDIUM
    )
    duration_weeks = models.PositiveSmallIntegerField(
        _("expected duration (weeks)"),
        default=8,
        validators=[MinValueValidator(1), MaxValueValidator(52)],
    )
    confidential_notes = models.TextField(
        _("confidential notes"),
        blank=True,
        help_text=_("Never shown in the public catalogue or the public booklet."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    objects = ProblemRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("problem request")
        verbose_name_plural = _("problem requests")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    desired_team_size__gte=settings.PORTAL["TEAM_MIN_SIZE"]
                )
                & models.Q(desired_team_size__lte=settings.PORTAL["TEAM_MAX_SIZE"]),
                name="problem_team_size_4_to_6",
            ),
            models.CheckConstraint(
                condition=models.Q(duration_weeks__gte=1)
                & models.Q(duration_weeks__lte=52),
                name="problem_duration_1_to_52_weeks",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-created_at"], name="problem_status_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("industries:problem-detail", kwargs={"pk": self.pk})

    @property
    def is_editable(self):
        return self.status in self.EDITABLE


def attachment_path(instance, filename):
    # The stored name is ours; the person's file name is kept in original_name.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    stamp = timezone.now().strftime("%Y/%m")
    return (
        f"problems/{stamp}/{instance.problem_id}-{timezone.now():%H%M%S%f}.{extension}"
    )


class ProblemAttachment(models.Model):
    """A document attached to a problem request; served only to those who may see
    the problem (never from MEDIA_URL)."""

    problem = models.ForeignKey(
        ProblemRequest,
        verbose_name=_("problem request"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(_("file"), upload_to=attachment_path)
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
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("industries:attachment-download", kwargs={"pk": self.pk})


class MeetingQuerySet(ScopedQuerySet):
    def visible_to_participant(self, user):
        if user.is_industry_manager:
            return self.filter(
                units__in=IndustrialUnit.objects.managed_by(user)
            ).distinct()
        return self.none()


class Meeting(models.Model):
    """A joint meeting of the Industry Relations Office with industrial units."""

    held_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=200)
    units = models.ManyToManyField(
        IndustrialUnit, verbose_name=_("industrial units"), related_name="meetings"
    )
    problems = models.ManyToManyField(
        ProblemRequest,
        verbose_name=_("problems discussed"),
        related_name="meetings",
        blank=True,
    )
    attendees = models.TextField(_("attendees"), help_text=_("One person per line."))
    minutes = models.TextField(_("minutes"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("joint meeting")
        verbose_name_plural = _("joint meetings")
        ordering = ["-held_at", "-id"]

    def __str__(self):
        return f"{self.place} ({self.held_at:%Y-%m-%d})"

    def get_absolute_url(self):
        return reverse("industries:meeting-detail", kwargs={"pk": self.pk})

    @property
    def attendee_list(self):
        return [line.strip() for line in self.attendees.splitlines() if line.strip()]
