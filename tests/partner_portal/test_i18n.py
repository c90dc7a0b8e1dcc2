import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import translation

from partner_portal.templatetags.portal import digits, jdate


def test_jdate_is_jalali_with_persian_digits_in_persian():
    with translation.override("fa"):
        assert jdate(datetime.date(2026, 11, 21)) == "۱۴۰۵/۰۸/۳۰"
        assert jdate(datetime.date(2026, 3, 21), "long") == "۱ فروردین ۱۴۰۵"


def test_jdate_is_gregorian_in_english():
    with translation.override("en"):
        assert jdate(datetime.date(2026, 11, 21)) == "21 Nov 2026"
        assert jdate(datetime.date(2026, 11, 1)) == "1 Nov 2026"
        assert jdate(datetime.date(2026, 11, 21), "long") == "21 November 2026"


def test_jdate_shows_datetimes_in_tehran_time():
    moment = datetime.datetime(2026, 11, 20, 21, 0, tzinfo=ZoneInfo("UTC"))

    with translation.override("fa"):
        assert jdate(moment, "datetime") == "۱۴۰۵/۰۸/۳۰، ۰۰:۳۰"
    with translation.override("en"):
        assert jdate(moment, "datetime") == "21 Nov 2026, 00:30"


def test_digits_follow_the_language():
    with translation.override("fa"):
        assert digits(1405) == "۱۴۰۵"
    with translation.override("en"):
        assert digits(1405) == "1405"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "lang", "direction", "text"),
    [
        ("/", "fa", "rtl", "همیار صنعت"),
        ("/en/", "en", "ltr", "Industry Partner"),
    ],
)
def test_landing_page_speaks_the_language_of_its_address(
    client, path, lang, direction, text
):
    response = client.get(path)

    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{lang}" dir="{direction}">' in html
    assert text in html
    expected_css = (
        "bootstrap.rtl.min.css" if direction == "rtl" else "bootstrap.min.css"
    )
    assert expected_css in html


@pytest.mark.django_db
def test_every_page_links_to_itself_in_the_other_language(client):
    persian = client.get(reverse("login") + "?next=/dashboard/").content.decode()
    with translation.override("en"):
        english_login = reverse("login")

    assert f'href="{english_login}?next=/dashboard/"' in persian
    assert english_login.startswith("/en/")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["//evil.example/", "///evil.example/x", "//evil.example/en/"]
)
def test_the_language_switch_of_any_page_stays_on_this_site(client, path):
    # The test client would read //host/ as a host; a server passes it as the path.
    response = client.get("/", {"a": "1"}, PATH_INFO=path)

    switches = re.findall(
        r'href="([^"]*)" lang="\w+" hreflang=', response.content.decode()
    )
    assert response.status_code == 404
    assert switches
    assert all(link.startswith("/") and not link.startswith("//") for link in switches)
