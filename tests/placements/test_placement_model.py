import pytest

from partner_portal.workflow import IllegalTransition, transition
from placements.models import Placement

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("persona", "sees"),
    [
        ("anonymous", []),
        ("student", ["placement"]),
        ("other_student", ["other_placement"]),
        ("supervisor", ["placement"]),
        ("other_professor", ["other_placement"]),
        ("manager", ["placement"]),
        ("other_unit_manager", ["other_placement"]),
        ("iro", ["placement", "other_placement"]),
        ("inactive", []),
    ],
)
def test_each_persona_sees_only_the_placements_they_take_part_in(world, persona, sees):
    from django.contrib.auth.models import AnonymousUser

    user = world.person(persona) or AnonymousUser()

    visible = set(Placement.objects.visible_to(user))

    assert visible == {world.objects[name] for name in sees}


def test_a_student_who_left_the_team_no_longer_sees_its_placement(world, student):
    world.objects["team"].memberships.update(is_active=False)

    assert not Placement.objects.visible_to(student).exists()


def test_the_manager_may_send_proposals_back_for_revision(world, manager):
    placement = world.objects["placement"]
    for stage in ("assessment", "proposal", "selection", "proposal", "selection"):
        transition(placement, stage, actor=manager)

    assert placement.status == Placement.Status.SELECTION


def test_a_completed_placement_is_final(world, iro):
    placement = world.objects["placement"]
    placement.status = Placement.Status.COMPLETED
    placement.save()

    with pytest.raises(IllegalTransition):
        transition(placement, Placement.Status.CANCELLED, actor=iro)
