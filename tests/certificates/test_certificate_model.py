import math
import re

import pytest
from django.db import IntegrityError, transaction

from certificates.models import Certificate, new_verification_code
from partner_portal.workflow import IllegalTransition, audit_trail, transition

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(world):
    return Certificate.objects.create(
        placement=world.objects["placement"],
        student=world.objects["enrolment"].student,
        credit_hours=120,
    )


def test_verification_codes_carry_at_least_80_random_bits():
    codes = {new_verification_code() for _ in range(2000)}

    assert len(codes) == 2000
    for code in codes:
        assert re.fullmatch(r"[A-Za-z0-9_-]+", code)
        assert len(code) * math.log2(64) >= 80


def test_one_certificate_per_student_per_placement(certificate):
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.create(
            placement=certificate.placement, student=certificate.student, credit_hours=1
        )


def test_credit_hours_must_be_positive(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.create(
            placement=world.objects["placement"],
            student=world.objects["enrolment"].student,
            credit_hours=0,
        )


def test_an_issued_certificate_can_only_be_revoked(certificate, iro):
    Certificate.objects.filter(pk=certificate.pk).update(
        status=Certificate.Status.ISSUED
    )

    with pytest.raises(IllegalTransition):
        transition(certificate, "sign", actor=None)
    transition(certificate, "revoke", actor=iro, note="fraud")

    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED


def test_a_revoked_certificate_can_be_replaced_by_one_with_a_new_code(certificate, iro):
    transition(certificate, "revoke", actor=iro, note="wrong hours")

    replacement = Certificate.objects.create(
        placement=certificate.placement, student=certificate.student, credit_hours=100
    )

    assert replacement.code != certificate.code
    assert set(
        Certificate.objects.filter(student=certificate.student).values_list(
            "status", flat=True
        )
    ) == {"revoked", "pending_signature"}


def test_a_rendering_that_fails_again_stays_failed(certificate):
    Certificate.objects.filter(pk=certificate.pk).update(
        status=Certificate.Status.SIGNED
    )

    transition(certificate, "fail", actor=None, note="first try")
    transition(certificate, "fail", actor=None, note="second try")
    transition(certificate, "issue", actor=None)

    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.ISSUED
    assert [e.to_state for e in audit_trail(certificate)] == [
        "failed",
        "failed",
        "issued",
    ]
