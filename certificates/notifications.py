from django.utils.translation import gettext_lazy as _

from partner_portal.models import Role
from partner_portal.notifications import Topic, register_kind

CERTIFICATES = Topic("certificates", _("Certificates"))

register_kind(
    "certificates_to_sign",
    text=_("“%(title)s” is completed: %(count)s certificates wait for your signature."),
    email_subject=_("Certificates to sign: %(title)s"),
    label=_("Certificates wait for my signature"),
    roles=[Role.PROFESSOR],
    topic=CERTIFICATES,
)
register_kind(
    "certificate_issued",
    text=_("Your certificate for “%(title)s” is issued: download it."),
    email_subject=_("Your certificate is issued: %(title)s"),
    label=_("My certificate is issued"),
    roles=[Role.STUDENT],
    topic=CERTIFICATES,
)
register_kind(
    "certificate_revoked",
    text=_("Your certificate for “%(title)s” was revoked: %(comment)s"),
    email_subject=_("Certificate revoked: %(title)s"),
    label=_("My certificate is revoked"),
    roles=[Role.STUDENT],
    topic=CERTIFICATES,
)
