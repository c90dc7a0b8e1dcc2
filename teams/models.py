import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from industries.models import Cluster, IndustrialUnit, ProblemRequest
from partner_portal.access import ScopedQuerySet
from partner_portal.i18n import BilingualName, display_date, local_digits
from partner_portal.models import FieldOfStudy, Level
from partner_portal.search import Searchable, SearchableQuerySet


def team_size_limits():
    """The smallest and the largest team (settings PORTAL TEAM_MIN_SIZE/MAX_SIZE)."""
    return settings.PORTAL["TEAM_MIN_SIZE"], settings.PORTAL["TEAM_MAX_SIZE"]


def interest_ranks():
    """The ranks a student may give their choices: 1 .. PORTAL MAX_INTERESTS."""
    return tuple(range(1, settings.PORTAL["MAX_INTERESTS"] + 1))


ORDINAL_CHOICES = {1: _("1st choice"), 2: _("2nd choice"), 3: _("3rd choice")}


def rank_label(rank):
    """What a student calls a rank: "1st choice" (in Persian «اولویت اول»)."""
    if rank in ORDINAL_CHOICES:
        return ORDINAL_CHOICES[rank]
    return _("choice %(n)s") % {"n": local_digits(rank)}


# Entry years are Jalali; the university took its first students in the 1380s.
FIRST_ENTRY_YEAR = 1380
LAST_ENTRY_YEAR = 1420
STUDENT_NUMBER_RE = re.compile(r"^\d{9}$")


def validate_student_number(value):
    """Nine digits, the first three being the entry year without its leading 1
    (a student who entered in 1401 has a number starting with 401)."""
    if not STUDENT_NUMBER_RE.match(value or ""):
        raise ValidationError(
            _("A student number has exactly nine digits."), code="student_number_format"
        )


