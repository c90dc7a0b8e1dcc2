"""Certificates as their people meet them, in Chromium, in Persian and in English:
the supervisor signs all from the dashboard; the student downloads the bilingual PDF
from theirs; its QR code (read from the rendered page with zbarimg) leads to the
public verification page, which says valid; the office revokes it, and the same page
then says revoked, with the reason."""

import shutil
import subprocess

import pytest
from django.utils import translation
from playwright.sync_api import expect

from certificates.models import Certificate
from certificates.moves import certificate_moves
from placements.models import Placement
from teams.models import Membership, Round, Team
from tests.browser.pages import SCREENSHOT_DIR, screenshot
from tests.browser.test_placement_flow import page_for
from tests.certificates.conftest import complete
from tests.certificates.test_pdf import plain
from tests.factories import (
    EnrolmentFactory,
    ProblemFactory,
    ProfessorFactory,
    RoundFactory,
    UnitFactory,
    UnitManagerFactory,
    UserFactory,
)
from tests.services import REQUIRE_SERVICES

TOOLS = ["pdftoppm", "zbarimg", "pdftotext"]


@pytest.fixture
def tools():
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        message = (
            f"{', '.join(missing)} missing: apt-get install poppler-utils zbar-tools"
        )
        if REQUIRE_SERVICES:
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture
def completed_team(db, live_server, settings):
    """A completed placement of four passing students: four certificates awaiting
    the supervisor's signature. QR codes point at the live server."""
    settings.SITE_URL = live_server.url
    round_ = RoundFactory(status=Round.Status.FORMATION, name_fa="زمستان ۱۴۰۴")
    unit = UnitFactory(name="سوهان و شیرینی گل‌بهار")
    manager = UserFactory(manager=True, full_name="رضا کریمی")
    UnitManagerFactory(unit=unit, user=manager)
    problem = ProblemFactory(
        unit=unit, status="assigned", title="کاهش ضایعات پرس ورق فولادی"
    )
    supervisor = ProfessorFactory(user__full_name="دکتر علی حسینی")
    team = Team.objects.create(
        round=round_, problem=problem, supervisor=supervisor,
        status=Team.Status.CONFIRMED,
    )  # fmt: skip
    enrolments = [EnrolmentFactory(round=round_, status="trained") for _ in range(4)]
    for enrolment in enrolments:
        Membership.objects.create(team=team, enrolment=enrolment)
    placement = complete(Placement.objects.create(team=team))
    return {
        "placement": placement,
        "supervisor": supervisor.user,
        "student": enrolments[0].student.user,
        "iro": UserFactory(iro=True),
    }


def read_qr(pdf_path, tmp_path):
    subprocess.run(  # noqa: S603
        ["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", str(pdf_path),
         str(tmp_path / "page")],
        check=True,
    )  # fmt: skip
    image = next(tmp_path.glob("page*.png"))
    found = subprocess.run(  # noqa: S603
        ["zbarimg", "--quiet", "--raw", str(image)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    return found.stdout.strip(), image


@pytest.mark.parametrize("language", ["fa", "en"])
def test_signed_downloaded_verified_revoked(
    browser, live_server, completed_team, language, tools, tmp_path
):
    prefix = "" if language == "fa" else "/en"
    with translation.override(language):
        revoke_label = str(certificate_moves["revoke"].label)
        valid, revoked = translation.gettext("Valid."), translation.gettext("Revoked.")
        download = translation.gettext("Download the PDF")

    # The supervisor signs all four from the dashboard.
    supervisor = page_for(browser, live_server, completed_team["supervisor"])
    supervisor.goto(f"{live_server.url}{prefix}/dashboard/")
    supervisor.locator("form[action$='/certificates/sign-all/'] button").first.click()
    # Without a broker the four PDFs are rendered within the request (the first
    # rendering of a process loads the fonts): a loaded machine needs more than 5 s.
    expect(supervisor.locator(".alert-success").first).to_be_visible(timeout=60_000)
    screenshot(supervisor, f"flow-certificates-signed-{language}")
    certificates = completed_team["placement"].certificates.all()
    assert [c.status for c in certificates] == [Certificate.Status.ISSUED] * 4

    # The student downloads theirs from the dashboard (on a phone).
    student = page_for(browser, live_server, completed_team["student"], width=390)
    student.goto(f"{live_server.url}{prefix}/dashboard/")
    with student.expect_download() as downloading:
        student.get_by_role("link", name=download).first.click()
    pdf_path = tmp_path / "certificate.pdf"
    downloading.value.save_as(pdf_path)
    assert pdf_path.read_bytes().startswith(b"%PDF-")
    text = subprocess.run(  # noqa: S603
        ["pdftotext", str(pdf_path), "-"], check=True, capture_output=True, text=True
    ).stdout
    mine = Certificate.objects.get(student__user=completed_team["student"])
    assert "certificate of participation" in text.lower()
    # (pdftotext splits the lam-alef ligature backwards; plain() undoes it.)
    assert plain(mine.student_name) in plain(text)

    # Its QR code leads to the verification page, which says valid.
    url, image = read_qr(pdf_path, tmp_path)
    assert url == f"{live_server.url}/verify/{mine.code}/"
    shutil.copy(image, SCREENSHOT_DIR / f"flow-certificate-pdf-{language}.png")
    visitor = browser.new_page()
    visitor.goto(url if language == "fa" else url.replace("/verify/", "/en/verify/"))
    expect(visitor.get_by_text(valid)).to_be_visible()
    expect(visitor.get_by_text(mine.sha256)).to_be_visible()
    screenshot(visitor, f"flow-certificate-valid-{language}")

    # The office revokes it with a reason; the same page then says revoked.
    office = page_for(browser, live_server, completed_team["iro"])
    office.goto(f"{live_server.url}{prefix}{mine.get_absolute_url()}")
    office.locator("textarea[name=note]").fill("گواهی با اطلاعات نادرست صادر شده")
    office.get_by_role("button", name=revoke_label).click()
    expect(office.locator(".alert-success").first).to_be_visible()
    visitor.reload()
    expect(visitor.get_by_text(revoked)).to_be_visible()
    expect(visitor.get_by_text("گواهی با اطلاعات نادرست صادر شده")).to_be_visible()
    screenshot(visitor, f"flow-certificate-revoked-{language}")
    mine.refresh_from_db()
    assert mine.status == Certificate.Status.REVOKED
