import math
import re

import pytest
from django.db import IntegrityError, transaction

from certificates.models import Certificate, new_verification_code
from partner_portal.workflow import IllegalTransition, transition

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
    certificate.status = Certificate.Status.ISSUED
    certificate.save()

    with pytest.raises(IllegalTransition):
        transition(certificate, Certificate.Status.PENDING_SIGNATURE, actor=iro)
    transition(certificate, Certificate.Status.REVOKED, actor=iro, note="fraud")

    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED
