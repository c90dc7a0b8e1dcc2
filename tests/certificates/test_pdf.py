"""The certificate PDF as a reader gets it: rendered for real by WeasyPrint, then read
back with poppler (pdfinfo, pdftotext, pdftoppm) and the QR code decoded by zbarimg.

Without those tools the tests are skipped, with PORTAL_REQUIRE_SERVICES=1 they fail
(apt-get install poppler-utils zbar-tools)."""

import re
import shutil
import subprocess
import unicodedata

import pytest

from certificates import pdf
from partner_portal.i18n import persian_digits
from tests.services import REQUIRE_SERVICES

pytestmark = pytest.mark.django_db

TOOLS = {
    "pdfinfo": "poppler-utils",
    "pdftotext": "poppler-utils",
    "pdftoppm": "poppler-utils",
    "pdffonts": "poppler-utils",
    "zbarimg": "zbar-tools",
}
MAX_BYTES = 60 * 1024
MM = 72 / 25.4
# A4 landscape in points, and the top of the footer (signature, QR code, code): the
# bottom 51 mm of the page. The statement must end above it, not be clipped there.
A4_LANDSCAPE = (297 * MM, 210 * MM)
FOOTER_TOP = (210 - 51) * MM


@pytest.fixture(scope="module", autouse=True)
def poppler_and_zbar():
    missing = sorted(
        {package for tool, package in TOOLS.items() if shutil.which(tool) is None}
    )
    if missing:
        message = f"reading PDFs back needs {', '.join(missing)} (apt-get install)"
        if REQUIRE_SERVICES:
            pytest.fail(message)
        pytest.skip(message)


def run(*args):
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout  # noqa: S603


