"""In Chromium at phone size, by touch: a long list of checkboxes (a problem's fields
of study) is a multi-select one searches typing Persian as people do, with Arabic
ي and ك; what is chosen shows as chips and is saved. Without script the checkboxes
work as they are. A failed form's summary takes the focus and leads to the field."""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from industries.models import ProblemRequest
from partner_portal.models import FieldOfStudy
from partner_portal.text import search_key
from tests.browser.checkers import axe_violations
from tests.browser.pages import screenshot
from tests.browser.test_page_gates import (  # noqa: F401 (html_checker: a fixture)
    DESKTOP,
    PHONE,
    html_checker,
    sign_in,
)

WORDS = {
    "fa": {
        "search": "جستجو در فهرست",
        "nothing": "موردی پیدا نشد.",
        "save": "ذخیره پیش‌نویس",
        "chosen": "انتخاب‌شده: ۱",
        "summary": "لطفاً خطاهای زیر را اصلاح کنید",
    },
    "en": {
        "search": "Filter the list",
        "nothing": "Nothing matches.",
        "save": "Save draft",
        "chosen": "Chosen: 1",
        "summary": "Please correct the errors below",
    },
}
# «طراحی کاربردی» typed on an Arabic keyboard (ي and ك), with a space for the ZWNJ
# nobody types: it finds «مهندسی مکانیک - طراحی کاربردی».
SAVED = re.compile(r"/problems/\d+/$")
TYPED = {"fa": "طراحي كاربردي", "en": "mechanical DESIGN"}


def problem_form(context, live_server, language):
    page = context.new_page()
    with translation.override(language):
        page.goto(live_server.url + reverse("industries:problem-create"))
    return page


def fill_the_rest(page):
    page.locator("#id_title").fill("کاهش ضایعات ورق")
    page.locator("#id_description").fill("شرح مسئله")
    page.locator("#id_duration_weeks").fill("۸")


def phone(browser, **options):
    return browser.new_context(
        viewport=PHONE, has_touch=True, is_mobile=True, **options
    )


@pytest.mark.parametrize("language", ["fa", "en"])
def test_fields_of_study_are_searched_ticked_by_touch_and_saved(
    browser, live_server, world, language
):
    words = WORDS[language]
    wanted = FieldOfStudy.objects.get(slug="applied-design")
    with translation.override(language):
        name = str(wanted)
    context = phone(browser)
    try:
        sign_in(context, live_server, world.person("manager"))
        page = problem_form(context, live_server, language)
        options = page.locator("#div_id_fields_needed .form-check")
        search = page.get_by_role("searchbox", name=words["search"])

        search.fill(TYPED[language])

        expect(options.filter(visible=True)).to_have_count(1)
        option = page.get_by_role("checkbox", name=name)
        option.tap()
        expect(option).to_be_checked()
        chip = page.locator(".multiselect-chip")
        expect(chip).to_have_text(name)
        expect(page.locator(".multiselect-count")).to_have_text(words["chosen"])
        # Rows and chips are big enough to tap.
        assert options.filter(visible=True).bounding_box()["height"] >= 44
        assert chip.bounding_box()["height"] >= 44
        screenshot(page, f"multiselect-searched-{language}-phone")
        page.set_viewport_size(DESKTOP)
        screenshot(page, f"multiselect-searched-{language}-desktop")
        page.set_viewport_size(PHONE)

        search.fill("چیزی که نیست")
        expect(page.get_by_text(words["nothing"])).to_be_hidden()  # the ticked one
        expect(options.filter(visible=True)).to_have_count(1)
        search.fill("")
        fill_the_rest(page)
        page.get_by_role("button", name=words["save"]).tap()

        page.wait_for_url(SAVED)
        problem = ProblemRequest.objects.get(title="کاهش ضایعات ورق")
        assert list(problem.fields_needed.all()) == [wanted]
    finally:
        context.close()


