import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from industries.models import ProblemRequest
from teams import services
from teams.models import Interest, Round
from tests.factories import ProblemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(world):
    return [
        world.objects["problem"],
        *ProblemFactory.create_batch(3, status=ProblemRequest.Status.APPROVED),
    ]


def choose(client, problem, rank):
    return client.post(reverse("teams:interest-set", args=[problem.pk]), {"rank": rank})


def ranking(enrolment):
    return list(enrolment.interests.order_by("rank").values_list("problem_id", "rank"))


def test_a_trained_student_ranks_up_to_three_problems(
    client, world, student, published
):
    enrolment = world.objects["enrolment"]
    client.force_login(student)

    choose(client, published[1], 2)
    choose(client, published[2], 3)

    assert ranking(enrolment) == [
        (published[0].pk, 1),
        (published[1].pk, 2),
        (published[2].pk, 3),
    ]


def test_a_taken_rank_is_not_given_away_without_asking(
    client, world, student, published
):
    enrolment = world.objects["enrolment"]
    client.force_login(student)

    response = client.post(
        f"/en/choices/add/{published[3].pk}/", {"rank": 1}, follow=True
    )

    html = response.content.decode()
    assert ranking(enrolment) == [(published[0].pk, 1)]
    assert response.redirect_chain[-1][0].endswith("?replace=1#interest-panel")
    assert (
        f"Your 1st choice is already “<bdi>{published[0].title}</bdi>”. Replace it "
        "with this problem?" in html
    )
    assert 'name="replace" value="True"' in html
    assert "Your choice has been saved." not in html


def test_a_confirmed_choice_at_a_taken_rank_replaces_it(
    client, world, student, published
):
    enrolment = world.objects["enrolment"]
    client.force_login(student)

    client.post(
        reverse("teams:interest-set", args=[published[3].pk]),
        {"rank": 1, "replace": "True"},
    )

    assert ranking(enrolment) == [(published[3].pk, 1)]


def test_the_service_refuses_a_taken_rank_unless_told_to_replace(
    world, student, published
):
    enrolment = world.objects["enrolment"]

    with pytest.raises(ValidationError) as refusal:
        services.interest_set(
            enrolment=enrolment, problem=published[3], rank=1, actor=student
        )

    assert refusal.value.code == "rank_taken"
    assert ranking(enrolment) == [(published[0].pk, 1)]
    services.interest_set(
        enrolment=enrolment, problem=published[3], rank=1, actor=student, replace=True
    )
    assert ranking(enrolment) == [(published[3].pk, 1)]


def test_htmx_asks_before_replacing_in_the_panel(client, world, student, published):
    client.force_login(student)

    response = client.post(
        f"/en/choices/add/{published[3].pk}/", {"rank": 1}, HTTP_HX_REQUEST="true"
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Replace it with this problem?" in html
    assert ranking(world.objects["enrolment"]) == [(published[0].pk, 1)]


def test_the_panel_shows_which_ranks_are_taken(client, world, student, published):
    client.force_login(student)

    response = client.get(
        "/en" + reverse("industries:catalogue-detail", args=[published[1].pk])
    )

    panel = response.content.decode()
    panel = panel[panel.index('id="interest-panel"') :]
    assert f"1st choice (now: {published[0].title})" in panel
    assert re.search(
        r'<li value="1">.*1st choice.*' + re.escape(published[0].title), panel, re.S
    )
    assert re.search(r'<li value="2">.*2nd choice.*free', panel, re.S)


def test_my_choices_are_numbered_by_rank_in_persian_digits(
    client, world, student, published
):
    interest = world.objects["interest"]
    interest.rank = 2
    interest.save()
    client.force_login(student)

    english = client.get("/en/choices/").content.decode()
    persian = client.get("/choices/").content.decode()

    assert 'value="2"' in english and "2nd choice" in english
    assert "1st choice" not in english
    assert "list-group-numbered" not in english
    assert "اولویت دوم" in persian


def test_no_choice_is_not_a_numbered_list(client, world, student):
    world.objects["interest"].delete()
    client.force_login(student)

    html = client.get("/en/choices/").content.decode()

    empty = html.index("You have not chosen any problem yet.")
    assert "<ol" not in html[html.index("<main") : empty]


def test_choosing_a_problem_again_moves_it_to_the_new_rank(
    client, world, student, published
):
    enrolment = world.objects["enrolment"]
    client.force_login(student)

    choose(client, published[0], 3)

    assert ranking(enrolment) == [(published[0].pk, 3)]


def test_a_rank_outside_1_to_3_is_refused(client, world, student, published):
    client.force_login(student)

    choose(client, published[1], 4)

    assert ranking(world.objects["enrolment"]) == [(published[0].pk, 1)]


def test_a_student_not_yet_trained_cannot_choose(
    client, world, other_student, published
):
    client.force_login(other_student)

    response = client.post(
        f"/en/choices/add/{published[1].pk}/", {"rank": 2}, follow=True
    )

    assert (
        "Only students who completed the initial training" in response.content.decode()
    )
    assert not Interest.objects.filter(problem=published[1]).exists()


def test_choices_freeze_when_team_formation_starts(client, world, student, published):
    round_ = world.objects["round"]
    round_.status = Round.Status.FORMATION
    round_.save()
    client.force_login(student)

    response = client.post(
        f"/en/choices/add/{published[1].pk}/", {"rank": 2}, follow=True
    )
    removal = client.post(
        f"/en/choices/{world.objects['interest'].pk}/remove/", follow=True
    )

    assert "team formation has started" in response.content.decode()
    assert "team formation has started" in removal.content.decode()
    assert ranking(world.objects["enrolment"]) == [(published[0].pk, 1)]


def test_an_unpublished_problem_cannot_be_chosen(client, world, student):
    client.force_login(student)

    response = choose(client, world.objects["other_problem"], 2)

    assert response.status_code == 404


def test_htmx_gets_the_panel_back_with_the_new_rank(client, world, student, published):
    client.force_login(student)

    response = client.post(
        f"/en/choices/add/{published[1].pk}/", {"rank": 2}, HTTP_HX_REQUEST="true"
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="interest-panel"' in html
    assert "This is your choice number 2." in html
    assert "Your choice has been saved." in html


def test_a_student_removes_a_choice(client, world, student):
    client.force_login(student)

    client.post(reverse("teams:interest-remove", args=[world.objects["interest"].pk]))

    assert not world.objects["enrolment"].interests.exists()
