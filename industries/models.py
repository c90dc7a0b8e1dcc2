from django.conf import settings
from django.core.files.storage import storages
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Coalesce
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

    def catalogue(self):
        """The published problems with their public columns only, as the public
        catalogue and the public booklet show them: confidential notes never leave
        the database here."""
        return (
            self.published()
            .select_related("unit__area", "unit__cluster")
            .prefetch_related("fields_needed")
            .only(
                "title", "description", "desired_team_size", "duration_weeks",
                "urgency", "created_at", "status", "unit__name", "unit__area",
                "unit__cluster",
            )
        )  # fmt: skip

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


def booklet_storage():
    """Where booklet PDFs are kept: the ``booklets`` storage of ``STORAGES`` when a
    deployment names one (an object store, say), else the default storage, which
    the portal never serves by URL (downloads go through the access checks)."""
    return (
        storages["booklets"] if "booklets" in settings.STORAGES else storages["default"]
    )


class BookletQuerySet(models.QuerySet):
    def running(self):
        return self.filter(status__in=Booklet.RUNNING)

    def ready(self):
        return self.filter(status=Booklet.Status.READY)

    def readable_by(self, user):
        """The office reads every booklet; anyone, signed in or not, the public
        editions once they are ready."""
        if user.is_authenticated and user.is_active and user.is_iro_staff:
            return self.all()
        return self.ready().filter(edition=Booklet.Edition.PUBLIC)

    def latest_public(self, language):
        """The newest ready public booklet, in ``language`` when there is one (what
        the catalogue offers)."""
        return (
            self.ready()
            .filter(edition=Booklet.Edition.PUBLIC)
            .select_related("round")
            .order_by(
                models.Case(
                    models.When(language=language, then=models.Value(0)),
                    default=models.Value(1),
                ),
                "-finished_at",
                "-pk",
            )
            .first()
        )

    def latest_of_each_edition(self):
        """The newest ready booklet of each edition (language, public or internal,
        round or all time): one query, whatever the number of booklets."""
        newer = (
            Booklet.objects.ready()
            .annotate(round_key=Coalesce("round", 0))
            .filter(
                edition=models.OuterRef("edition"),
                language=models.OuterRef("language"),
                round_key=models.OuterRef("round_key"),
                finished_at__gt=models.OuterRef("finished_at"),
            )
        )
        return (
            self.ready()
            .annotate(round_key=Coalesce("round", 0))
            .filter(~models.Exists(newer))
        )


class Booklet(models.Model):
    """The industrial booklet (دفترچه صنعتی): every published problem of a round, or
    of all time, as one PDF grouped by industrial cluster and town, in one language;
    the public edition leaves out what the public catalogue leaves out.

    Requested by the office, rendered by the worker, which claims the row with a
    token before it renders (a second delivery finds it taken), so a message lost
    with a dead broker or worker is sent again by the sweep and never rendered
    twice."""

    class Edition(models.TextChoices):
        PUBLIC = "public", _("Public (as the catalogue shows it)")
        INTERNAL = "internal", _("Internal (with contacts and confidential notes)")

    class Language(models.TextChoices):
        FA = "fa", _("Persian")
        EN = "en", _("English")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting for the worker")
        RENDERING = "rendering", _("Being rendered")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Rendering failed")

    RUNNING = [Status.QUEUED, Status.RENDERING]

    edition = models.CharField(_("edition"), max_length=10, choices=Edition.choices)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    # None: every published problem of all time.
    round = models.ForeignKey(
        "teams.Round",
        verbose_name=_("round"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="booklets",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    # How far the rendering is, in percent, by its steps (industries/booklet.py).
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    queued_at = models.DateTimeField(_("queued at"), default=timezone.now)
    render_token = models.CharField(max_length=32, blank=True, editable=False)
    rendering_since = models.DateTimeField(null=True, blank=True, editable=False)
    render_attempts = models.PositiveSmallIntegerField(
        _("rendering attempts"), default=0
    )
    render_error = models.TextField(_("last rendering error"), blank=True)
    file = models.FileField(
        _("PDF"), upload_to="booklets/%Y/", storage=booklet_storage, blank=True
    )
    problem_count = models.PositiveIntegerField(_("problems"), default=0)
    page_count = models.PositiveIntegerField(_("pages"), default=0)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    finished_at = models.DateTimeField(_("ready at"), null=True, blank=True)

    objects = BookletQuerySet.as_manager()

    class Meta:
        verbose_name = _("industrial booklet")
        verbose_name_plural = _("industrial booklets")
        ordering = ["-requested_at", "-id"]
        constraints = [
            # One rendering at a time per edition: a second request while one is
            # under way gets that one (industries/booklet.py).
            models.UniqueConstraint(
                "edition",
                "language",
                Coalesce("round", 0),
                condition=models.Q(status__in=["queued", "rendering"]),
                name="booklet_one_running_per_edition",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="ready")
                | (~models.Q(file="") & models.Q(finished_at__isnull=False)),
                name="booklet_ready_has_file",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="rendering")
                | (
                    ~models.Q(render_token="") & models.Q(rendering_since__isnull=False)
                ),
                name="booklet_rendering_is_claimed",
            ),
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="booklet_progress_percent"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "queued_at"], name="booklet_queue_idx"),
        ]

    def __str__(self):
        scope = self.round or _("all time")
        return f"{self.get_edition_display()} · {self.get_language_display()} · {scope}"

    def get_absolute_url(self):
        return reverse("industries:booklet-download", args=[self.pk])

    @property
    def is_public(self):
        return self.edition == self.Edition.PUBLIC

    @property
    def is_running(self):
        return self.status in self.RUNNING

    @property
    def is_ready(self):
        return self.status == self.Status.READY

    @property
    def render_failed(self):
        return self.status == self.Status.FAILED

    @property
    def step(self):
        """What the rendering is doing, as its progress says (the steps and their
        percentages are industries/booklet.py's)."""
        if self.status == self.Status.QUEUED:
            return _("Waiting for the worker")
        if self.status != self.Status.RENDERING:
            return self.get_status_display()
        if self.progress < 10:
            return _("Gathering the problems")
        if self.progress < 85:
            return _("Laying out the pages")
        return _("Writing the PDF")

    @property
    def filename(self):
        scope = f"round-{self.round_id}" if self.round_id else "all"
        return f"booklet-{self.edition}-{self.language}-{scope}-{self.pk}.pdf"
