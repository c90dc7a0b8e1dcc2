import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from placements.models import Placement
from teams.models import Professor, Student

# 15 random bytes: 120 bits, written as 20 URL-safe characters.
CODE_BYTES = 15


def new_verification_code():
    return secrets.token_urlsafe(CODE_BYTES)


class Certificate(models.Model):
    """A certificate of participation, counting as internship credit, for one
    student of one completed placement."""

    class Status(models.TextChoices):
        PENDING_SIGNATURE = "pending_signature", _("Awaiting signature")
        SIGNED = "signed", _("Signed")
        ISSUED = "issued", _("Issued")
        FAILED = "failed", _("Rendering failed")
        REVOKED = "revoked", _("Revoked")

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
    signed_by = models.ForeignKey(
        Professor,
        verbose_name=_("signed by"),
        on_delete=models.PROTECT,
        related_name="signed_certificates",
        null=True,
        blank=True,
    )
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    pdf = models.FileField(_("PDF"), upload_to="certificates/%Y/", blank=True)
    sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64, blank=True)
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoke_reason = models.TextField(_("reason for revoking"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-created_at", "-id"]
        constraints = [
            # One valid certificate per student per placement; a revoked one stays
            # (its code keeps answering "revoked") beside its replacement.
            models.UniqueConstraint(
                fields=["placement", "student"],
                condition=~models.Q(status="revoked"),
                name="certificate_one_valid_per_placement",
            ),
            models.CheckConstraint(
                condition=models.Q(credit_hours__gt=0),
                name="certificate_credit_hours_positive",
            ),
        ]

    def __str__(self):
        return f"{self.student} · {self.placement}"
