from django.utils.translation import gettext_lazy as _

from partner_portal.notifications import register_kind

register_kind(
    "placement_dispatched",
    text=_(
        "The team for “%(title)s” is dispatched to the unit: set the first site "
        "visit on the placement's page."
    ),
    email_subject=_("Team dispatched: %(title)s"),
)
register_kind(
    "visit_scheduled",
    text=_("A site visit has been set for “%(title)s”."),
    email_subject=_("Site visit set: %(title)s"),
)
register_kind(
    "proposals_submitted",
    text=_(
        "The team's solution proposals for “%(title)s” wait for your choice: "
        "compare them and select one."
    ),
    email_subject=_("Proposals to choose from: %(title)s"),
)
register_kind(
    "proposal_selected",
    text=_("The manager selected a proposal for “%(title)s”: execution starts."),
    email_subject=_("Proposal selected: %(title)s"),
)
register_kind(
    "proposals_returned",
    text=_("The manager sent the proposals for “%(title)s” back: %(comment)s"),
    email_subject=_("Proposals to revise: %(title)s"),
)
register_kind(
    "milestone_reported",
    text=_("The team reports “%(milestone)s” done for “%(title)s”: confirm it."),
    email_subject=_("Milestone to confirm: %(milestone)s"),
)
register_kind(
    "milestone_confirmed",
    text=_("The manager confirmed “%(milestone)s” of “%(title)s”."),
    email_subject=_("Milestone confirmed: %(milestone)s"),
)
register_kind(
    "milestone_reopened",
    text=_("“%(milestone)s” of “%(title)s” is not done yet: %(comment)s"),
    email_subject=_("Milestone not yet done: %(milestone)s"),
)
register_kind(
    "placement_completed",
    text=_("The placement for “%(title)s” is completed. Congratulations!"),
    email_subject=_("Placement completed: %(title)s"),
)
register_kind(
    "placement_cancelled",
    text=_("The placement for “%(title)s” was cancelled: %(comment)s"),
    email_subject=_("Placement cancelled: %(title)s"),
)
register_kind(
    "reminder_first_visit",
    text=_(
        "“%(title)s” still waits for its first site visit: set one soon on the "
        "placement's page."
    ),
    email_subject=_("Reminder: the site visit for %(title)s"),
)
register_kind(
    "reminder_proposals",
    text=_("The solution proposals for “%(title)s” are late: finish and submit them."),
    email_subject=_("Reminder: proposals for %(title)s"),
)
register_kind(
    "reminder_milestone",
    text=_(
        "“%(milestone)s” of “%(title)s” is past its due date: report what is done "
        "on the placement's page."
    ),
    email_subject=_("Reminder: %(milestone)s is past due"),
)
register_kind(
    "reminder_milestone_confirm",
    text=_(
        "The team reported “%(milestone)s” of “%(title)s” done and its due date "
        "has passed: confirm it, or say what is missing."
    ),
    email_subject=_("Reminder: confirm %(milestone)s"),
)
