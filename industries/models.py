from django.db import models
from django.utils.translation import gettext_lazy as _

from partner_portal.i18n import BilingualName


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
