from django.utils.translation import gettext_lazy as _

from partner_portal.notifications import register_kind

register_kind(
    "problem_returned",
    text=_("Your problem “%(title)s” was returned for changes: %(comment)s"),
    email_subject=_("Problem returned for changes: %(title)s"),
)
register_kind(
    "problem_approved",
    text=_("Your problem “%(title)s” was approved and is now in the public catalogue."),
    email_subject=_("Problem approved: %(title)s"),
)
register_kind(
    "problem_rejected",
    text=_("Your problem “%(title)s” was not accepted: %(comment)s"),
    email_subject=_("Problem not accepted: %(title)s"),
)
register_kind(
    "problem_submitted",
    text=_("A problem awaits review: “%(title)s” from %(unit)s."),
    email_subject=_("Problem to review: %(title)s"),
)
register_kind(
    "unit_access_granted",
    text=_("You now manage %(unit)s on the portal."),
    email_subject=_("You manage %(unit)s on the Industry Partner Portal"),
)
register_kind(
    "unit_access_refused",
    text=_("Your request to manage %(unit)s was not accepted: %(comment)s"),
    email_subject=_("Request to manage %(unit)s not accepted"),
)
register_kind(
    "unit_join_requested",
    text=_("%(person)s asks to manage %(unit)s."),
    email_subject=_("Request to manage %(unit)s"),
)
register_kind(
    "unit_access_removed",
    text=_("You no longer manage %(unit)s on the portal."),
    email_subject=_("You no longer manage %(unit)s"),
)
