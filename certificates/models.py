"""Certificates of participation (internship credit), and the batches in which the
office asks for many at once.

A certificate carries a snapshot of what it certifies (names, field, problem, unit,
round, period), taken when it is made: what was certified does not change when a
name is corrected later, and the PDF can be rendered again identically.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from partner_portal.access import ScopedQuerySet
from partner_portal.search import Searchable, SearchableQuerySet
from partner_portal.text import latin_digits
from placements.models import Placement
from teams.models import Professor, Round, Student

from .storage import certificate_storage

# Crockford's base32: no I, L, O or U, so a code read aloud or typed from paper
# cannot be mistaken; 24 characters of 5 bits are 120 random bits.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 24
CODE_GROUP = 4
_CONFUSABLE = str.maketrans({"I": "1", "L": "1", "O": "0"})


def new_verification_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(text):
    """A code as a person may type it: any case, with spaces or dashes between the
    groups, Persian digits, O for 0 and I or L for 1."""
    text = latin_digits(text or "").upper().translate(_CONFUSABLE)
    return "".join(ch for ch in text if ch.isalnum())


def grouped_code(code):
    """``ABCD-EFGH-…``: the code as it is printed, in groups one can read."""
    return "-".join(code[i : i + CODE_GROUP] for i in range(0, len(code), CODE_GROUP))


class CertificateQuerySet(ScopedQuerySet, SearchableQuerySet):
    def visible_to_participant(self, user):
        """A student sees their own certificates (of past teams too), a professor
        those of the placements they supervise."""
        seen = Q(pk__in=[])
        if user.is_student:
            seen |= Q(student__user=user)
        if user.is_professor:
            seen |= Q(placement__team__supervisor__user=user)
        return self.filter(seen)

    def awaiting_signature_of(self, user):
        return self.filter(
            status=Certificate.Status.PENDING_SIGNATURE,
            placement__team__supervisor__user=user,
        )


class CertificateBatch(models.Model):
    """The office's request to issue the certificates of many completed placements
    at once; its progress is how many of them are issued."""

    round = models.ForeignKey(
        Round,
        verbose_name=_("round"),
        on_delete=models.PROTECT,
        related_name="certificate_batches",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    # The certificates that were signed and waiting for their PDF (or asked to be
    # rendered again) when the batch was requested.
    total = models.PositiveIntegerField(_("certificates"), default=0)

    class Meta:
        verbose_name = _("batch of certificates")
        verbose_name_plural = _("batches of certificates")
        ordering = ["-requested_at", "-id"]

    def __str__(self):
        return f"{self.round} · {self.requested_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return reverse("certificates:batch-detail", args=[self.pk])


class Certificate(Searchable):
    """A certificate of participation, counting as internship credit, for one
    student of one completed placement."""

    class Status(models.TextChoices):
        PENDING_SIGNATURE = "pending_signature", _("Awaiting signature")
        SIGNED = "signed", _("Signed")
        RENDERING = "rendering", _("Being rendered")
        ISSUED = "issued", _("Issued")
        FAILED = "failed", _("Rendering failed")
        REVOKED = "revoked", _("Revoked")

    SEARCH_FIELDS = ("student_name", "student_number", "problem_title", "unit_name")
    # What the certificate certifies, copied when it is made (and to a replacement).
    SNAPSHOT_FIELDS = (
        "student_name", "student_number", "field_fa", "field_en", "problem_title",
        "unit_name", "supervisor_name", "round_fa", "round_en", "period_start",
        "period_end",
    )  # fmt: skip

    placement = models.ForeignKey(
        Placement,
        verbose_name=_("placement"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    student = models.ForeignKey(
        Student,
        verbose_name=_("student"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    credit_hours = models.PositiveSmallIntegerField(_("internship credit (hours)"))
    # Why the office changed the hours computed from the placement (see services).
    credit_note = models.TextField(_("note on the hours"), blank=True)
    code = models.CharField(
        _("verification code"),
        max_length=32,
        unique=True,
        default=new_verification_code,
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.PENDING_SIGNATURE,
    )

    # What the certificate certifies, as it was when the placement completed.
    student_name = models.CharField(_("student's name"), max_length=200)
    student_number = models.CharField(_("student number"), max_length=9)
    field_fa = models.CharField(_("field of study (Persian)"), max_length=200)
    field_en = models.CharField(_("field of study (English)"), max_length=200)
    problem_title = models.CharField(_("problem"), max_length=300)
    unit_name = models.CharField(_("industrial unit"), max_length=300)
    supervisor_name = models.CharField(_("supervisor"), max_length=200)
    round_fa = models.CharField(_("round (Persian)"), max_length=200)
    round_en = models.CharField(_("round (English)"), max_length=200)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))

    signed_by = models.ForeignKey(
        Professor,
        verbose_name=_("signed by"),
        on_delete=models.PROTECT,
        related_name="signed_certificates",
        null=True,
        blank=True,
    )
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)

    # Rendering: queued (by a signature, a re-render or the sweep), then claimed by
    # one worker with a token, rendered, and issued only by the holder of the token.
    queued_at = models.DateTimeField(
        _("queued for rendering at"), null=True, blank=True
    )
    render_token = models.CharField(max_length=32, blank=True, editable=False)
    rendering_since = models.DateTimeField(null=True, blank=True, editable=False)
    render_attempts = models.PositiveSmallIntegerField(
        _("rendering attempts"), default=0
    )
    render_error = models.TextField(_("last rendering error"), blank=True)
    batch = models.ForeignKey(
        CertificateBatch,
        verbose_name=_("batch"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="certificates",
    )

    pdf = models.FileField(
        _("PDF"), upload_to="certificates/%Y/", storage=certificate_storage, blank=True
    )
    sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64, blank=True)
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoke_reason = models.TextField(_("reason for revoking"), blank=True)
    # The revoked certificate this one replaces (with a new code).
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("replaces"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-created_at", "-id"]
        constraints = [
            # One valid certificate per student per placement; a revoked one stays
            # (its code keeps answering "revoked") beside its replacement.
            models.UniqueConstraint(
                fields=["placement", "student"],
                condition=~Q(status="revoked"),
                name="certificate_one_valid_per_placement",
            ),
            models.CheckConstraint(
                condition=Q(credit_hours__gt=0),
                name="certificate_credit_hours_positive",
            ),
            # Exactly one PDF per certificate: two renderings can never both be
            # recorded under one file, nor one file serve two certificates.
            models.UniqueConstraint(
                fields=["pdf"],
                condition=~Q(pdf=""),
                name="certificate_pdf_unique",
            ),
            models.CheckConstraint(
                condition=~Q(status="issued")
                | (~Q(pdf="") & ~Q(sha256="") & Q(issued_at__isnull=False)),
                name="certificate_issued_has_pdf",
            ),
            models.CheckConstraint(
                condition=~Q(status="rendering")
                | (~Q(render_token="") & Q(rendering_since__isnull=False)),
                name="certificate_rendering_is_claimed",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "queued_at"], name="certificate_queue_idx"),
        ]

    def __str__(self):
        return f"{self.student_name} · {self.problem_title}"

    def get_absolute_url(self):
        return reverse("certificates:certificate-detail", args=[self.pk])

    def get_verification_url(self):
        return reverse("certificates:verify-code", args=[self.code])

    @property
    def public_url(self):
        """The verification page's full address, as printed and in the QR code: in
        the portal's first language (no language prefix), whoever renders it."""
        with translation.override(settings.LANGUAGE_CODE):
            path = self.get_verification_url()
        return f"{settings.SITE_URL.rstrip('/')}{path}"

    @property
    def grouped_code(self):
        return grouped_code(self.code)

    @property
    def is_valid(self):
        """Issued once and not revoked: a re-render keeps it valid meanwhile."""
        return self.issued_at is not None and not self.is_revoked

    @property
    def has_pdf(self):
        return bool(self.pdf) and self.issued_at is not None

    # The questions the pages ask of the state (templates compare no state names).
    @property
    def awaits_signature(self):
        return self.status == self.Status.PENDING_SIGNATURE

    @property
    def is_being_issued(self):
        return self.status in (self.Status.SIGNED, self.Status.RENDERING)

    @property
    def render_failed(self):
        return self.status == self.Status.FAILED

    @property
    def is_revoked(self):
        return self.status == self.Status.REVOKED

    @property
    def may_download(self):
        """What a participant downloads: an issued PDF not revoked since."""
        return self.has_pdf and not self.is_revoked
