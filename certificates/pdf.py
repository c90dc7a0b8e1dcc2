"""A certificate as a PDF: a pure function of the certificate, with no database
access and no writes (the worker stores what it returns).

Two A4 landscape pages, Persian then English (templates/certificates/pdf/). One
WeasyPrint font configuration and one parsed stylesheet serve every rendering of the
process: building them per PDF costs a third more time and grows the worker by a
fraction of a megabyte each time. The QR code is a tiny PNG rather than an SVG
(WeasyPrint's SVG path parser took about half of each rendering).
"""

import atexit
import base64
import functools
import io
import unicodedata

import qrcode
from django.conf import settings
from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import conditional_escape, format_html
from PIL import Image

from partner_portal.i18n import format_jalali, local_digits_in_text, persian_digits

FONT_DIR = settings.NODE_MODULES / "vazirmatn" / "fonts" / "ttf"
TEMPLATE = "certificates/pdf/certificate.html"
STYLESHEET = (
    settings.BASE_DIR / "templates" / "certificates" / "pdf" / "certificate.css"
)

# The type's size (size-1 to size-4 in the stylesheet) by how much the statement
# quotes: the characters of the name, field, round, problem and unit on the longer of
# the two pages, and the name's own length, it being the headline. This is a first
# guess: a rendering whose statement would run into the footer is laid out again a
# size smaller (see certificate_document). size-4 fits the longest values the
# database holds (tests/certificates/test_pdf.py renders them).
SIZE_BOUNDS = (320, 600, 1000)
NAME_BOUNDS = (80, 150)
SIZES = 4


@functools.cache
def font_configuration():
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


# Let go of the fonts while the interpreter is whole: WeasyPrint's finaliser fails
# when it runs during the interpreter's teardown.
atexit.register(lambda: font_configuration.cache_clear())


def stylesheet_text():
    return STYLESHEET.read_text(encoding="utf-8").replace(
        "{{ font_dir }}", FONT_DIR.as_uri()
    )


@functools.cache
def stylesheet():
    from weasyprint import CSS

    return CSS(string=stylesheet_text(), font_config=font_configuration())


def qr_png(url):
    """The verification URL as a QR code: a PNG data URI, four pixels a module (a
    few hundred bytes), which the stylesheet scales up without smoothing (and a
    viewer that smooths it all the same keeps the modules sharp enough)."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2)
    code.add_data(url)
    code.make(fit=True)
    matrix = code.get_matrix()
    image = Image.new("1", (len(matrix), len(matrix)), 1)
    image.putdata([0 if dark else 1 for row in matrix for dark in row])
    image = image.resize((len(matrix) * 4,) * 2, Image.Resampling.NEAREST)
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()


def direction(text):
    """ "rtl" or "ltr" by the first letter with a direction (HTML's dir="auto",
    which WeasyPrint does not do); "ltr" for text without one."""
    for char in text or "":
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"


def statement_size(certificate):
    c = certificate
    shared = sum(len(v or "") for v in (c.student_name, c.problem_title, c.unit_name))
    quoted = shared + max(
        len(c.field_fa or "") + len(c.round_fa or ""),
        len(c.field_en or "") + len(c.round_en or ""),
    )
    name = len(c.student_name or "")
    return 1 + max(
        sum(quoted > bound for bound in SIZE_BOUNDS),
        sum(name > bound for bound in NAME_BOUNDS),
    )


def isolate(value, page):
    """``value`` as HTML for a page written in direction ``page``: as it is when it
    runs the same way, else in a span of its own direction, which keeps the text
    around it from reordering it (WeasyPrint supports no ``unicode-bidi``)."""
    own = direction(value)
    if own == page:
        return conditional_escape(value)
    return format_html('<span dir="{}">{}</span>', own, value)


def unbroken(text):
    """A date kept on one line."""
    return text.replace(" ", "\N{NO-BREAK SPACE}")


def context(certificate):
    c = certificate
    # The day of the signature as it was in Tehran, not in UTC.
    signed = timezone.localdate(c.signed_at or c.created_at)
    with translation.override("en"):
        en_dates = {
            "start": date_format(c.period_start, "j F Y"),
            "end": date_format(c.period_end, "j F Y"),
            "signed": date_format(signed, "j F Y"),
        }
    with translation.override("fa"):
        # Persian text on the Persian page in Persian digits ("خط ۳"); a Latin title
        # keeps its own.
        fa_text = {
            name: isolate(
                local_digits_in_text(value) if direction(value) == "rtl" else value,
                "rtl",
            )
            for name, value in [
                ("field", c.field_fa),
                ("round", c.round_fa),
                ("title", c.problem_title),
                ("unit", c.unit_name),
            ]
        }
    return {
        "c": c,
        "code": c.grouped_code,
        "url": c.public_url,
        "qr": qr_png(c.public_url),
        "size": statement_size(c),
        "dirs": {
            "name": direction(c.student_name),
            "supervisor": direction(c.supervisor_name),
        },
        "fa": {
            "start": unbroken(format_jalali(c.period_start, "long")),
            "end": unbroken(format_jalali(c.period_end, "long")),
            "signed": format_jalali(signed, "long"),
            "hours": persian_digits(c.credit_hours),
            "number": persian_digits(c.student_number),
            **fa_text,
        },
        "en": {
            "start": unbroken(en_dates["start"]),
            "end": unbroken(en_dates["end"]),
            "signed": en_dates["signed"],
            "field": isolate(c.field_en, "ltr"),
            "round": isolate(c.round_en, "ltr"),
            "title": isolate(c.problem_title, "ltr"),
            "unit": isolate(c.unit_name, "ltr"),
        },
    }


def certificate_html(certificate, size=None):
    values = context(certificate)
    if size is not None:
        values["size"] = size
    return get_template(TEMPLATE).render(values)


def layout(html):
    from weasyprint import HTML

    return HTML(string=html, base_url=str(settings.BASE_DIR)).render(
        stylesheets=[stylesheet()], font_config=font_configuration()
    )


def render_html(html):
    """HTML of a certificate to PDF bytes, with the shared fonts and stylesheet."""
    return layout(html).write_pdf()


def overflows(document):
    """Whether the text of a page runs past its content box (into the footer's
    space, where the stylesheet clips it)."""
    for page in document.pages:
        for box in descendants(page._page_box):
            element = box.element
            if element is None or element.get("class") != "content":
                continue
            if box.element_tag != "div" or not box.children:
                continue
            end = box.content_box_y() + box.height
            last = box.children[-1]
            if last.position_y + last.margin_height() > end + 0.5:
                return True
    return False


def descendants(box):
    yield box
    for child in getattr(box, "children", ()):
        yield from descendants(child)


def certificate_document(certificate):
    """The certificate laid out (a WeasyPrint document of two pages) at the largest
    size at which its statement fits above the footer."""
    values = context(certificate)
    template = get_template(TEMPLATE)
    while True:
        document = layout(template.render(values))
        if values["size"] >= SIZES or not overflows(document):
            return document
        values["size"] += 1


def render_certificate_pdf(certificate):
    """The certificate's PDF bytes."""
    return certificate_document(certificate).write_pdf()
