"""The certificate pages as their people use them, and the public verification."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from certificates.models import Certificate, grouped_code
from certificates.storage import certificate_storage
from partner_portal.workflow import transition

pytestmark = pytest.mark.django_db
C = Certificate.Status


@pytest.fixture
def issued(completed, student, supervisor, django_capture_on_commit_callbacks):
    """The student's certificate, signed by the supervisor and rendered."""
    certificate = completed.certificates.get(student__user=student)
    with django_capture_on_commit_callbacks(execute=True):
        transition(certificate, "sign", actor=supervisor)
        from certificates.services import queue_renders

        queue_renders([certificate.pk])
    certificate.refresh_from_db()
    assert certificate.status == C.ISSUED
    return certificate


def test_the_supervisor_signs_all_from_the_dashboard(
    client, completed, supervisor, django_capture_on_commit_callbacks
):
    client.force_login(supervisor)
    dashboard = client.get(reverse("dashboard"), follow=True).content.decode()
    assert reverse("certificates:sign-all") in dashboard

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("certificates:sign-all"))
    page = client.get(reverse("certificates:certificates")).content.decode()

    assert "۴ گواهی امضا شد" in page
    assert set(completed.certificates.values_list("status", flat=True)) == {C.ISSUED}


def test_the_student_downloads_the_pdf(client, issued, student, other_student):
    url = reverse("certificates:certificate-download", args=[issued.pk])
    client.force_login(student)
    dashboard = client.get(reverse("dashboard"), follow=True).content.decode()
    assert url in dashboard

    response = client.get(url)
    data = b"".join(response.streaming_content)
    assert response["Content-Type"] == "application/pdf"
    assert hashlib.sha256(data).hexdigest() == issued.sha256

    client.force_login(other_student)
    assert client.get(url).status_code == 404


def test_the_verification_page_shows_the_certificate_and_never_private_data(
    client, issued
):
    response = client.get(reverse("certificates:verify-code", args=[issued.code]))
    page = response.content.decode()

    assert response.status_code == 200
    assert issued.student_name in page
    assert issued.unit_name in page
    assert issued.sha256 in page
    assert grouped_code(issued.code) in page
    assert "معتبر است" in page
    assert issued.student.user.email not in page
    assert issued.student_number not in page


def test_a_code_typed_loosely_finds_the_certificate(client, issued):
    typed = grouped_code(issued.code).lower()
    response = client.get(reverse("certificates:verify"), {"code": typed}, follow=True)

    assert response.redirect_chain[-1][0] == reverse(
        "certificates:verify-code", args=[issued.code]
    )
    assert issued.student_name in response.content.decode()


def test_unknown_and_unissued_codes_get_the_same_answer(client, completed):
    pending = completed.certificates.first()
    unknown = client.get(reverse("certificates:verify-code", args=["Z" * 24]))
    unissued = client.get(reverse("certificates:verify-code", args=[pending.code]))

    assert unknown.status_code == unissued.status_code == 404
    # The same page but for the address itself (in the language switch's link).
    assert unknown.content.decode().replace("Z" * 24, "") == (
        unissued.content.decode().replace(pending.code, "")
    )


def test_a_revoked_certificate_says_so_with_date_and_reason(client, issued, iro):
    client.force_login(iro)
    client.post(
        reverse("certificates:certificate-revoke", args=[issued.pk]),
        {"note": "درس معادل گذرانده نشده"},
    )
    client.logout()

    page = client.get(
        reverse("certificates:verify-code", args=[issued.code])
    ).content.decode()
    assert "باطل شده است" in page
    assert "درس معادل گذرانده نشده" in page
    assert "معتبر است" not in page


def test_verification_is_rate_limited(client, issued, settings):
    settings.PORTAL = {
        **settings.PORTAL,
        "CERTIFICATES": {**settings.PORTAL["CERTIFICATES"], "VERIFY_PER_MINUTE": 3},
    }
    url = reverse("certificates:verify-code", args=[issued.code])
    # An address of its own: the count is not shared with the other tests.
    address = f"10.{issued.pk % 250}.{issued.pk // 250 % 250}.7"
    answers = [client.get(url, REMOTE_ADDR=address).status_code for _ in range(5)]

    assert answers == [200, 200, 200, 429, 429]


def test_an_uploaded_pdf_is_checked_against_the_issued_ones(client, issued):
    data = certificate_storage().open(issued.pdf.name).read()
    url = reverse("certificates:verify")

    same = client.post(url, {"pdf": SimpleUploadedFile("c.pdf", data)})
    changed = client.post(url, {"pdf": SimpleUploadedFile("c.pdf", data + b"\n")})
    not_pdf = client.post(url, {"pdf": SimpleUploadedFile("c.pdf", b"<html>")})

    assert issued.get_verification_url() in same.content.decode()
    assert "با هیچ گواهی صادرشده‌ای یکی نیست" in changed.content.decode()
    assert "این فایل PDF نیست" in not_pdf.content.decode()


def test_bad_hours_are_refused_next_to_the_field_and_change_nothing(
    client, completed, iro
):
    certificate = completed.certificates.first()
    client.force_login(iro)
    url = reverse("certificates:certificate-hours", args=[certificate.pk])

    response = client.post(url, {"credit_hours": "۹۰۰", "note": "بیشتر"})

    assert "credit_hours" in response.content.decode()
    assert "240" in response.content.decode() or "۲۴۰" in response.content.decode()
    certificate.refresh_from_db()
    assert certificate.credit_hours == 90

    client.post(url, {"credit_hours": "۱۰۰", "note": "دو هفته بیشتر"})
    certificate.refresh_from_db()
    assert certificate.credit_hours == 100


def test_the_batch_page_shows_progress_and_polls_until_done(
    client, completed, supervisor, iro, django_capture_on_commit_callbacks
):
    for certificate in completed.certificates.all():
        transition(certificate, "sign", actor=supervisor)
    client.force_login(iro)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("certificates:batch-request"),
            {"batch-round": completed.team.round.pk},
        )
    page = client.get(response["Location"]).content.decode()

    assert "۴ از ۴ صادر شد" in page
    assert "data-hx-trigger" not in page  # finished: no more polling
    batch = completed.certificates.first().batch
    partial = client.get(reverse("certificates:batch-progress", args=[batch.pk]))
    assert "۴ از ۴ صادر شد" in partial.content.decode()
