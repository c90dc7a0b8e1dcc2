"""A placement from dispatch to completion as its people make it, in Chromium, in
Persian and in English: the office dispatches the team from its dashboard; the
manager sets the site visit; a student (on a phone) writes the findings, uploads the
assessment report and drafts a proposal with its plan; the supervisor submits it;
the manager selects it; the student reports a milestone done and the manager
confirms it, evaluates the team; the supervisor grades; the manager signs the
completion. Every step shows on the placement's timeline."""

import datetime

import jdatetime
import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from partner_portal.i18n import persian_digits
from placements.models import Milestone, Placement
from placements.moves import milestone_moves, placement_moves
from teams.models import Membership, Round, Team
from tests.browser.pages import screenshot
from tests.browser.test_page_gates import sign_in
from tests.documents import pdf
from tests.factories import (
    EnrolmentFactory,
    ProblemFactory,
    ProfessorFactory,
    RoundFactory,
    UnitFactory,
    UnitManagerFactory,
    UserFactory,
)


@pytest.fixture
def cast(db):
    """A confirmed team of four at a unit, its supervisor, the unit's manager and
    the office."""
    round_ = RoundFactory(status=Round.Status.FORMATION)
    unit = UnitFactory(name="لوازم خانگی پارس قم")
    manager = UserFactory(manager=True, full_name="رضا کریمی")
    UnitManagerFactory(unit=unit, user=manager)
    problem = ProblemFactory(unit=unit, status="assigned", title="کاهش لرزش خط مونتاژ")
    supervisor = ProfessorFactory(user__full_name="دکتر علی حسینی")
    team = Team.objects.create(
        round=round_, problem=problem, supervisor=supervisor,
        status=Team.Status.CONFIRMED,
    )  # fmt: skip
    enrolments = [EnrolmentFactory(round=round_, status="trained") for _ in range(4)]
    for enrolment in enrolments:
        Membership.objects.create(team=team, enrolment=enrolment)
    return {
        "team": team,
        "manager": manager,
        "supervisor": supervisor.user,
        "student": enrolments[0].student.user,
        "iro": UserFactory(iro=True),
    }


def words(language):
    """The labels of the buttons, as the page shows them in ``language``."""
    labels = {
        "dispatch": "Dispatch",
        "set visit": "Set the visit",
        "save findings": "Save the findings",
        "upload": "Upload",
        "write proposal": "Write a proposal",
        "save proposal": "Save the proposal",
        "report": "Report it done",
        "save evaluation": "Save the evaluation",
        "save grades": "Save the grades",
        "sign": "Sign completion",
    }
    with translation.override(language):
        shown = {key: translation.gettext(text) for key, text in labels.items()}
        for name in ("propose", "submit"):
            shown[name] = str(placement_moves[name].label)
        shown["select"] = translation.gettext("Select this proposal")
        shown["confirm"] = str(milestone_moves["confirm"].label)
    return shown


def page_for(browser, live_server, person, width=1280):
    context = browser.new_context(viewport={"width": width, "height": 900})
    sign_in(context, live_server, person)
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    return page


def typed(text, language):
    """Digits as a Persian user types them (Persian digits), or Latin ones."""
    return persian_digits(text) if language == "fa" else text


def stage_of(placement):
    placement.refresh_from_db()
    return placement.status


