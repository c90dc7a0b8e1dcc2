"""The certificate lifecycle through its services, tasks in-process (the real worker
runs in test_faults.py)."""

import datetime
import hashlib
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from certificates import services
from certificates.models import Certificate
from certificates.storage import certificate_storage
from partner_portal.models import Notification
from partner_portal.workflow import audit_trail, transition
from tests.certificates.conftest import complete

pytestmark = pytest.mark.django_db
C = Certificate.Status


def stored_files():
    root = Path(certificate_storage().location) / "certificates"
    return {str(p) for p in root.rglob("*")} if root.exists() else set()


def test_completing_a_placement_makes_a_certificate_per_passing_student(world):
    placement = complete(world.objects["placement"], students=5, failed=1, hours=90)

    certificates = list(placement.certificates.order_by("pk"))
    assert len(certificates) == 4
    assert {c.status for c in certificates} == {C.PENDING_SIGNATURE}
    first = certificates[0]
    student = first.student
    assert first.student_name == student.user.full_name
    assert first.student_number == student.student_number
    assert first.field_fa == student.field.name_fa
    assert first.problem_title == placement.team.problem.title
    assert first.unit_name == placement.team.problem.unit.name
    assert first.supervisor_name == placement.team.supervisor.user.full_name
    assert first.round_fa == placement.team.round.name_fa
    assert first.period_end == timezone.localdate()
    assert (first.period_end - first.period_start).days == 56
    assert first.credit_hours == 90
    supervisor = placement.team.supervisor.user
    assert Notification.objects.filter(
        recipient=supervisor, kind="certificates_to_sign"
    ).exists()


def test_credit_hours_are_capped_by_weeks_and_by_the_program(settings):
    start = datetime.date(2026, 1, 1)

    assert (
        services.credit_hours_for(300, start, start + datetime.timedelta(days=13)) == 80
    )
    assert (
        services.credit_hours_for(900, start, start + datetime.timedelta(days=200))
        == 240
    )
    assert (
        services.credit_hours_for(50, start, start + datetime.timedelta(days=200)) == 50
    )
    settings.PORTAL = {
        **settings.PORTAL,
        "CERTIFICATES": {**settings.PORTAL["CERTIFICATES"], "MAX_HOURS": 100},
    }
    assert (
        services.credit_hours_for(900, start, start + datetime.timedelta(days=200))
        == 100
    )


def test_making_them_again_doubles_nothing(completed):
    assert services.certificates_create(placement=completed) == []
    assert completed.certificates.count() == 4


def test_the_office_adjusts_hours_with_a_note_before_signing(
    completed, iro, supervisor
):
    certificate = completed.certificates.first()

    with pytest.raises(ValidationError):
        services.certificate_set_hours(
            certificate=certificate, actor=iro, hours=100, note=" "
        )
    with pytest.raises(PermissionDenied):
        services.certificate_set_hours(
            certificate=certificate, actor=supervisor, hours=100, note="x"
        )
    services.certificate_set_hours(
        certificate=certificate, actor=iro, hours=100, note="two extra site weeks"
    )
    certificate.refresh_from_db()
    assert (certificate.credit_hours, certificate.credit_note) == (
        100,
        "two extra site weeks",
    )
    assert audit_trail(certificate).last().note == "90 → 100: two extra site weeks"

    services.certificate_sign(certificate=certificate, actor=supervisor)
    with pytest.raises(ValidationError):
        services.certificate_set_hours(
            certificate=certificate, actor=iro, hours=50, note="late"
        )


def test_sign_all_issues_every_pdf_in_process(
    completed, supervisor, student, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        signed = services.certificates_sign_all(actor=supervisor)

    assert len(signed) == 4
    for certificate in completed.certificates.all():
        assert certificate.status == C.ISSUED
        assert certificate.signed_at is not None
        assert certificate.signed_by.user == supervisor
        data = certificate_storage().open(certificate.pdf.name).read()
        assert data.startswith(b"%PDF-")
        assert hashlib.sha256(data).hexdigest() == certificate.sha256
        assert [e.to_state for e in audit_trail(certificate)] == [
            "pending_signature",
            "signed",
            "rendering",
            "issued",
        ]
    assert Notification.objects.filter(
        recipient=student, kind="certificate_issued"
    ).exists()


def test_only_the_supervisor_signs(completed, other_professor, iro):
    certificate = completed.certificates.first()
    for person in (other_professor, iro):
        with pytest.raises(PermissionDenied):
            services.certificate_sign(certificate=certificate, actor=person)
    assert services.certificates_sign_all(actor=other_professor) == []


def test_a_second_delivery_renders_nothing(
    completed, supervisor, django_capture_on_commit_callbacks
):
    certificate = completed.certificates.first()
    with django_capture_on_commit_callbacks(execute=True):
        services.certificate_sign(certificate=certificate, actor=supervisor)
    certificate.refresh_from_db()
    first_pdf = certificate.pdf.name

    assert services.certificate_render(certificate.pk) == "skipped"
    certificate.refresh_from_db()
    assert certificate.pdf.name == first_pdf


def test_a_broken_template_records_the_failure_and_leaves_no_file(
    completed, supervisor, iro
):
    certificate = completed.certificates.first()
    transition(certificate, "sign", actor=supervisor, queued_at=timezone.now())
    before = (
        set(certificate_storage().listdir("certificates")[0])
        if certificate_storage().exists("certificates")
        else set()
    )

    def broken(certificate):
        raise ValueError("template exploded")

    with pytest.raises(services.RenderFailed):
        services.certificate_render(certificate.pk, render=broken)
    certificate.refresh_from_db()
    assert certificate.status == C.FAILED
    assert "template exploded" in certificate.render_error
    assert not certificate.pdf
    after = (
        set(certificate_storage().listdir("certificates")[0])
        if certificate_storage().exists("certificates")
        else set()
    )
    assert after == before

    # The retry (or the office's "render again") issues it.
    assert services.certificate_render(certificate.pk) == "issued"
    certificate.refresh_from_db()
    assert certificate.status == C.ISSUED
    assert certificate.render_error == ""


def test_revoked_then_replaced_with_a_new_code(
    completed, supervisor, iro, student, django_capture_on_commit_callbacks
):
    certificate = completed.certificates.get(student__user=student)
    with django_capture_on_commit_callbacks(execute=True):
        services.certificate_sign(certificate=certificate, actor=supervisor)
    certificate.refresh_from_db()

    services.certificate_revoke(certificate=certificate, actor=iro, note="wrong unit")
    certificate.refresh_from_db()
    assert certificate.status == C.REVOKED
    assert certificate.revoke_reason == "wrong unit"
    assert not certificate.is_valid

    new = services.certificate_replace(certificate=certificate, actor=iro)
    assert new.code != certificate.code
    assert new.status == C.PENDING_SIGNATURE
    assert new.replaces == certificate
    with pytest.raises(ValidationError):
        services.certificate_replace(certificate=certificate, actor=iro)


def test_rendering_again_keeps_the_first_issue_date(
    completed, supervisor, iro, django_capture_on_commit_callbacks
):
    certificate = completed.certificates.first()
    with django_capture_on_commit_callbacks(execute=True):
        services.certificate_sign(certificate=certificate, actor=supervisor)
    certificate.refresh_from_db()
    issued_at = certificate.issued_at
    assert issued_at is not None

    with django_capture_on_commit_callbacks(execute=True):
        services.certificate_rerender(certificate=certificate, actor=iro)
    certificate.refresh_from_db()
    assert certificate.status == C.ISSUED
    assert certificate.issued_at == issued_at


def test_the_sweep_queues_what_waited_too_long(completed, supervisor, settings):
    certificate = completed.certificates.first()
    long_ago = timezone.now() - datetime.timedelta(minutes=10)
    # Signed while the broker was down: nothing was queued.
    transition(certificate, "sign", actor=supervisor, queued_at=long_ago)
    fresh = completed.certificates.exclude(pk=certificate.pk).first()
    transition(fresh, "sign", actor=supervisor, queued_at=timezone.now())

    assert services.certificates_sweep() == 1
    certificate.refresh_from_db()
    fresh.refresh_from_db()
    assert certificate.status == C.ISSUED
    assert fresh.status == C.SIGNED


def test_a_batch_issues_a_rounds_signed_certificates(
    completed, supervisor, iro, django_capture_on_commit_callbacks
):
    for certificate in completed.certificates.all()[:2]:
        transition(certificate, "sign", actor=supervisor, queued_at=timezone.now())

    with django_capture_on_commit_callbacks(execute=True):
        batch = services.certificates_batch_request(
            round=completed.team.round, actor=iro
        )

    assert batch.total == 2
    progress = services.batch_progress(batch)
    assert (progress["issued"], progress["total"], progress["finished"]) == (2, 2, True)
    with pytest.raises(PermissionDenied):
        services.certificates_batch_request(
            round=completed.team.round, actor=supervisor
        )
