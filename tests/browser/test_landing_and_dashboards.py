"""The portal as a person sees it in Chromium, in both languages."""

import re

import pytest
from django.core.management import call_command
from django.test import override_settings
from playwright.sync_api import expect

from partner_portal.demo import DEMO_PASSWORD, DEMO_USERS
from tests.browser.pages import log_in, screenshot

DEMO_ROLES = {
    "iro@example.org": "iro",
    "professor@example.org": "professor",
    "manager@example.org": "manager",
    "student@example.org": "student",
}


@pytest.mark.parametrize(
    ("prefix", "lang", "direction", "heading"),
    [
        ("", "fa", "rtl", "همیار صنعت"),
        ("/en", "en", "ltr", "Industry Partner"),
    ],
)
def test_landing_page_reads_in_persian_and_english(
    page, live_server, prefix, lang, direction, heading
):
    page.goto(f"{live_server.url}{prefix}/")

    html = page.locator("html")
    expect(html).to_have_attribute("lang", lang)
    expect(html).to_have_attribute("dir", direction)
    expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
    # The stylesheet and the font really loaded (no CDN: served by the portal).
    font = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert font.startswith("Vazirmatn")
    assert page.evaluate("document.fonts.check('16px Vazirmatn')")
    screenshot(page, f"landing-{lang}")


def test_language_switcher_keeps_the_page(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")

    page.get_by_role("link", name="English").click()

    expect(page).to_have_url(re.compile(r"/en/accounts/login/$"))
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    page.get_by_role("link", name="فارسی").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")


@pytest.mark.parametrize(("lang", "prefix"), [("fa", ""), ("en", "/en")])
def test_every_demo_role_logs_in_and_sees_its_dashboard(
    page, live_server, lang, prefix
):
    with override_settings(DEBUG=True):  # seed_demo refuses to run without it
        call_command("seed_demo", quiet_logins=True)

    for email, _name, _flags in DEMO_USERS:
        role = DEMO_ROLES[email]
        log_in(page, live_server.url + prefix, email, DEMO_PASSWORD)
        expect(page).to_have_url(re.compile(rf"{prefix}/dashboard/{role}/$"))
        expect(page.locator("[data-role]")).to_have_attribute("data-role", role)
        screenshot(page, f"dashboard-{role}-{lang}")
        page.context.clear_cookies()


def test_phone_width_menu_opens(page, live_server):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/en/")

    login_link = page.get_by_role("link", name="Log in")
    expect(login_link).to_be_hidden()
    page.get_by_role("button", name="Toggle navigation").click()
    expect(login_link).to_be_visible()
    # The screenshot waits for the menu's opening animation to end.
    expect(page.locator("#portal-nav.show:not(.collapsing)")).to_be_visible()
    screenshot(page, "landing-en-phone-menu")
