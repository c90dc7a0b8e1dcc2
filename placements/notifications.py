from django.utils.translation import gettext_lazy as _

from partner_portal.models import Role
from partner_portal.notifications import Topic, register_kind

PLACEMENTS = Topic("placements", _("Placements"))
REMINDERS = Topic("reminders", _("Reminders of late steps"))

register_kind(
    "placement_dispatched",
    text=_(
        "The team for “%(title)s” is dispatched to the unit: set the first site "
        "visit on the placement's page."
    ),
    email_subject=_("Team dispatched: %(title)s"),
    label=_("A team is dispatched to a unit"),
    roles=[Role.STUDENT, Role.PROFESSOR, Role.MANAGER],
    topic=PLACEMENTS,
)
register_kind(
    "visit_scheduled",
    text=_("A site visit has been set for “%(title)s”."),
    email_subject=_("Site visit set: %(title)s"),
    label=_("A site visit is set"),
    roles=[Role.STUDENT, Role.PROFESSOR, Role.MANAGER],
    topic=PLACEMENTS,
)
register_kind(
    "proposals_submitted",
    text=_(
        "The team's solution proposals for “%(title)s” wait for your choice: "
        "compare them and select one."
    ),
    email_subject=_("Proposals to choose from: %(title)s"),
    label=_("Solution proposals wait for my choice"),
    roles=[Role.MANAGER],
    topic=PLACEMENTS,
)
register_kind(
    "proposal_selected",
    text=_("The manager selected a proposal for “%(title)s”: execution starts."),
    email_subject=_("Proposal selected: %(title)s"),
    label=_("The manager selects a proposal"),
    roles=[Role.STUDENT, Role.PROFESSOR],
    topic=PLACEMENTS,
)
register_kind(
    "proposals_returned",
    text=_("The manager sent the proposals for “%(title)s” back: %(comment)s"),
    email_subject=_("Proposals to revise: %(title)s"),
    label=_("The manager sends the proposals back"),
    roles=[Role.STUDENT, Role.PROFESSOR],
    topic=PLACEMENTS,
)
register_kind(
    "milestone_reported",
    text=_("The team reports “%(milestone)s” done for “%(title)s”: confirm it."),
    email_subject=_("Milestone to confirm: %(milestone)s"),
    label=_("A milestone waits for my confirmation"),
    roles=[Role.MANAGER],
    topic=PLACEMENTS,
)
register_kind(
    "milestone_confirmed",
    text=_("The manager confirmed “%(milestone)s” of “%(title)s”."),
    email_subject=_("Milestone confirmed: %(milestone)s"),
    label=_("The manager confirms a milestone"),
    roles=[Role.STUDENT, Role.PROFESSOR],
    topic=PLACEMENTS,
)
register_kind(
    "milestone_reopened",
    text=_("“%(milestone)s” of “%(title)s” is not done yet: %(comment)s"),
    email_subject=_("Milestone not yet done: %(milestone)s"),
    label=_("The manager says a milestone is not done"),
    roles=[Role.STUDENT, Role.PROFESSOR],
    topic=PLACEMENTS,
)
register_kind(
    "placement_completed",
    text=_("The placement for “%(title)s” is completed. Congratulations!"),
    email_subject=_("Placement completed: %(title)s"),
    label=_("A placement is completed"),
    roles=[Role.STUDENT, Role.PROFESSOR],
    topic=PLACEMENTS,
)
register_kind(
    "placement_cancelled",
    text=_("The placement for “%(title)s” was cancelled: %(comment)s"),
    email_subject=_("Placement cancelled: %(title)s"),
    label=_("A placement is cancelled"),
    roles=[Role.STUDENT, Role.PROFESSOR, Role.MANAGER],
    topic=PLACEMENTS,
)
register_kind(
    "reminder_first_visit",
    text=_(
        "“%(title)s” still waits for its first site visit: set one soon on the "
        "placement's page."
    ),
    email_subject=_("Reminder: the site visit for %(title)s"),
    label=_("Reminder: the first site visit is late"),
    roles=[Role.STUDENT, Role.MANAGER],
    topic=REMINDERS,
)
register_kind(
    "reminder_proposals",
    text=_("The solution proposals for “%(title)s” are late: finish and submit them."),
    email_subject=_("Reminder: proposals for %(title)s"),
    label=_("Reminder: the proposals are late"),
    roles=[Role.STUDENT, Role.PROFESSOR],
    topic=REMINDERS,
)
register_kind(
    "reminder_milestone",
    text=_(
        "“%(milestone)s” of “%(title)s” is past its due date: report what is done "
        "on the placement's page."
    ),
    email_subject=_("Reminder: %(milestone)s is past due"),
    label=_("Reminder: a milestone is past its due date"),
    roles=[Role.STUDENT],
    topic=REMINDERS,
)
register_kind(
    "reminder_milestone_confirm",
    text=_(
        "The team reported “%(milestone)s” of “%(title)s” done and its due date "
        "has passed: confirm it, or say what is missing."
    ),
    email_subject=_("Reminder: confirm %(milestone)s"),
    label=_("Reminder: a milestone waits for my confirmation"),
    roles=[Role.MANAGER],
    topic=REMINDERS,
)