def write(tmp_path, data, name="certificate.pdf"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def page_sizes(path):
    info = run("pdfinfo", "-f", "1", "-l", "1000", str(path))
    pages = int(re.search(r"^Pages:\s+(\d+)$", info, re.M).group(1))
    sizes = [
        (float(w), float(h))
        for w, h in re.findall(
            r"^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info, re.M
        )
    ]
    return pages, sizes


# pdftotext gives Persian back in logical order but with bidi controls around runs,
# without zero-width non-joiners, with marks such as hamza moved, and the lam-alef
# ligature as alef-lam: compare text with all of that (and all spaces) taken out.
_DROP = dict.fromkeys(
    [0x200C, 0x200D, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
)


def plain(text):
    text = unicodedata.normalize("NFC", text).translate(_DROP)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return re.sub(r"\s+", "", text).replace("لا", "ال")


def page_text(path, page):
    return run("pdftotext", "-f", str(page), "-l", str(page), str(path), "-")


def words(path, page):
    """(word, yMin, yMax) of a page, in points from the top, as laid out."""
    html = run("pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(path), "-")
    return [
        (unicodedata.normalize("NFC", word).translate(_DROP), float(y0), float(y1))
        for y0, y1, word in re.findall(
            r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">(.*?)'
            r"</word>",
            html,
        )
    ]


def qr_codes(path, tmp_path):
    prefix = tmp_path / "page"
    run("pdftoppm", "-r", "150", "-png", str(path), str(prefix))
    found = []
    for image in sorted(tmp_path.glob("page-*.png")):
        result = subprocess.run(  # noqa: S603
            ["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(image)],
            capture_output=True,
            text=True,
        )
        found.append(result.stdout.splitlines())
    return found


def assert_two_landscape_a4_pages(path):
    pages, sizes = page_sizes(path)
    assert pages == 2
    assert len(sizes) == 2
    for width, height in sizes:
        assert width == pytest.approx(A4_LANDSCAPE[0], abs=0.5)
        assert height == pytest.approx(A4_LANDSCAPE[1], abs=0.5)


@pytest.fixture
def certificate(completed):
    certificate = completed.certificates.order_by("pk").first()
    # Groups of digits and of letters: bidi reorders such a code in right-to-left
    # text ("1234-ABCD-5678" shown as "ABCD-5678-1234") unless it is kept apart.
    certificate.code = "1234ABCD5678EFGH9012JKMN"
    return certificate


def test_two_a4_landscape_pages_persian_then_english(certificate, tmp_path):
    data = pdf.render_certificate_pdf(certificate)
    path = write(tmp_path, data)

    assert data.startswith(b"%PDF-")
    assert_two_landscape_a4_pages(path)

    persian = plain(page_text(path, 1))
    for text in [
        "دانشگاه صنعتی قم",
        "طرح همیار صنعت",
        "گواهی مشارکت",
        certificate.student_name,
        f"{persian_digits(certificate.credit_hours)} ساعت",
        persian_digits(certificate.student_number),
    ]:
        assert plain(text) in persian, text
    # Persian digits throughout the Persian page (dates, hours, student number):
    # Latin digits only in the code and the address, which are typed as printed.
    rest = persian.replace(plain(certificate.grouped_code), "").replace(
        plain(certificate.public_url), ""
    )
    assert re.findall(r"[0-9]", rest) == []

    english = plain(page_text(path, 2))
    for text in [
        "Qom University of Technology",
        "Industry Partner Program",
        "Certificate of Participation".upper(),
        certificate.student_name,
        f"{certificate.credit_hours} hours",
        certificate.field_en,
    ]:
        assert plain(text) in english, text
    assert re.findall(r"[۰-۹]", english) == []


def test_the_code_is_printed_whole_and_in_order_on_both_pages(certificate, tmp_path):
    path = write(tmp_path, pdf.render_certificate_pdf(certificate))

    for page in (1, 2):
        # As laid out, left to right: one word, the groups in their order.
        laid_out = [word for word, _, _ in words(path, page)]
        assert certificate.grouped_code in laid_out
        assert certificate.public_url in laid_out
    assert certificate.grouped_code == "1234-ABCD-5678-EFGH-9012-JKMN"


def test_the_qr_code_on_each_page_is_the_verification_url(certificate, tmp_path):
    path = write(tmp_path, pdf.render_certificate_pdf(certificate))

    assert certificate.public_url.startswith("http://testserver/")
    assert certificate.code in certificate.public_url
    assert qr_codes(path, tmp_path) == [[certificate.public_url]] * 2


def test_small_with_subset_fonts(certificate, tmp_path):
    data = pdf.render_certificate_pdf(certificate)
    path = write(tmp_path, data)

    assert len(data) <= MAX_BYTES
    fonts = run("pdffonts", str(path)).splitlines()[2:]
    assert len(fonts) == 2
    for line in fonts:
        name = line.split()[0]
        # Embedded subsets (ABCDEF+Name) of Vazirmatn, and nothing else.
        assert re.fullmatch(r"[A-Z]{6}\+Vazirmatn(-Bold)?", name), line


def test_rendering_the_same_certificate_twice_gives_two_valid_pdfs(
    certificate, tmp_path
):
    first = write(tmp_path, pdf.render_certificate_pdf(certificate), "first.pdf")
    second = write(tmp_path, pdf.render_certificate_pdf(certificate), "second.pdf")

    for path in (first, second):
        assert_two_landscape_a4_pages(path)
        assert path.read_bytes().rstrip().endswith(b"%%EOF")
    assert page_text(first, 1) == page_text(second, 1)
    assert page_text(first, 2) == page_text(second, 2)


LONG_TITLE = (
    "طراحی و پیاده‌سازی سامانهٔ هوشمند پایش برخط کیفیت آب آشامیدنی در شبکهٔ توزیع "
    "شهری با استفاده از حسگرهای کم‌هزینه، یادگیری ماشین و اینترنت اشیا به‌منظور "
    "کاهش هدررفت، بهبود ایمنی سلامت عمومی و پیش‌بینی خرابی لوله‌ها و تجهیزات در "
    "مناطق پرجمعیت استان قم با همکاری دانشگاه"
)
LONG_UNIT = (
    "شرکت سهامی آب و فاضلاب استان قم، معاونت بهره‌برداری و توسعهٔ شبکه، مدیریت "
    "فناوری اطلاعات و ارتباطات، ادارهٔ پژوهش و نوآوری"
)


def longest(field, text):
    """``text`` repeated to the longest value the database holds for ``field``."""
    from certificates.models import Certificate

    size = Certificate._meta.get_field(field).max_length
    return (text * (size // len(text) + 1))[:size].strip()


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({"problem_title": LONG_TITLE, "unit_name": LONG_UNIT}, id="long"),
        pytest.param(
            {
                name: longest(name, text)
                for name, text in [
                    ("student_name", "سیدمحمدحسین میرحسینی طباطبایی "),
                    ("field_fa", "مهندسی فناوری اطلاعات و ارتباطات "),
                    ("field_en", "Information and Communication Technology "),
                    ("round_fa", "نوبت بهار ۱۴۰۵ "),
                    ("round_en", "Spring 2026 round "),
                    ("problem_title", LONG_TITLE + " "),
                    ("unit_name", LONG_UNIT + " "),
                    ("supervisor_name", "دکتر سیدعلی‌اکبر حسینی "),
                ]
            },
            id="longest",
        ),
        pytest.param(
            {
                "problem_title": longest(
                    "problem_title", "Design of an IoT water quality monitor "
                ),
                "unit_name": longest("unit_name", "Qom Water and Wastewater Co. "),
            },
            id="longest-latin",
        ),
    ],
)
def test_long_names_still_fit_on_two_pages(certificate, tmp_path, changes):
    for name, value in changes.items():
        setattr(certificate, name, value)
    assert len(certificate.problem_title) >= 250
    path = write(tmp_path, pdf.render_certificate_pdf(certificate))

    assert_two_landscape_a4_pages(path)
    assert path.stat().st_size <= MAX_BYTES
    # The statement ends above the footer (nothing clipped), and the footer is there.
    hours = f"{certificate.credit_hours}"
    persian = words(path, 1)
    english = words(path, 2)
    end_fa = [y1 for word, _, y1 in persian if word == ".دوشیم"]
    end_en = [y1 for word, _, y1 in english if word == "internship."]
    assert len(end_fa) == 1
    assert len(end_en) == 1
    assert end_fa[0] < FOOTER_TOP
    assert end_en[0] < FOOTER_TOP
    assert any(w == persian_digits(hours) and y1 < FOOTER_TOP for w, _, y1 in persian)
    for page in (persian, english):
        code = [y0 for word, y0, _ in page if word == certificate.grouped_code]
        assert len(code) == 1
        assert code[0] > FOOTER_TOP
    assert qr_codes(path, tmp_path) == [[certificate.public_url]] * 2
