import datetime

from django.conf import settings
from django.contrib.auth.models import (
    AbstractBaseUser,
    BaseUserManager,
    PermissionsMixin,
)
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .formfields import validate_phone_number
from .i18n import BilingualName
from .search import Searchable, SearchableQuerySet
from .security import canonical_login


class Role(models.TextChoices):
    STUDENT = "student", _("Student")
    PROFESSOR = "professor", _("Supervising professor")
    MANAGER = "manager", _("Industry manager")
    IRO = "iro", _("IRO staff")


# The boolean field on User that carries each role.
ROLE_FIELDS = {
    Role.STUDENT: "is_student",
    Role.PROFESSOR: "is_professor",
    Role.MANAGER: "is_industry_manager",
    Role.IRO: "is_iro_staff",
}


class UserManager(BaseUserManager.from_queryset(SearchableQuerySet)):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=canonical_login(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        # Made by an operator on the server, who vouches for the address.
        extra_fields.update(
            is_staff=True,
            is_superuser=True,
            is_iro_staff=True,
            email_verified_at=timezone.now(),
        )
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        # Addresses are stored in canonical form: an exact comparison, never the
        # database's case-insensitive one (see canonical_login).
        return self.get(email=canonical_login(username))


class User(Searchable, AbstractBaseUser, PermissionsMixin):
    """A person who logs in with an e-mail address and holds one or more roles."""

    SEARCH_FIELDS = ("full_name", "email")

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    phone = models.CharField(
        _("phone"), max_length=20, blank=True, validators=[validate_phone_number]
    )
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=5,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    is_student = models.BooleanField(_("student"), default=False)
    is_professor = models.BooleanField(_("professor"), default=False)
    is_industry_manager = models.BooleanField(_("industry manager"), default=False)
    is_iro_staff = models.BooleanField(_("IRO staff"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("admin site access"),
        default=False,
        help_text=_("Can log in to the Django admin site."),
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    # Set when the person proved they read this address's mail (a link we sent it);
    # until then the account reaches nothing beyond its own profile.
    email_verified_at = models.DateTimeField(
        _("e-mail address verified at"), null=True, blank=True
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
        ]

    def __str__(self):
        return self.full_name or self.email

    def clean(self):
        super().clean()
        self.email = canonical_login(self.email)

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def roles(self):
        return [role for role, field in ROLE_FIELDS.items() if getattr(self, field)]

    def has_role(self, *roles):
        return any(getattr(self, ROLE_FIELDS[role]) for role in roles)

    @property
    def email_verified(self):
        return self.email_verified_at is not None


class AppendOnly(Exception):
    """The audit trail is never changed or deleted, only added to."""


class AuditEventQuerySet(models.QuerySet):
    def delete(self):
        raise AppendOnly("audit events cannot be deleted")

    def update(self, **kwargs):
        # The one change an audit row admits: its actor's account was deleted
        # (on_delete=SET_NULL updates the rows through here).
        if kwargs.keys() == {"actor"} and kwargs["actor"] is None:
            return super().update(**kwargs)
        raise AppendOnly("audit events cannot be changed")

    update.queryset_only = True
    delete.queryset_only = True


class AuditEvent(models.Model):
    """One state change of one object: who moved it, from where, to where, and why.

    Written only by ``partner_portal.workflow``; append-only (the queryset, the
    instance, the admin and, on PostgreSQL, a trigger refuse to change or delete
    one).
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    from_state = models.CharField(_("from"), max_length=32, blank=True)
    to_state = models.CharField(_("to"), max_length=32)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(
                fields=["target_type", "target_id", "created_at"],
                name="audit_target_time_idx",
            ),
        ]

    def __str__(self):
        target = f"{self.target_type.model}#{self.target_id}"
        return f"{target}: {self.from_state} → {self.to_state}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnly("audit events cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("audit events cannot be deleted")

    def _label(self, state):
        # get_for_id is cached: no query per event.
        model = ContentType.objects.get_for_id(self.target_type_id).model_class()
        try:
            return model.Status(state).label
        except (AttributeError, ValueError):
            return state

    @property
    def from_label(self):
        return self._label(self.from_state) if self.from_state else ""

    @property
    def to_label(self):
        return self._label(self.to_state)


class Notification(models.Model):
    """Something that awaits a person, shown in the in-app list (and e-mailed)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=64)
    # Values for the kind's translatable text, so the list reads in the language the
    # person uses now, not the one in force when it was written.
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # The e-mail (partner_portal/notifications.py): done once ``emailed_at`` is set
    # (sent, or not wanted); a worker sending it holds ``email_claimed_at``; the
    # sweep sends again what waits too long, and notes when in ``email_queued_at``.
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)
    email_claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    email_queued_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["recipient", "read_at", "-created_at"],
                name="notification_inbox_idx",
            ),
            # What the e-mail sweep looks for: few rows, whatever the table's size.
            models.Index(
                fields=["created_at"],
                condition=models.Q(emailed_at__isnull=True),
                name="notification_email_due_idx",
            ),
        ]

    def __str__(self):
        return f"{self.kind} → {self.recipient}"

    @property
    def is_read(self):
        return self.read_at is not None