class Round(BilingualName):
    """One round of the program, e.g. "Autumn 1405": enrolment, training, teams."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        OPEN = "open", _("Open for enrolment")
        FORMATION = "formation", _("Team formation")
        CLOSED = "closed", _("Closed")

    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # The last suggestion of teams: when, by which solver, how good, and why the
    # problems left without a team were left (teams.formation).
    formation_report = models.JSONField(_("formation report"), default=dict, blank=True)

    class Meta:
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        ordering = ["-starts_on", "-id"]
        constraints = [
            # Students always know which round they enrol in.
            models.UniqueConstraint(
                fields=["status"],
                condition=models.Q(status="open"),
                name="round_one_open_at_a_time",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="round_ends_after_it_starts",
            ),
        ]

    @classmethod
    def open_round(cls):
        return cls.objects.filter(status=cls.Status.OPEN).first()

    @property
    def accepts_enrolment(self):
        return self.status == self.Status.OPEN

    @property
    def accepts_interests(self):
        return self.status == self.Status.OPEN

    @property
    def forms_teams(self):
        return self.status == self.Status.FORMATION


class Student(models.Model):
    """The study record of a person with the student role."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="student_profile",
    )
    student_number = models.CharField(
        _("student number"),
        max_length=9,
        unique=True,
        validators=[validate_student_number],
        error_messages={"unique": _("Another student already has this number.")},
    )
    field = models.ForeignKey(
        FieldOfStudy,
        verbose_name=_("field of study"),
        on_delete=models.PROTECT,
        related_name="students",
    )
    level = models.CharField(_("level"), max_length=3, choices=Level.choices)
    entry_year = models.PositiveSmallIntegerField(
        _("entry year"),
        validators=[
            MinValueValidator(FIRST_ENTRY_YEAR),
            MaxValueValidator(LAST_ENTRY_YEAR),
        ],
        help_text=_("The Jalali year you entered the university, e.g. 1402."),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("student")
        verbose_name_plural = _("students")
        ordering = ["student_number"]

    def __str__(self):
        return f"{self.user} ({self.student_number})"

    def clean(self):
        super().clean()
        errors = {}
        if (
            self.student_number
            and self.entry_year
            and STUDENT_NUMBER_RE.match(self.student_number)
            and self.student_number[:3] != str(self.entry_year)[1:]
        ):
            errors["student_number"] = _(
                "A student number starts with the entry year without its leading "
                "1 (for %(year)s: %(prefix)s…)."
            ) % {
                "year": local_digits(self.entry_year),
                "prefix": local_digits(str(self.entry_year)[1:]),
            }
        if self.field_id and self.level and not self.field.offers(self.level):
            errors["level"] = _("This field of study is not offered at this level.")
        if errors:
            raise ValidationError(errors)


class EnrolmentQuerySet(ScopedQuerySet):
    def visible_to_participant(self, user):
        if user.is_student:
            return self.filter(student__user=user)
        return self.none()


class Enrolment(models.Model):
    """A student's enrolment in one round, from application to eligibility."""

    # What the dashboards' recent activity loads with it (its name and link).
    ACTIVITY_RELATED = ("student__user", "round")

    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied")
        ACCEPTED = "accepted", _("Accepted")
        TRAINED = "trained", _("Trained (eligible)")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    student = models.ForeignKey(
        Student,
        verbose_name=_("student"),
        on_delete=models.CASCADE,
        related_name="enrolments",
    )
    round = models.ForeignKey(
        Round,
        verbose_name=_("round"),
        on_delete=models.PROTECT,
        related_name="enrolments",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.APPLIED
    )
    skills = models.TextField(
        _("skills"),
        blank=True,
        help_text=_("Tools, languages, lab or workshop skills."),
    )
    weekly_hours = models.PositiveSmallIntegerField(
        _("weekly availability (hours)"),
        validators=[MinValueValidator(1), MaxValueValidator(40)],
    )
    motivation = models.TextField(_("motivation"))
    preferred_clusters = models.ManyToManyField(
        Cluster,
        verbose_name=_("preferred industrial clusters"),
        related_name="+",
        blank=True,
    )
    created_at = models.DateTimeField(_("applied at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["student", "round"], name="enrolment_once_per_round"
            ),
            models.CheckConstraint(
                condition=models.Q(weekly_hours__gte=1)
                & models.Q(weekly_hours__lte=40),
                name="enrolment_weekly_hours_1_to_40",
            ),
        ]
        indexes = [
            # The office's queue: one round, newest first, optionally one state.
            models.Index(
                fields=["round", "-created_at", "-id"],
                name="enrolment_round_recent_idx",
            ),
            models.Index(
                fields=["round", "status", "-created_at"], name="enrolment_queue_idx"
            ),
        ]

    def __str__(self):
        return f"{self.student} · {self.round}"

    def get_absolute_url(self):
        return reverse("teams:enrolment-detail", kwargs={"pk": self.pk})

    @property
    def awaits_decision(self):
        return self.status == self.Status.APPLIED

    @property
    def in_training(self):
        return self.status == self.Status.ACCEPTED

    @property
    def is_trained(self):
        """Completed the initial training: eligible for a team."""
        return self.status == self.Status.TRAINED

    @property
    def may_choose_problems(self):
        """Trained, and the round has not started forming teams."""
        return self.is_trained and self.round.accepts_interests


class TrainingSession(models.Model):
    """One session of the initial training of a round."""

    round = models.ForeignKey(
        Round,
        verbose_name=_("round"),
        on_delete=models.PROTECT,
        related_name="training_sessions",
    )
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=200)
    capacity = models.PositiveSmallIntegerField(
        _("capacity"), validators=[MinValueValidator(1)]
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(capacity__gte=1), name="session_capacity_positive"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("teams:session-attendance", kwargs={"pk": self.pk})

    def clean(self):
        super().clean()
        if self.starts_at is not None and self.round_id is not None:
            check_within_round(self.round, self.starts_at)

    @property
    def has_started(self):
        """Attendance is known only once a session has begun."""
        return self.starts_at <= timezone.now()


def check_within_round(round, moment):
    """A training session falls on one of its round's days, the first and the last
    included (in the portal's time zone)."""
    day = timezone.localdate(moment)
    if not round.starts_on <= day <= round.ends_on:
        raise ValidationError(
            {
                "starts_at": _(
                    "The session must fall within its round, from %(start)s to %(end)s."
                )
                % {
                    "start": display_date(round.starts_on),
                    "end": display_date(round.ends_on),
                }
            },
            code="outside_round",
        )


class Attendance(models.Model):
    """A student was at a training session."""

    session = models.ForeignKey(
        TrainingSession,
        verbose_name=_("training session"),
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    enrolment = models.ForeignKey(
        Enrolment,
        verbose_name=_("enrolment"),
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "enrolment"], name="attendance_once_per_session"
            ),
        ]

    def __str__(self):
        return f"{self.enrolment.student} @ {self.session}"


