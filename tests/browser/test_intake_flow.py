"""The intake as people do it, in Chromium, once in Persian and once in English:

a student enrols and becomes eligible through attendance; a manager submits a problem
that the office returns; the manager fixes and resubmits it; the office approves it;
it appears in the public catalogue and the student ranks it first.
"""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from partner_portal.models import FieldOfStudy
from teams.models import Enrolment, Interest
from tests.browser.pages import screenshot
from tests.browser.test_page_gates import sign_in
from tests.factories import TrainingSessionFactory

WORDS = {
    "fa": {
        "accept": "پذیرش",
        "save_attendance": "ذخیره حضور و غیاب",
        "submit": "ارسال برای بررسی",
        "return": "بازگرداندن برای اصلاح",
        "approve": "تأیید و انتشار",
        "choose": "انتخاب این مسئله",
        "edit": "ویرایش",
        "resubmit": "ذخیره و ارسال دوباره",
        "returned_banner": "دفتر این مسئله را برای اصلاح بازگردانده است",
        "applied": "ثبت‌نام‌شده",
        "accepted": "پذیرفته‌شده",
        "trained": "آموزش‌دیده (واجد شرایط)",
        "submitted": "ارسال‌شده",
        "returned": "بازگردانده برای اصلاح",
        "approved": "تأییدشده",
        "first_choice": "این مسئله اولویت ۱ شماست.",
        "number": "۴۰۲۵۵۵۵۵۵",
        "year": "۱۴۰۲",
    },
    "en": {
        "accept": "Accept",
        "save_attendance": "Save attendance",
        "submit": "Submit for review",
        "return": "Return for changes",
        "approve": "Approve and publish",
        "choose": "Choose this problem",
        "edit": "Edit",
        "resubmit": "Save and resubmit",
        "returned_banner": "The office returned this problem for changes",
        "applied": "Applied",
        "accepted": "Accepted",
        "trained": "Trained (eligible)",
        "submitted": "Submitted",
        "returned": "Returned for changes",
        "approved": "Approved",
        "first_choice": "This is your choice number 1.",
        "number": "402555555",
        "year": "1402",
    },
}


class Roles:
    """One browser context per person, all logged in at once."""

    def __init__(self, browser, live_server, world, language):
        self.browser, self.live_server, self.world = browser, live_server, world
        self.prefix = "" if language == "fa" else "/en"
        self.pages = {}

    def page(self, persona):
        if persona not in self.pages:
            context = self.browser.new_context(viewport={"width": 1280, "height": 900})
            if persona != "anonymous":
                sign_in(context, self.live_server, self.world.person(persona))
            self.pages[persona] = context.new_page()
        return self.pages[persona]

    def open(self, persona, url_name, **kwargs):
        page = self.page(persona)
        with translation.override("fa"):
            path = reverse(url_name, kwargs=kwargs or None)
        page.goto(f"{self.live_server.url}{self.prefix}{path}")
        return page

    def close(self):
        for page in self.pages.values():
            page.context.close()


def badge(page):
    return page.locator(".page-header .badge")


def enrol_and_train(roles, words, language):
    student = roles.open("fresh_student", "teams:enrol")
    student.locator("[name=student_number]").fill(words["number"])
    student.locator("[name=field]").select_option(
        str(FieldOfStudy.objects.get(slug="mechanical").pk)
    )
    student.locator("[name=level]").select_option("bsc")
    student.locator("[name=entry_year]").fill(words["year"])
    student.locator("[name=weekly_hours]").fill("12")
    student.locator("[name=motivation]").fill("می‌خواهم در صنعت استان کار کنم")
    student.locator("[name=preferred_clusters]").first.check()
    student.locator("form input[type=submit]").click()
    expect(student).to_have_url(re.compile(r"/enrolments/\d+/$"))
    expect(badge(student)).to_have_text(words["applied"])
    enrolment = Enrolment.objects.get(student__user=roles.world.person("fresh_student"))

    office = roles.open("iro", "teams:enrolment-detail", pk=enrolment.pk)
    office.get_by_role("button", name=words["accept"], exact=True).click()
    expect(badge(office)).to_have_text(words["accepted"])

    sessions = [
        roles.world.objects["session"],
        TrainingSessionFactory(round=enrolment.round),
    ]
    for session in sessions:
        office = roles.open("iro", "teams:session-attendance", pk=session.pk)
        office.get_by_label(re.compile(words["number"])).check()
        office.get_by_role("button", name=words["save_attendance"]).click()
        expect(office.locator(".alert-success")).to_be_visible()
    screenshot(office, f"flow-attendance-{language}")

    student.reload()
    expect(badge(student)).to_have_text(words["trained"])
    screenshot(student, f"flow-student-trained-{language}")
    return enrolment


def submit_return_fix_approve(roles, words, language):
    manager = roles.open("manager", "industries:problem-create")
    title = f"بهینه‌سازی مصرف آب ({language})"
    manager.locator("[name=title]").fill(title)
    manager.locator("textarea[name=description]").fill("مصرف آب خط شستشو بالاست.")
    manager.locator("[name=fields_needed]").first.check()
    manager.locator("[name=duration_weeks]").fill("۸")
    manager.locator("form input[type=submit]").click()
    manager.get_by_role("button", name=words["submit"]).click()
    expect(badge(manager)).to_have_text(words["submitted"])
    problem_url = manager.url

    office = roles.page("iro")
    office.goto(problem_url)
    office.locator("[name=note]").fill("هدف کمّی کاهش مصرف را بنویسید")
    office.get_by_role("button", name=words["return"]).click()
    expect(badge(office)).to_have_text(words["returned"])

    manager.goto(problem_url)
    expect(manager.get_by_text("هدف کمّی کاهش مصرف را بنویسید").first).to_be_visible()
    manager.get_by_role("link", name=words["edit"]).click()
    # The office's comment is on top of the form; saving resubmits in one step.
    banner = manager.get_by_role("region", name=words["returned_banner"])
    expect(banner).to_contain_text("هدف کمّی کاهش مصرف را بنویسید")
    screenshot(manager, f"flow-problem-edit-returned-{language}")
    manager.locator("textarea[name=description]").fill(
        "مصرف آب خط شستشو ۳۰٪ بالاتر از استاندارد است."
    )
    manager.get_by_role("button", name=words["resubmit"]).click()
    expect(badge(manager)).to_have_text(words["submitted"])
    screenshot(manager, f"flow-problem-resubmitted-{language}")

    office.goto(problem_url)
    office.get_by_role("button", name=words["approve"]).click()
    expect(badge(office)).to_have_text(words["approved"])
    screenshot(office, f"flow-problem-approved-{language}")
    return title


@pytest.mark.parametrize("language", ["fa", "en"])
def test_intake_from_enrolment_and_problem_to_a_ranked_choice(
    browser, live_server, world, language
):
    words = WORDS[language]
    roles = Roles(browser, live_server, world, language)
    try:
        enrolment = enrol_and_train(roles, words, language)
        title = submit_return_fix_approve(roles, words, language)

        visitor = roles.open("anonymous", "industries:catalogue")
        visitor.get_by_role("link", name=title).click()
        problem_path = visitor.url.removeprefix(live_server.url)

        student = roles.page("fresh_student")
        student.goto(live_server.url + problem_path)
        student.locator("[name=rank]").select_option("1")
        student.get_by_role("button", name=words["choose"]).click()
        expect(student.locator("#interest-panel")).to_contain_text(
            words["first_choice"]
        )
        screenshot(student, f"flow-choice-{language}")
        assert Interest.objects.get(enrolment=enrolment).problem.title == title
    finally:
        roles.close()
