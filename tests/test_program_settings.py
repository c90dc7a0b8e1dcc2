"""The program's numbers live in settings.PORTAL and are read from there, not
repeated in models, forms and templates."""

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import override_settings

from industries.forms import ProblemForm
from teams import services
from teams.forms import InterestForm
from teams.templatetags.teams import first_free_rank


def portal(**changes):
    return override_settings(PORTAL={**settings.PORTAL, **changes})


def test_team_sizes_offered_to_managers_come_from_settings():
    with portal(TEAM_MIN_SIZE=3, TEAM_MAX_SIZE=7):
        sizes = [value for value, _label in ProblemForm().fields[
            "desired_team_size"].choices]  # fmt: skip

    assert sizes == [3, 4, 5, 6, 7]


def test_the_ranks_a_student_may_give_come_from_settings():
    with portal(MAX_INTERESTS=2):
        ranks = [value for value, _label in InterestForm().fields["rank"].choices]
        free = first_free_rank([])

    assert ranks == [1, 2]
    assert free == 1


@pytest.mark.django_db
def test_a_rank_beyond_the_setting_is_refused(world, student):
    with portal(MAX_INTERESTS=2), pytest.raises(ValidationError):
        services.interest_set(
            enrolment=world.objects["enrolment"],
            problem=world.objects["problem"],
            rank=3,
            actor=student,
        )


@pytest.mark.django_db
def test_the_team_size_guard_reads_the_setting(world, supervisor):
    """The world's team has one member: a minimum of 1 lets it be confirmed."""
    from teams.models import Team

    team = world.objects["team"]
    Team.objects.filter(pk=team.pk).update(status=Team.Status.FORMING)
    team.problem.status = "approved"
    team.problem.save()
    team.refresh_from_db()

    with portal(TEAM_MIN_SIZE=1):
        services.team_supervision_accept(team=team, actor=supervisor)

    team.refresh_from_db()
    assert team.status == Team.Status.CONFIRMED