def default_professor_capacity():
    return settings.PORTAL["PROFESSOR_CAPACITY"]


class Professor(Searchable):
    """A faculty member who may supervise teams."""

    # People search professors by name through their user; the department here.
    SEARCH_FIELDS = ("department",)

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="professor_profile",
    )
    department = models.CharField(_("department"), max_length=150)
    expertise = models.ManyToManyField(
        FieldOfStudy,
        verbose_name=_("fields of expertise"),
        related_name="professors",
        blank=True,
    )
    expertise_notes = models.TextField(_("research interests"), blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("capacity (concurrent teams)"),
        default=default_professor_capacity,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )

    objects = SearchableQuerySet.as_manager()

    class Meta:
        verbose_name = _("professor")
        verbose_name_plural = _("professors")
        ordering = ["user__full_name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(capacity__gte=1), name="professor_capacity_positive"
            ),
        ]

    def __str__(self):
        return str(self.user)


class Interest(models.Model):
    """A trained student's ranked choice (1st, 2nd, 3rd) of a published problem."""

    enrolment = models.ForeignKey(
        Enrolment,
        verbose_name=_("enrolment"),
        on_delete=models.CASCADE,
        related_name="interests",
    )
    problem = models.ForeignKey(
        ProblemRequest,
        verbose_name=_("problem request"),
        on_delete=models.CASCADE,
        related_name="interests",
    )
    rank = models.PositiveSmallIntegerField(_("rank"))
    created_at = models.DateTimeField(_("chosen at"), default=timezone.now)

    class Meta:
        verbose_name = _("interest")
        verbose_name_plural = _("interests")
        ordering = ["rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "rank"], name="interest_rank_once"
            ),
            models.UniqueConstraint(
                fields=["enrolment", "problem"], name="interest_problem_once"
            ),
            models.CheckConstraint(
                condition=models.Q(rank__gte=1)
                & models.Q(rank__lte=settings.PORTAL["MAX_INTERESTS"]),
                name="interest_rank_1_to_3",
            ),
        ]

    def __str__(self):
        return f"{self.rank}: {self.problem}"


class TeamQuerySet(ScopedQuerySet):
    def visible_to_participant(self, user):
        """A team is seen by its members (past teams too), its supervisor and the
        managers of its problem's unit, once the office has put it together."""
        seen = models.Q(pk__in=[])
        if user.is_student:
            seen |= models.Q(memberships__enrolment__student__user=user)
        if user.is_professor:
            seen |= models.Q(supervisor__user=user)
        if user.is_industry_manager:
            seen |= models.Q(problem__unit__in=IndustrialUnit.objects.managed_by(user))
        return self.filter(seen, status__in=Team.SHOWN).distinct()


