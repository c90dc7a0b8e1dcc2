from django.utils.translation import gettext_lazy as _

from partner_portal.models import Role
from partner_portal.notifications import Topic, register_kind

PROBLEMS_AND_UNITS = Topic("problems", _("Problems and industrial units"))

register_kind(
    "problem_returned",
    text=_("Your problem “%(title)s” was returned for changes: %(comment)s"),
    email_subject=_("Problem returned for changes: %(title)s"),
    label=_("A problem of my unit is returned for changes"),
    roles=[Role.MANAGER],
    topic=PROBLEMS_AND_UNITS,
)
register_kind(
    "problem_approved",
    text=_("Your problem “%(title)s” was approved and is now in the public catalogue."),
    email_subject=_("Problem approved: %(title)s"),
    label=_("A problem of my unit is approved"),
    roles=[Role.MANAGER],
    topic=PROBLEMS_AND_UNITS,
)
register_kind(
    "problem_rejected",
    text=_("Your problem “%(title)s” was not accepted: %(comment)s"),
    email_subject=_("Problem not accepted: %(title)s"),
    label=_("A problem of my unit is not accepted"),
    roles=[Role.MANAGER],
    topic=PROBLEMS_AND_UNITS,
)
register_kind(
    "problem_submitted",
    text=_("A problem awaits review: “%(title)s” from %(unit)s."),
    email_subject=_("Problem to review: %(title)s"),
    label=_("A problem is submitted for review"),
    roles=[Role.IRO],
    topic=PROBLEMS_AND_UNITS,
)
register_kind(
    "unit_access_granted",
    text=_("You now manage %(unit)s on the portal."),
    email_subject=_("You manage %(unit)s on the Industry Partner Portal"),
    label=_("I am made a manager of a unit"),
    roles=[Role.MANAGER],
    topic=PROBLEMS_AND_UNITS,
)
register_kind(
    "unit_access_refused",
    text=_("Your request to manage %(unit)s was not accepted: %(comment)s"),
    email_subject=_("Request to manage %(unit)s not accepted"),
    label=_("My request to manage a unit is not accepted"),
    roles=[Role.MANAGER],
    topic=PROBLEMS_AND_UNITS,
)
register_kind(
    "unit_join_requested",
    text=_("%(person)s asks to manage %(unit)s."),
    email_subject=_("Request to manage %(unit)s"),
    label=_("Someone asks to manage a unit"),
    roles=[Role.IRO],
    topic=PROBLEMS_AND_UNITS,
)
register_kind(
    "unit_access_removed",
    text=_("You no longer manage %(unit)s on the portal."),
    email_subject=_("You no longer manage %(unit)s"),
    label=_("I no longer manage a unit"),
    roles=[Role.MANAGER],
    topic=PROBLEMS_AND_UNITS,
)
