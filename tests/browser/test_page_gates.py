"""Every page of tests/browser/page_list.py, in Persian and English, as Chromium sees
it: no serious or critical accessibility violation (axe-core, WCAG 2.1 AA), no HTML
error (Nu HTML checker), no console error (which includes Content-Security-Policy
violations), no inline script. Screenshots at desktop and phone width land in
screenshots/."""

import json

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.browser.checkers import HtmlChecker, axe_violations
from tests.browser.page_list import PAGES
from tests.browser.pages import screenshot
from tests.url_walk import url_patterns

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="session")
def html_checker():
    checker = HtmlChecker()
    yield checker
    checker.stop()


def sign_in(context, live_server, person):
    """Give the browser a session for ``person`` without going through the form."""
    client = Client()
    client.force_login(person)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def page_url(spec, world, language):
    kwargs = None
    if spec.object_name:
        pattern = url_patterns()[spec.url_name]
        kwargs = world.url_kwargs(spec.object_name, list(pattern.pattern.converters))
    with translation.override(language):
        return reverse(spec.url_name, kwargs=kwargs)


@pytest.mark.parametrize("spec", PAGES, ids=lambda spec: spec.name)
def test_page_passes_the_browser_gates(
    page, live_server, full_world, html_checker, spec
):
    world = full_world
    person = world.person(spec.persona)
    if person is not None:
        sign_in(page.context, live_server, person)
    console_errors = []
    page.on(
        "console",
        lambda message: (
            console_errors.append(message.text) if message.type == "error" else None
        ),
    )
    page.on(
        "response",
        lambda response: (
            console_errors.append(f"{response.status} {response.url}")
            if response.status >= 400
            else None
        ),
    )

    for language in ("fa", "en"):
        page.set_viewport_size(DESKTOP)
        response = page.goto(live_server.url + page_url(spec, world, language))
        assert response.status == 200, f"{spec.name} ({language}): {response.status}"
        page.wait_for_load_state("networkidle")

        violations = axe_violations(page)
        html_errors = html_checker.errors(response.text())
        inline_scripts = page.evaluate(
            "[...document.scripts].filter(s => !s.src && s.type !== 'application/json')"
            ".length"
        )
        screenshot(page, f"{spec.name}-{language}-desktop")
        page.set_viewport_size(PHONE)
        screenshot(page, f"{spec.name}-{language}-phone")

        where = f"{spec.name} ({language})"
        assert violations == [], f"{where}: {json.dumps(violations, indent=1)}"
        assert html_errors == [], f"{where}: {html_errors}"
        assert inline_scripts == 0, f"{where}: inline <script> found"
    assert console_errors == [], f"{spec.name}: {console_errors}"
