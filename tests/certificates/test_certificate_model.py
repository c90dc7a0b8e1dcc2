import math
import re

import pytest
from django.db import IntegrityError, transaction

from certificates.models import (
    CODE_ALPHABET,
    Certificate,
    grouped_code,
    new_verification_code,
    normalize_code,
)
from partner_portal.workflow import IllegalTransition, audit_trail, transition
from tests.factories import certificate_facts

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(world):
    return Certificate.objects.create(
        **certificate_facts(
            world.objects["placement"], world.objects["enrolment"].student
        ),
        credit_hours=120,
    )


def test_verification_codes_carry_at_least_100_random_bits_in_readable_letters():
    codes = [new_verification_code() for _ in range(2000)]

    assert len(set(codes)) == 2000
    for code in codes:
        assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]+", code), code
        assert len(code) * math.log2(len(CODE_ALPHABET)) >= 100
    # Never sequential: consecutive codes share no common prefix to speak of.
    assert sum(a[:3] == b[:3] for a, b in zip(codes, codes[1:], strict=False)) < 5


def test_a_code_is_read_back_however_it_is_typed():
    code = "7K3M9Q2W8R4T6Y1Z5V0B8N2D"

    assert grouped_code(code) == "7K3M-9Q2W-8R4T-6Y1Z-5V0B-8N2D"
    assert normalize_code(" 7k3m-9q2w 8r4t-6y1z-5v0b-8n2d ") == code
    assert normalize_code("۷K۳M9Q2W8R4T6YIZ5VOB8N2D") == code


def test_one_certificate_per_student_per_placement(certificate):
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.create(
            **certificate_facts(certificate.placement, certificate.student),
            credit_hours=1,
        )


def test_credit_hours_must_be_positive(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.create(
            **certificate_facts(
                world.objects["placement"], world.objects["enrolment"].student
            ),
            credit_hours=0,
        )


def test_an_issued_certificate_can_only_be_revoked(certificate, iro):
    Certificate.objects.filter(pk=certificate.pk).update(
        status=Certificate.Status.ISSUED,
        pdf="certificates/x.pdf",
        sha256="0" * 64,
        issued_at=certificate.created_at,
    )

    with pytest.raises(IllegalTransition):
        transition(certificate, "sign", actor=None)
    transition(certificate, "revoke", actor=iro, note="fraud")

    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED


def test_a_revoked_certificate_can_be_replaced_by_one_with_a_new_code(certificate, iro):
    transition(certificate, "revoke", actor=iro, note="wrong hours")

    replacement = Certificate.objects.create(
        **certificate_facts(certificate.placement, certificate.student),
        credit_hours=100,
    )

    assert replacement.code != certificate.code
    assert set(
        Certificate.objects.filter(student=certificate.student).values_list(
            "status", flat=True
        )
    ) == {"revoked", "pending_signature"}


def test_a_rendering_that_fails_again_stays_failed(certificate):
    Certificate.objects.filter(pk=certificate.pk).update(
        status=Certificate.Status.RENDERING,
        render_token="t",
        rendering_since=certificate.created_at,
    )

    transition(certificate, "fail", actor=None, note="first try", render_token="")
    transition(certificate, "fail", actor=None, note="second try")

    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.FAILED
    assert [e.to_state for e in audit_trail(certificate)] == ["failed", "failed"]


def test_the_database_refuses_an_issued_certificate_without_its_pdf(certificate):
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.filter(pk=certificate.pk).update(
            status=Certificate.Status.ISSUED
        )


def test_the_database_refuses_two_certificates_with_one_pdf(certificate, world):
    other = Certificate.objects.create(
        **certificate_facts(
            world.objects["placement"], world.objects["other_enrolment"].student
        ),
        credit_hours=10,
    )
    Certificate.objects.filter(pk=certificate.pk).update(pdf="certificates/a.pdf")

    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.filter(pk=other.pk).update(pdf="certificates/a.pdf")
