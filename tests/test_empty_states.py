"""What an empty list says, and its "Clear filters" link when filters are active
(templates/partials/empty_state.html, templates/partials/filters.html)."""

import pytest
from django.http import QueryDict
from django.urls import reverse

from industries.models import IndustrialArea, ProblemRequest
from partner_portal.templatetags.portal import filters_active
from tests import factories

pytestmark = pytest.mark.django_db

CLEAR = "Clear filters"


def page(client, person, url):
    client.force_login(person)
    response = client.get("/en" + url)
    assert response.status_code == 200
    return response.text


def clear_links(html, list_url):
    icon = '<span class="bi" aria-hidden="true"><svg><use href="/static/'
    return html.count(f'href="/en{list_url}">{icon}build/icons.svg#x-circle"')


@pytest.mark.parametrize(
    ("query", "active"),
    [
        ("", False),
        ("page=2&order=name", False),
        ("q=&status=", False),
        ("q=%20", False),
        ("q=x", True),
        ("status=draft&page=2", True),
        ("overdue=on", True),
    ],
)
def test_filters_are_active_when_one_narrows_the_list(query, active):
    assert filters_active(QueryDict(query)) is active


def test_a_search_that_finds_nothing_says_so_and_offers_to_clear_it(client, world, iro):
    url = reverse("industries:unit-list")

    html = page(client, iro, url + "?q=nothing-like-this")

    assert "No unit matches these filters." in html
    assert "Try other filters" in html
    # One link under the filters, one in the empty list.
    assert clear_links(html, url) == 2
    assert "Register a unit" not in html.split("empty-state")[1]


def test_a_list_with_rows_offers_to_clear_its_filters_only_when_filtered(
    client, world, iro
):
    url = reverse("industries:unit-list")

    filtered = page(client, iro, url + "?q=" + world.objects["unit"].name)
    paged = page(client, iro, url + "?page=1")

    assert clear_links(filtered, url) == 1
    assert CLEAR not in paged


def test_an_empty_list_without_filters_says_what_to_do_next(client):
    newcomer = factories.UserFactory(manager=True)
    url = reverse("industries:unit-list")

    html = page(client, newcomer, url)

    assert "You do not manage any unit yet." in html
    assert "Ask the office to add you as a manager of your unit." in html
    assert CLEAR not in html


def test_a_board_filtered_to_nothing_offers_to_clear_the_filters(client, world, iro):
    empty_area = IndustrialArea.objects.exclude(units__isnull=False).first()
    url = reverse("placements:board")

    html = page(client, iro, url + f"?area={empty_area.pk}")

    assert "No placement matches these filters." in html
    assert clear_links(html, url) == 2


def test_a_student_without_certificates_is_told_how_they_come(client, world):
    html = page(client, world.person("student"), reverse("certificates:certificates"))

    assert "You have no certificate yet." in html
    assert CLEAR not in html


def test_a_professor_search_that_finds_nothing_offers_to_clear_it(client, world, iro):
    url = reverse("teams:professor-list")

    html = page(client, iro, url + "?q=nobody-by-this-name")

    assert "No professor matches this search." in html
    assert clear_links(html, url) == 2


def test_the_review_queue_when_nothing_waits_offers_every_status(client, world, iro):
    ProblemRequest.objects.filter(status=ProblemRequest.Status.SUBMITTED).update(
        status=ProblemRequest.Status.APPROVED
    )

    html = page(client, iro, reverse("industries:problem-list"))

    assert "No problem is waiting for review." in html
    assert 'href="?status="' in html
    assert CLEAR not in html
