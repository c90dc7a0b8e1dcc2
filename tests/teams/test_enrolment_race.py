"""Enrolling twice at once, and two students claiming one number at once: the
database decides, and the loser gets the message of the sequential check."""

import pytest
from django.db import transaction

from partner_portal.models import FieldOfStudy
from teams.models import Enrolment, Round, Student
from teams.services import enrolment_apply
from tests.factories import RoundFactory, StudentFactory, UserFactory
from tests.race import race, race_in_background, wait_for_blocked_backends

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ALREADY = "You have already enrolled in this round."
NUMBER_TAKEN = "Another student already has this number."


def applying(user, round_, number):
    def apply():
        return enrolment_apply(
            user=user,
            round=round_,
            student_data={
                "student_number": number,
                "field": FieldOfStudy.objects.get(slug="computer"),
                "level": "bsc",
                "entry_year": 1402,
            },
            enrolment_data={"skills": "", "weekly_hours": 10, "motivation": ""},
            clusters=[],
        )

    return apply


def test_enrolling_twice_at_once_makes_one_enrolment():
    round_ = RoundFactory(status=Round.Status.OPEN)
    student = StudentFactory(student_number="402000111")
    apply = applying(student.user, round_, "402000111")

    # Both requests pass the "already enrolled?" check while this transaction
    # holds the student's row; then they meet at the unique constraint.
    with transaction.atomic():
        Student.objects.select_for_update().get(pk=student.pk)
        runner = race_in_background(apply, apply)
        wait_for_blocked_backends(2)
    runner.join(30)

    results = runner.results
    assert sorted(result for result, _value in results) == ["ok", "refused"]
    assert ("refused", [ALREADY]) in results
    assert Enrolment.objects.filter(student=student, round=round_).count() == 1


def test_two_students_claiming_one_number_at_once_get_one():
    round_ = RoundFactory(status=Round.Status.OPEN)
    first, second = UserFactory(student=True), UserFactory(student=True)

    results = race(
        applying(first, round_, "402000222"), applying(second, round_, "402000222")
    )

    assert sorted(result for result, _value in results) == ["ok", "refused"]
    assert ("refused", [NUMBER_TAKEN]) in results
    assert Student.objects.filter(student_number="402000222").count() == 1
    assert Enrolment.objects.filter(round=round_).count() == 1
