"""A certificate as a PDF: a pure function of the certificate, with no database
access and no writes (the worker stores what it returns).

Two A4 landscape pages, Persian then English. One WeasyPrint font configuration and
one parsed stylesheet serve every rendering of the process: building them per PDF
costs a third more time and grows the worker by a fraction of a megabyte each time.
"""

import atexit
import base64
import functools
import io

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format

from partner_portal.i18n import format_jalali, persian_digits

FONT_DIR = settings.NODE_MODULES / "vazirmatn" / "fonts" / "ttf"
STYLESHEET = (
    settings.BASE_DIR / "templates" / "certificates" / "pdf" / "certificate.css"
)


@functools.cache
def font_configuration():
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


# Let go of the fonts while the interpreter is whole: WeasyPrint's finaliser fails
# when it runs during the interpreter's teardown.
atexit.register(lambda: font_configuration.cache_clear())


@functools.cache
def stylesheet():
    from weasyprint import CSS

    css = STYLESHEET.read_text(encoding="utf-8").replace(
        "{{ font_dir }}", FONT_DIR.as_uri()
    )
    return CSS(string=css, font_config=font_configuration())


def qr_svg(url):
    """The verification URL as a QR code, an SVG data URI (vector, a few KB)."""
    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        border=0,
        image_factory=qrcode.image.svg.SvgPathImage,
    )
    code.add_data(url)
    code.make(fit=True)
    out = io.BytesIO()
    code.make_image().save(out)
    return "data:image/svg+xml;base64," + base64.b64encode(out.getvalue()).decode()


def context(certificate):
    with translation.override("en"):
        en_dates = {
            "start": date_format(certificate.period_start, "j F Y"),
            "end": date_format(certificate.period_end, "j F Y"),
            "issued": date_format(
                certificate.signed_at or certificate.created_at, "j F Y"
            ),
        }
    issued = certificate.signed_at or certificate.created_at
    return {
        "c": certificate,
        "code": certificate.grouped_code,
        "url": certificate.public_url,
        "qr": qr_svg(certificate.public_url),
        "fa": {
            "start": format_jalali(certificate.period_start, "long"),
            "end": format_jalali(certificate.period_end, "long"),
            "issued": format_jalali(issued.date(), "long"),
            "hours": persian_digits(certificate.credit_hours),
        },
        "en": en_dates,
    }


def certificate_html(certificate):
    return render_to_string("certificates/pdf/certificate.html", context(certificate))


def render_html(html):
    """HTML of a certificate to PDF bytes, with the shared fonts and stylesheet."""
    from weasyprint import HTML

    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
        stylesheets=[stylesheet()], font_config=font_configuration()
    )


def render_certificate_pdf(certificate):
    return render_html(certificate_html(certificate))
