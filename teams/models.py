from django.db import models
from django.utils.translation import gettext_lazy as _

from partner_portal.i18n import BilingualName


class Level(models.TextChoices):
    BSC = "bsc", _("Bachelor's (BSc)")
    MSC = "msc", _("Master's (MSc)")


class FieldOfStudy(BilingualName):
    """One of the university's programmes, offered at one or both levels."""

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