class Team(models.Model):
    """A team of trained students (PORTAL TEAM_MIN_SIZE to TEAM_MAX_SIZE) with one
    supervising professor, for one problem of one round."""

    # What the dashboards' recent activity loads with it (its name and link).
    ACTIVITY_RELATED = ("problem", "round")

    class Status(models.TextChoices):
        # Suggested by the formation workspace (or put together by hand) and still
        # the office's to change; nobody outside the office sees it yet.
        PROPOSED = "proposed", _("Suggested")
        FORMING = "forming", _("Awaiting the supervisor")
        CONFIRMED = "confirmed", _("Confirmed")
        COMPLETED = "completed", _("Completed")
        DISSOLVED = "dissolved", _("Dissolved")

    FINISHED = {Status.COMPLETED, Status.DISSOLVED}
    # The office may still change members and supervisor.
    EDITABLE = {Status.PROPOSED, Status.FORMING}
    # What a professor's capacity counts.
    SUPERVISING = [Status.PROPOSED, Status.FORMING, Status.CONFIRMED]
    # What the team's members, supervisor and unit see.
    SHOWN = [Status.FORMING, Status.CONFIRMED, Status.COMPLETED]

    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.PROTECT, related_name="teams"
    )
    problem = models.ForeignKey(
        ProblemRequest,
        verbose_name=_("problem request"),
        on_delete=models.PROTECT,
        related_name="teams",
    )
    supervisor = models.ForeignKey(
        Professor,
        verbose_name=_("supervising professor"),
        on_delete=models.PROTECT,
        related_name="teams",
        null=True,
        blank=True,
    )
    supervisor_accepted_at = models.DateTimeField(
        _("supervision accepted at"), null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    # How well the team fits its problem, and why (teams.formation.score_team):
    # per-goal scores, covered and missing fields, honoured interests.
    fit = models.JSONField(_("fit"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = TeamQuerySet.as_manager()

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["-created_at", "-id"]
        constraints = [
            # A problem has at most one team that is not dissolved.
            models.UniqueConstraint(
                fields=["problem"],
                condition=~models.Q(status="dissolved"),
                name="team_one_live_team_per_problem",
            ),
        ]

    def __str__(self):
        return f"{self.problem} · {self.round}"

    def get_absolute_url(self):
        return reverse("teams:team-detail", kwargs={"pk": self.pk})

    @property
    def is_editable(self):
        return self.status in self.EDITABLE

    @property
    def is_draft(self):
        """Suggested, not yet confirmed: the office may drop it."""
        return self.status == self.Status.PROPOSED


class MembershipQuerySet(models.QuerySet):
    def current(self):
        """Memberships that have not ended: the student is in the team now."""
        return self.filter(ended_at__isnull=True)


class Membership(models.Model):
    """A student's place in a team, through their enrolment in the team's round.

    It ends (``ended_at``, ``end_reason``) when the student leaves the team or the
    team finishes; the row stays, so a student keeps seeing their past teams.
    """

    # What the dashboards' recent activity loads with it (its name and link).
    ACTIVITY_RELATED = ("enrolment__student__user", "team__problem", "team__round")

    class EndReason(models.TextChoices):
        REMOVED = "removed", _("Taken off the team")
        COMPLETED = "completed", _("Team completed its placement")
        DISSOLVED = "dissolved", _("Team dissolved")

    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    enrolment = models.ForeignKey(
        Enrolment,
        verbose_name=_("enrolment"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    joined_at = models.DateTimeField(_("joined at"), default=timezone.now)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    end_reason = models.CharField(
        _("why it ended"), max_length=10, choices=EndReason.choices, blank=True
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["joined_at", "id"]
        constraints = [
            # A student is in at most one unfinished team per round.
            models.UniqueConstraint(
                fields=["enrolment"],
                condition=models.Q(ended_at__isnull=True),
                name="membership_one_current_team_per_enrolment",
            ),
            models.CheckConstraint(
                condition=models.Q(ended_at__isnull=True, end_reason="")
                | (models.Q(ended_at__isnull=False) & ~models.Q(end_reason="")),
                name="membership_ended_with_a_reason",
            ),
        ]

    def __str__(self):
        return f"{self.enrolment.student} ∈ {self.team}"

    @property
    def is_current(self):
        return self.ended_at is None