class NotificationPreference(models.Model):
    """Whether a person is e-mailed one kind of notification (the in-app one is
    always stored). No row: the e-mails are on."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    kind = models.CharField(_("kind"), max_length=64)
    email = models.BooleanField(_("by e-mail"), default=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind"], name="notification_preference_unique"
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.kind}: {'on' if self.email else 'off'}"


class Level(models.TextChoices):
    BSC = "bsc", _("Bachelor's (BSc)")
    MSC = "msc", _("Master's (MSc)")


class FieldOfStudy(BilingualName):
    """One of the university's programmes, offered at one or both levels.

    University-wide reference data: problems need fields (industries), students study
    one and professors are expert in some (teams).
    """

    slug = models.SlugField(_("code"), unique=True)
    offered_bsc = models.BooleanField(_("offered at BSc"), default=False)
    offered_msc = models.BooleanField(_("offered at MSc"), default=False)

    class Meta:
        verbose_name = _("field of study")
        verbose_name_plural = _("fields of study")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(offered_bsc=True) | models.Q(offered_msc=True),
                name="field_offered_at_some_level",
            ),
        ]

    def offers(self, level):
        return self.offered_bsc if level == Level.BSC else self.offered_msc


def invitation_expiry():
    return timezone.now() + datetime.timedelta(
        days=settings.PORTAL["INVITATION_VALID_DAYS"]
    )


class Invitation(models.Model):
    """The office's invitation of an e-mail address to a role (a manager of a unit,
    a supervising professor).

    The role is granted only when someone who reads that address's mail accepts it
    through the link sent there: an account that merely uses the address (anyone
    may sign up with any address) gets nothing from the invitation itself.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        CANCELLED = "cancelled", _("Cancelled")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    # What comes with the role: {"unit": id, "position": "..."} for a manager.
    details = models.JSONField(_("details"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    # Only the SHA-256 of the link's token is kept: the database alone opens nothing.
    token_hash = models.CharField(max_length=64, unique=True)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    expires_at = models.DateTimeField(_("valid until"), default=invitation_expiry)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-sent_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-sent_at"], name="invitation_queue_idx"),
        ]

    def __str__(self):
        return f"{self.email} · {self.get_role_display()}"

    @property
    def is_expired(self):
        return timezone.now() >= self.expires_at

    @property
    def link_expired(self):
        """Still waiting, but its link no longer works: to be sent again."""
        return self.status == self.Status.PENDING and self.is_expired


class CalendarFeed(models.Model):
    """A person's private calendar address. Calendar programs cannot log in, so
    the address itself is the key: only the SHA-256 of its token is kept, and a
    new address replaces the old one."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="calendar_feed",
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return f"{self.user}"