def test_a_chip_unticks_its_choice_and_the_keyboard_reaches_everything(
    browser, live_server, world
):
    context = phone(browser)
    try:
        sign_in(context, live_server, world.person("manager"))
        page = problem_form(context, live_server, "en")
        for name in ("Civil Engineering", "Chemical Engineering"):
            page.get_by_role("checkbox", name=name, exact=True).tap()
        expect(page.locator(".multiselect-count")).to_have_text("Chosen: 2")
        screenshot(page, "multiselect-chosen-en-phone")

        page.get_by_role("button", name="Remove Civil Engineering").tap()

        expect(
            page.get_by_role("checkbox", name="Civil Engineering")
        ).not_to_be_checked()
        expect(page.locator(".multiselect-count")).to_have_text("Chosen: 1")
        remove_chemical = page.get_by_role("button", name="Remove Chemical Engineering")
        expect(remove_chemical).to_be_focused()
        page.keyboard.press("Enter")
        search = page.get_by_role("searchbox", name="Filter the list")
        expect(search).to_be_focused()
        expect(page.locator(".multiselect-count")).to_have_text("Nothing chosen yet.")

        # By keyboard: type, go down into what is left, tick with the space bar;
        # Enter in the search box does not send the form.
        page.keyboard.type("polymer")
        page.keyboard.press("Enter")
        page.keyboard.press("ArrowDown")
        polymer = page.get_by_role("checkbox", name="Polymer Engineering")
        expect(polymer).to_be_focused()
        page.keyboard.press("Space")
        expect(polymer).to_be_checked()
        assert page.url.endswith("/problems/new/")
    finally:
        context.close()


def test_without_script_the_checkboxes_still_work(browser, live_server, world):
    wanted = FieldOfStudy.objects.get(slug="chemical")
    context = phone(browser, java_script_enabled=False)
    try:
        sign_in(context, live_server, world.person("manager"))
        page = problem_form(context, live_server, "fa")
        expect(page.get_by_role("searchbox")).to_have_count(0)

        page.get_by_role("checkbox", name=str(wanted)).tap()
        fill_the_rest(page)
        page.get_by_role("button", name=WORDS["fa"]["save"]).tap()

        page.wait_for_url(SAVED)
        problem = ProblemRequest.objects.get(title="کاهش ضایعات ورق")
        assert list(problem.fields_needed.all()) == [wanted]
    finally:
        context.close()


def test_the_search_compares_what_partner_portal_text_compares(page, live_server):
    """The script's searchKey and partner_portal.text.search_key agree."""
    typed = [
        "كاربردي",  # Arabic kaf and yeh
        "مهندسی‌صنایع",  # ZWNJ
        "مهندسی صنایع",
        "شبكه هاي كامپيوتري",
        "۱۴۰۵ و ١٤٠٥ و 1405",  # Persian, Arabic-Indic and Latin digits
        "مـــهندسی",  # kashida
        "مؤسسهٔ آمار",  # hamza on waw, heh with yeh above, alef with madda
        "Software ENGINEERING",
        "\u202bمتن\u202c",  # direction marks pasted in
    ]
    page.goto(live_server.url + "/")

    keys = page.evaluate("(texts) => texts.map(searchKey)", typed)

    assert keys == [search_key(text) for text in typed]


@pytest.mark.parametrize("language", ["fa", "en"])
def test_a_failed_form_focuses_its_summary_whose_links_lead_to_the_fields(
    browser,
    live_server,
    world,
    html_checker,  # noqa: F811 (the fixture imported above)
    language,
):
    words = WORDS[language]
    context = browser.new_context(viewport=DESKTOP)
    try:
        sign_in(context, live_server, world.person("manager"))
        page = problem_form(context, live_server, language)
        # The browser checks the required text boxes itself; the server, the rest.
        fill_the_rest(page)
        page.locator("#id_duration_weeks").fill("۹۹")
        page.get_by_role("button", name=words["save"]).click()

        summary = page.get_by_role("alert").filter(has_text=words["summary"])
        expect(summary).to_be_focused()
        expect(summary.get_by_role("link")).to_have_count(2)
        # The page as script left it passes the gates every page passes.
        assert axe_violations(page) == []
        assert html_checker.errors(page.content()) == []
        screenshot(page, f"form-error-summary-{language}", full_page=False)
        page.set_viewport_size(PHONE)
        screenshot(page, f"form-error-summary-{language}-phone", full_page=False)

        summary.get_by_role("link").first.click()  # the fields of study
        expect(page.locator("#id_fields_needed_0")).to_be_focused()
        expect(page.locator("#div_id_fields_needed legend")).to_be_in_viewport()
        summary.get_by_role("link").last.click()
        expect(page.locator("#id_duration_weeks")).to_be_focused()
    finally:
        context.close()
