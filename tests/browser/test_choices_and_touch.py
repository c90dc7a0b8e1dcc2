"""In Chromium: a student replaces a choice only after saying yes; the office
ticks a meeting's units by touch on a phone and filters the list by typing."""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from industries.models import ProblemRequest
from tests.browser.pages import screenshot
from tests.browser.test_page_gates import PHONE, sign_in
from tests.factories import ProblemFactory, UnitFactory

WORDS = {
    "fa": {
        "choose": "انتخاب این مسئله",
        "question": "اولویت اول شما اکنون «کاهش ضایعات پرس» است.",
        "replace": "جایگزینی «کاهش ضایعات پرس»",
        "now_first": "این مسئله اولویت ۱ شماست.",
        "filter": "جستجو در فهرست",
    },
    "en": {
        "choose": "Choose this problem",
        "question": "Your 1st choice is already “کاهش ضایعات پرس”.",
        "replace": "Replace “کاهش ضایعات پرس”",
        "now_first": "This is your choice number 1.",
        "filter": "Filter the list",
    },
}


def visit(page, live_server, language, url_name, pk=None):
    with translation.override(language):
        path = reverse(url_name, args=[pk] if pk else None)
    page.goto(live_server.url + path)


@pytest.mark.parametrize("language", ["fa", "en"])
def test_a_taken_rank_is_replaced_only_after_yes(page, live_server, world, language):
    words = WORDS[language]
    enrolment = world.objects["enrolment"]
    newcomer = ProblemFactory(
        title="پایش انرژی کوره", status=ProblemRequest.Status.APPROVED
    )
    sign_in(page.context, live_server, world.person("student"))
    visit(page, live_server, language, "industries:catalogue-detail", newcomer.pk)
    panel = page.locator("#interest-panel")

    page.locator("[name=rank]").select_option("1")
    page.get_by_role("button", name=words["choose"]).click()

    expect(panel).to_contain_text(words["question"])
    assert enrolment.interests.get(rank=1).problem == world.objects["problem"]
    screenshot(page, f"choice-replace-question-{language}")
    page.set_viewport_size(PHONE)
    screenshot(page, f"choice-replace-question-{language}-phone")

    page.get_by_role("button", name=words["replace"]).click()

    expect(panel).to_contain_text(words["now_first"])
    assert enrolment.interests.get(rank=1).problem == newcomer


@pytest.mark.parametrize("language", ["fa", "en"])
def test_meeting_units_are_ticked_by_touch_and_filtered(
    browser, live_server, world, language
):
    UnitFactory(name="کاشی و سرامیک کویر")
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    try:
        sign_in(context, live_server, world.person("iro"))
        page = context.new_page()
        visit(page, live_server, language, "industries:meeting-create")
        unit = world.objects["unit"]

        page.get_by_role("checkbox", name=unit.name).tap()

        expect(page.get_by_role("checkbox", name=unit.name)).to_be_checked()
        # The unit's problems appear (htmx) for choosing.
        expect(page.locator("#div_id_problems")).to_contain_text(
            world.objects["problem"].title
        )
        page.get_by_role("searchbox", name=WORDS[language]["filter"]).fill("كاشي")
        expect(page.get_by_role("checkbox", name="کاشی و سرامیک کویر")).to_be_visible()
        other_unit = page.get_by_role(
            "checkbox", name=world.objects["other_unit"].name, include_hidden=True
        )
        expect(other_unit).to_have_count(1)
        expect(other_unit).to_be_hidden()
        # A ticked unit stays in sight whatever the filter.
        expect(page.get_by_role("checkbox", name=unit.name)).to_be_visible()
        screenshot(page, f"meeting-units-filtered-{language}-phone")
    finally:
        context.close()


def test_the_filter_box_needs_no_inline_script(page, live_server, world):
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    sign_in(page.context, live_server, world.person("iro"))

    visit(page, live_server, "en", "industries:meeting-create")

    expect(page.get_by_role("searchbox", name="Filter the list")).to_be_visible()
    assert not [e for e in errors if re.search("Content.Security.Policy", e)]
