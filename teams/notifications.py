from django.utils.translation import gettext_lazy as _

from partner_portal.models import Role
from partner_portal.notifications import Topic, register_kind

ENROLMENT_AND_TEAMS = Topic("teams", _("Enrolment and teams"))

register_kind(
    "enrolment_accepted",
    text=_(
        "Your enrolment in %(round)s was accepted. Attend the initial training to "
        "become eligible for a team."
    ),
    email_subject=_("Enrolment accepted: %(round)s"),
    label=_("My enrolment is accepted"),
    roles=[Role.STUDENT],
    topic=ENROLMENT_AND_TEAMS,
)
register_kind(
    "enrolment_rejected",
    text=_("Your enrolment in %(round)s was not accepted: %(comment)s"),
    email_subject=_("Enrolment not accepted: %(round)s"),
    label=_("My enrolment is not accepted"),
    roles=[Role.STUDENT],
    topic=ENROLMENT_AND_TEAMS,
)
register_kind(
    "enrolment_trained",
    text=_(
        "You have completed the initial training of %(round)s and can now choose the "
        "problems you would like to work on."
    ),
    email_subject=_("You are eligible for a team: %(round)s"),
    label=_("I have completed the initial training"),
    roles=[Role.STUDENT],
    topic=ENROLMENT_AND_TEAMS,
)
register_kind(
    "team_confirmed",
    text=_(
        "Your team for “%(title)s” is confirmed: the supervisor has accepted. The "
        "office will dispatch you to the unit."
    ),
    email_subject=_("Your team is confirmed: %(title)s"),
    label=_("My team is confirmed"),
    roles=[Role.STUDENT],
    topic=ENROLMENT_AND_TEAMS,
)
register_kind(
    "team_supervision_declined",
    text=_("%(person)s declined to supervise the team for “%(title)s”: %(comment)s"),
    email_subject=_("Supervision declined: %(title)s"),
    label=_("A professor declines to supervise a team"),
    roles=[Role.IRO],
    topic=ENROLMENT_AND_TEAMS,
)
register_kind(
    "team_supervision_requested",
    text=_(
        "The office asks you to supervise the team for “%(title)s”: accept or "
        "decline it on the team's page."
    ),
    email_subject=_("Will you supervise the team for %(title)s?"),
    label=_("I am asked to supervise a team"),
    roles=[Role.PROFESSOR],
    topic=ENROLMENT_AND_TEAMS,
)
register_kind(
    "team_assigned",
    text=_(
        "A team of students and their supervisor will work on your problem “%(title)s”."
    ),
    email_subject=_("A team for your problem: %(title)s"),
    label=_("A team is formed for a problem of my unit"),
    roles=[Role.MANAGER],
    topic=ENROLMENT_AND_TEAMS,
)
register_kind(
    "team_dissolved",
    text=_("The team for “%(title)s” was dissolved: %(comment)s"),
    email_subject=_("Team dissolved: %(title)s"),
    label=_("A team is dissolved"),
    roles=[Role.STUDENT, Role.PROFESSOR],
    topic=ENROLMENT_AND_TEAMS,
)
