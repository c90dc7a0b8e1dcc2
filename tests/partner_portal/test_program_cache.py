"""What is cached from the program's data (partner_portal/caching.py): a list's row
count and filter form, the landing page's figures — served from the cache while
nothing changes, counted afresh as soon as something does."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def cache_on(settings):
    settings.PORTAL = {**settings.PORTAL, "FIGURES_CACHE_SECONDS": 300}


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(captured)


def test_a_list_counts_and_draws_its_filters_once_per_change(cache_on, client, world):
    client.force_login(world.person("iro"))
    url = reverse("industries:unit-list")
    first, cold = queries(client, url)
    second, warm = queries(client, url)
    assert warm < cold  # the count and the filter form's options came from the cache
    assert second.context["paginator"].count == first.context["paginator"].count
    html = second.content.decode()
    assert 'id="filters"' in html

    factories.UnitFactory(name="واحد تازه")
    third, _ = queries(client, url)
    assert third.context["paginator"].count == first.context["paginator"].count + 1


def test_the_landing_figures_change_as_soon_as_the_program_does(
    cache_on, client, world
):
    def units():
        response = client.get(reverse("landing"))
        return next(
            data["units"] for _t, data in response.context["panels"] if "units" in data
        )

    before = units()
    assert units() == before
    factories.UnitFactory(name="واحد دیگر")
    assert units() == before + 1
