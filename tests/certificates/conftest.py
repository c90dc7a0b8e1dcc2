import datetime

import pytest
from django.utils import timezone

from placements.models import Placement, SiteVisit, StudentGrade, TeamEvaluation
from placements.services import placement_complete
from teams.models import Membership
from tests import factories


def complete(placement, *, students=4, failed=0, hours=90, weeks=8):
    """A placement in execution with ``students`` graded members (the first
    ``failed`` of them failed), a first visit ``weeks`` ago, completed by its
    manager through the real service (which makes the certificates)."""
    team = placement.team
    enrolments = [m.enrolment for m in team.memberships.current()]
    while len(enrolments) < students:
        enrolment = factories.EnrolmentFactory(round=team.round, status="trained")
        Membership.objects.create(team=team, enrolment=enrolment)
        enrolments.append(enrolment)
    SiteVisit.objects.create(
        placement=placement,
        starts_at=timezone.now() - datetime.timedelta(weeks=weeks),
        place="کارگاه",
        attendees="تیم",
    )
    for index, enrolment in enumerate(enrolments):
        StudentGrade.objects.create(
            placement=placement,
            enrolment=enrolment,
            passed=index >= failed,
            score=17 if index >= failed else 8,
            hours=hours,
        )
    TeamEvaluation.objects.create(
        placement=placement, quality=4, timeliness=5, communication=4
    )
    Placement.objects.filter(pk=placement.pk).update(status=Placement.Status.EXECUTION)
    placement.refresh_from_db()
    manager = team.problem.unit.managers.get(status="active").user
    return placement_complete(placement=placement, actor=manager, note="")


@pytest.fixture
def completed(world):
    """The world's placement (the student's, supervised by the supervisor)
    completed with four passing students: four certificates awaiting signature."""
    return complete(world.objects["placement"])