@pytest.mark.parametrize("language", ["fa", "en"])
def test_a_placement_from_dispatch_to_completion(browser, live_server, cast, language):
    say = words(language)
    prefix = "" if language == "fa" else "/en"
    team = cast["team"]

    # The office dispatches the confirmed team from its dashboard.
    office = page_for(browser, live_server, cast["iro"])
    office.goto(f"{live_server.url}{prefix}/dashboard/iro/")
    office.get_by_role("button", name=say["dispatch"], exact=True).click()
    placement = Placement.objects.get(team=team)
    expect(office).to_have_url(f"{live_server.url}{prefix}/placements/{placement.pk}/")
    url = office.url

    # The manager sets the first site visit: the assessment begins.
    manager = page_for(browser, live_server, cast["manager"])
    manager.goto(url)
    when = jdatetime.datetime.fromgregorian(
        datetime=timezone.localtime() + datetime.timedelta(days=2)
    )
    manager.fill("[name=starts_at]", typed(when.strftime("%Y/%m/%d 10:30"), language))
    manager.fill("[name=place]", "سالن تولید")
    manager.fill("[name=attendees]", "اعضای تیم\nسرپرست تولید")
    manager.get_by_role("button", name=say["set visit"]).click()
    expect(manager.locator("#visits-heading + article")).to_be_visible()
    assert stage_of(placement) == Placement.Status.ASSESSMENT

    # A student, on a phone: findings, the assessment report, then proposals.
    student = page_for(browser, live_server, cast["student"], width=390)
    student.goto(url)
    visit = placement.visits.get()
    student.fill(f"[name=visit-{visit.pk}-findings]", "ایستگاه ۳ گلوگاه است.")
    student.get_by_role("button", name=say["save findings"]).click()
    expect(student.locator("main")).to_contain_text("ایستگاه ۳ گلوگاه است.")
    student.select_option("[name=kind]", "assessment")
    student.fill("[name=title]", "گزارش ارزیابی")
    student.set_input_files(
        "[name=file]",
        {"name": "report.pdf", "mimeType": "application/pdf", "buffer": pdf()},
    )
    student.get_by_role("button", name=say["upload"], exact=True).click()
    expect(student.locator("#documents-heading + ul")).to_contain_text("گزارش ارزیابی")
    student.get_by_role("button", name=say["propose"]).click()
    expect(student.get_by_role("link", name=say["write proposal"])).to_be_visible()
    assert stage_of(placement) == Placement.Status.PROPOSAL
    screenshot(student, f"flow-placement-assessed-{language}-phone")

    student.get_by_role("link", name=say["write proposal"]).click()
    student.fill("[name=title]", "اصلاح روش تعویض قالب")
    student.fill("[name=summary]", "کاهش زمان تعویض قالب")
    student.fill("[name=approach]", "SMED و استانداردسازی")
    student.fill("[name=estimated_cost]", typed("420000000", language))
    student.fill("[name=duration_weeks]", typed("10", language))
    student.fill("[name=resources_needed]", "دو روز توقف خط")
    student.fill("[name=plan-0-title]", "اندازه‌گیری وضع موجود")
    student.fill("[name=plan-0-deliverable]", "گزارش داده‌ها")
    student.fill("[name=plan-0-weeks]", typed("2", language))
    student.get_by_role("button", name=say["save proposal"]).click()
    expect(student).to_have_url(url)
    proposal = placement.proposals.get()
    assert (proposal.estimated_cost, proposal.duration_weeks) == (420_000_000, 10)

    # The supervisor, from the dashboard, submits the proposals to the manager.
    supervisor = page_for(browser, live_server, cast["supervisor"])
    supervisor.goto(f"{live_server.url}{prefix}/dashboard/professor/")
    supervisor.get_by_role("link", name=team.problem.title).first.click()
    supervisor.get_by_role("button", name=say["submit"]).click()
    expect(supervisor.get_by_role("button", name=say["submit"])).to_have_count(0)
    assert stage_of(placement) == Placement.Status.SELECTION

    # The manager selects it: the plan's weeks become dates.
    manager.goto(url)
    manager.check(f"[name=proposal][value='{proposal.pk}']")
    manager.fill("[name=rationale]", "کم‌هزینه‌تر است.")
    manager.get_by_role("button", name=say["select"]).click()
    expect(manager.locator("#milestones-heading")).to_be_visible()
    assert stage_of(placement) == Placement.Status.EXECUTION
    milestone = Milestone.objects.get(proposal=proposal)
    assert milestone.due_on == timezone.localdate() + datetime.timedelta(weeks=2)

    # The student reports the milestone done; the manager confirms it.
    student.goto(url)
    student.fill(f"[name=milestone-{milestone.pk}-note]", "اندازه‌گیری انجام شد.")
    student.get_by_role("button", name=say["report"]).click()
    expect(student.locator(f"#milestone-{milestone.pk}")).to_contain_text(
        "اندازه‌گیری انجام شد."
    )
    manager.goto(url)
    manager.get_by_role("button", name=say["confirm"]).click()
    expect(manager.get_by_role("button", name=say["confirm"])).to_have_count(0)
    milestone.refresh_from_db()
    assert milestone.status == Milestone.Status.CONFIRMED

    # The manager evaluates the team, the supervisor grades its students.
    for field in ("quality", "timeliness", "communication"):
        manager.select_option(f"[name={field}]", "5")
    manager.get_by_role("button", name=say["save evaluation"]).click()
    expect(manager.locator("#evaluation-heading")).to_be_visible()
    supervisor.goto(url)
    for membership in team.memberships.all():
        grade = f"grade-{membership.enrolment_id}"
        supervisor.fill(f"[name={grade}-score]", typed("18", language))
        supervisor.fill(f"[name={grade}-hours]", typed("160", language))
    supervisor.get_by_role("button", name=say["save grades"]).click()
    expect(supervisor.locator("#evaluation-heading")).to_be_visible()
    assert placement.grades.filter(score=18, hours=160, passed=True).count() == 4

    # The manager signs the completion (after the confirmation dialog).
    manager.goto(url)
    manager.get_by_role("button", name=say["sign"]).click()
    expect(manager.get_by_role("button", name=say["sign"])).to_have_count(0)
    assert stage_of(placement) == Placement.Status.COMPLETED
    team.refresh_from_db()
    assert team.status == Team.Status.COMPLETED

    # Everyone reads the whole path on the timeline.
    with translation.override(language):
        stages = [
            str(Placement.Status(stage).label)
            for stage in ("assessment", "proposal", "selection", "execution",
                          "completed")
        ]  # fmt: skip
    student.goto(url)
    trail = student.locator("ol.timeline")
    for label in stages:
        expect(trail).to_contain_text(label)
    screenshot(student, f"flow-placement-completed-{language}-phone")
    manager.set_viewport_size({"width": 1280, "height": 900})
    screenshot(manager, f"flow-placement-completed-{language}-desktop")
