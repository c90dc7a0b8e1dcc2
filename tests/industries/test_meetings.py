import re

import pytest
from django.urls import reverse

from industries.models import Meeting, ProblemRequest
from tests.factories import MeetingFactory, ProblemFactory

pytestmark = pytest.mark.django_db


def meeting_data(world, **overrides):
    return {
        "held_at": "۱۴۰۵/۰۸/۲۰ ۱۰:۰۰",
        "place": "دفتر ارتباط با صنعت",
        "units": [world.objects["unit"].pk],
        "problems": [world.objects["problem"].pk],
        "attendees": "مریم رستمی\nرضا کریمی",
        "minutes": "بررسی نیازها",
        "decisions": "اعزام تیم",
        **overrides,
    }


def test_iro_records_a_meeting_with_units_and_their_problems(client, world, iro):
    client.force_login(iro)

    client.post(reverse("industries:meeting-create"), meeting_data(world))

    meeting = Meeting.objects.get(minutes="بررسی نیازها")
    assert list(meeting.problems.all()) == [world.objects["problem"]]
    assert meeting.recorded_by == iro
    assert meeting.attendee_list == ["مریم رستمی", "رضا کریمی"]


def test_a_problem_of_a_unit_not_in_the_meeting_is_refused(client, world, iro):
    client.force_login(iro)

    response = client.post(
        "/en/meetings/new/",
        meeting_data(world, problems=[world.objects["other_problem"].pk]),
    )

    assert "problems" in response.context["form"].errors
    assert not Meeting.objects.filter(minutes="بررسی نیازها").exists()


def test_the_problem_choices_follow_the_chosen_units(client, world, iro):
    client.force_login(iro)

    response = client.get(
        reverse("industries:meeting-problem-choices"),
        {"units": [world.objects["other_unit"].pk]},
        HTTP_HX_REQUEST="true",
    )

    html = response.content.decode()
    assert world.objects["other_problem"].title in html
    assert world.objects["problem"].title not in html


def test_managers_read_the_meetings_of_their_units_only(client, world, manager):
    client.force_login(manager)

    listing = client.get(reverse("industries:meeting-list"))
    other = client.get(world.objects["other_meeting"].get_absolute_url())

    assert list(listing.context["page_obj"]) == [world.objects["meeting"]]
    assert other.status_code == 404


def test_a_manager_reads_only_published_problems_of_the_other_units_at_a_meeting(
    client, world, manager
):
    own, other = world.objects["unit"], world.objects["other_unit"]
    hidden = [
        ProblemFactory(unit=other, title=f"مسئله پنهان {status}", status=status)
        for status in (
            ProblemRequest.Status.SUBMITTED,
            ProblemRequest.Status.RETURNED,
            ProblemRequest.Status.REJECTED,
        )
    ]
    published = ProblemFactory(
        unit=other, title="مسئله منتشرشده", status=ProblemRequest.Status.APPROVED
    )
    own_submitted = ProblemFactory(
        unit=own, title="مسئله خود واحد", status=ProblemRequest.Status.SUBMITTED
    )
    meeting = MeetingFactory(units=[own, other])
    meeting.problems.set([*hidden, published, own_submitted])
    client.force_login(manager)

    html = client.get(reverse("industries:meeting-detail", args=[meeting.pk])).content
    html = html.decode()

    assert "مسئله منتشرشده" in html
    assert "مسئله خود واحد" in html
    assert not [p.title for p in hidden if p.title in html]


BAD_IDS = ["²", "①", "9" * 5000, str(2**63), str(2**64 + 1), "-1", "0", "1e3"]


@pytest.mark.parametrize("bad", BAD_IDS, ids=lambda bad: bad[:12])
def test_the_problem_choices_ignore_ids_no_database_holds(client, world, iro, bad):
    client.force_login(iro)

    response = client.get(
        reverse("industries:meeting-problem-choices"),
        {"units": [bad, world.objects["unit"].pk]},
    )

    assert response.status_code == 200
    assert world.objects["problem"].title in response.content.decode()


@pytest.mark.parametrize("bad", BAD_IDS, ids=lambda bad: bad[:12])
def test_a_meeting_with_an_impossible_unit_id_is_a_form_error(client, world, iro, bad):
    client.force_login(iro)

    response = client.post(
        "/en/meetings/new/", meeting_data(world, units=[bad], problems=[bad])
    )

    assert response.status_code == 200
    assert "units" in response.context["form"].errors
    assert not Meeting.objects.filter(minutes="بررسی نیازها").exists()


def test_empty_minutes_and_decisions_say_so(client, world, iro):
    meeting = MeetingFactory(units=[world.objects["unit"]], minutes="", decisions="")
    client.force_login(iro)

    html = client.get(
        "/en" + reverse("industries:meeting-detail", args=[meeting.pk])
    ).content.decode()

    assert "No minutes recorded yet." in html
    assert "No decisions recorded yet." in html


def test_units_are_ticked_not_ctrl_clicked(client, world, iro):
    """Checkboxes work by touch; a multiple <select> needs Ctrl-click."""
    client.force_login(iro)

    html = client.get("/en" + reverse("industries:meeting-create")).content.decode()

    unit = world.objects["unit"]
    assert '<select name="units"' not in html
    assert "Ctrl" not in html
    assert re.search(
        r'<input type="checkbox" class="form-check-input" name="units" '
        rf'value="{unit.pk}" id="id_units_\d+">',
        html,
    )
    assert 'data-search-label="Filter the list"' in html
    assert 'data-hx-include="[name=units]"' in html


def test_ticked_units_are_kept_when_the_form_comes_back(client, world, iro):
    client.force_login(iro)

    response = client.post(
        "/en" + reverse("industries:meeting-create"),
        meeting_data(world, place=""),
    )

    unit = world.objects["unit"]
    assert re.search(
        rf'value="{unit.pk}" id="id_units_\d+" checked>', (response.content.decode())
    )
