"""Team formation as people do it, in Chromium, in Persian and in English: the office
suggests teams, moves a student, confirms a team; its professor accepts from the
dashboard; a student of the team and the unit's manager see it — desktop and
phone."""

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from partner_portal.models import FieldOfStudy
from teams.models import Round, Team
from tests.browser.pages import screenshot
from tests.browser.test_page_gates import sign_in
from tests.factories import (
    EnrolmentFactory,
    InterestFactory,
    ProblemFactory,
    ProfessorFactory,
    RoundFactory,
    UnitFactory,
    UnitManagerFactory,
    UserFactory,
)

WORDS = {
    "fa": {
        "suggest": "پیشنهاد تیم‌ها",
        "move": "جابه‌جا کن",
        "confirm": "تأیید و درخواست از استاد",
        "accept": "پذیرش سرپرستی",
        "confirmed": "تأییدشده",
    },
    "en": {
        "suggest": "Suggest teams",
        "move": "Move",
        "confirm": "Confirm and ask the supervisor",
        "accept": "Accept supervision",
        "confirmed": "Confirmed",
    },
}


@pytest.fixture
def forming(db):
    """Nine trained students, two problems of one unit, two professors."""
    round_ = RoundFactory(status=Round.Status.FORMATION, name_en="Summer 1405",
                          name_fa="تابستان ۱۴۰۵")  # fmt: skip
    unit = UnitFactory(name="لوازم خانگی پارس قم")
    manager = UserFactory(manager=True)
    UnitManagerFactory(unit=unit, user=manager)
    mechanical = FieldOfStudy.objects.get(slug="mechanical")
    electrical = FieldOfStudy.objects.get(slug="electrical")
    press = ProblemFactory(
        unit=unit, status="approved", desired_team_size=5, title="کاهش ضایعات پرس",
        fields_needed=[mechanical],
    )  # fmt: skip
    motors = ProblemFactory(
        unit=unit, status="approved", desired_team_size=4, title="پایش موتورها",
        fields_needed=[electrical],
    )  # fmt: skip
    students = []
    for _ in range(5):
        enrolment = EnrolmentFactory(round=round_, status="trained",
                                     student__field=mechanical)  # fmt: skip
        InterestFactory(enrolment=enrolment, problem=press, rank=1)
        students.append(enrolment)
    for _ in range(4):
        students.append(
            EnrolmentFactory(round=round_, status="trained", student__field=electrical)
        )
    professors = []
    for field in (mechanical, electrical):
        professor = ProfessorFactory(capacity=1)
        professor.expertise.set([field])
        professors.append(professor)
    return {"round": round_, "press": press, "motors": motors, "manager": manager,
            "students": students, "professors": professors,
            "iro": UserFactory(iro=True)}  # fmt: skip


def page_for(browser, live_server, person, width=1280):
    context = browser.new_context(viewport={"width": width, "height": 900})
    sign_in(context, live_server, person)
    return context.new_page()


@pytest.mark.parametrize("language", ["fa", "en"])
def test_office_forms_a_team_its_professor_accepts_and_everyone_sees_it(
    browser, live_server, forming, language
):
    words = WORDS[language]
    prefix = "" if language == "fa" else "/en"
    with translation.override(language):
        workspace = reverse("teams:formation", args=[forming["round"].pk])
    office = page_for(browser, live_server, forming["iro"])

    office.goto(live_server.url + workspace)
    office.get_by_role("button", name=words["suggest"]).click()
    expect(office.locator(".team-card")).to_have_count(2)
    press = Team.objects.get(problem=forming["press"])
    motors = Team.objects.get(problem=forming["motors"])
    # Move a mechanical student out of the full press team into the motors team
    # (which has a free seat once one of its members leaves).
    leaving = motors.memberships.current().first().enrolment
    motors_card = office.locator(".team-card", has_text="پایش موتورها")
    motors_card.locator("form[action*='members/remove'] button").first.click()
    expect(motors_card.locator("form[action*='members/remove']")).to_have_count(3)
    moving = press.memberships.current().first().enrolment
    office.locator("#move-student").select_option(str(moving.pk))
    office.locator("#move-team").select_option(str(motors.pk))
    office.get_by_role("button", name=words["move"], exact=True).click()
    expect(motors_card.locator("form[action*='members/remove']")).to_have_count(4)
    screenshot(office, f"flow-formation-{language}-desktop")
    office.set_viewport_size({"width": 390, "height": 844})
    screenshot(office, f"flow-formation-{language}-phone")
    office.set_viewport_size({"width": 1280, "height": 900})
    motors_card.get_by_role("button", name=words["confirm"]).click()
    expect(office.locator("main")).to_contain_text(words["confirm"][:4])
    motors.refresh_from_db()
    assert motors.status == Team.Status.FORMING
    assert motors.memberships.current().filter(enrolment=moving).exists()
    assert not motors.memberships.current().filter(enrolment=leaving).exists()

    professor = page_for(browser, live_server, motors.supervisor.user)
    professor.goto(f"{live_server.url}{prefix}/dashboard/professor/")
    professor.get_by_role("button", name=words["accept"]).click()
    motors.refresh_from_db()
    assert motors.status == Team.Status.CONFIRMED

    member = page_for(browser, live_server, moving.student.user, width=390)
    member.goto(f"{live_server.url}{prefix}/dashboard/student/")
    member.get_by_role("link", name="پایش موتورها").first.click()
    expect(member.locator("main")).to_contain_text(motors.supervisor.user.full_name)
    expect(member.locator("main")).to_contain_text(words["confirmed"])
    screenshot(member, f"flow-team-student-{language}-phone")

    unit = page_for(browser, live_server, forming["manager"])
    unit.goto(f"{live_server.url}{prefix}/dashboard/manager/")
    unit.get_by_role("link", name="پایش موتورها").first.click()
    expect(unit.locator("main")).to_contain_text(moving.student.user.full_name)
    screenshot(unit, f"flow-team-manager-{language}-desktop")
