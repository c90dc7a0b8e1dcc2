"""The one transition helper: guarded moves, the audit trail, row locks."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import translation

from partner_portal.models import AuditEvent
from partner_portal.workflow import IllegalTransition, audit_trail, transition
from teams.models import Enrolment
from tests.factories import EnrolmentFactory


@pytest.mark.django_db
def test_a_move_saves_the_state_and_writes_the_audit_row(iro):
    enrolment = EnrolmentFactory()

    transition(enrolment, Enrolment.Status.ACCEPTED, actor=iro, note="welcome")

    enrolment.refresh_from_db()
    event = audit_trail(enrolment).get()
    assert enrolment.status == Enrolment.Status.ACCEPTED
    assert (event.actor, event.from_state, event.to_state, event.note) == (
        iro,
        "applied",
        "accepted",
        "welcome",
    )


@pytest.mark.django_db
def test_a_move_the_table_does_not_allow_changes_nothing(iro):
    enrolment = EnrolmentFactory(status=Enrolment.Status.REJECTED)

    with translation.override("en"), pytest.raises(IllegalTransition) as refused:
        transition(enrolment, Enrolment.Status.ACCEPTED, actor=iro)

    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.REJECTED
    assert not AuditEvent.objects.exists()
    assert "cannot move from “Rejected” to “Accepted”" in refused.value.messages[0]


@pytest.mark.django_db
def test_a_guard_refusal_changes_nothing(iro):
    enrolment = EnrolmentFactory()

    def guard(locked):
        raise ValidationError("not today")

    with pytest.raises(ValidationError):
        transition(enrolment, Enrolment.Status.ACCEPTED, actor=iro, guard=guard)

    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.APPLIED
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_audit_labels_read_in_the_current_language(iro):
    enrolment = EnrolmentFactory()
    transition(enrolment, Enrolment.Status.ACCEPTED, actor=iro)
    event = audit_trail(enrolment).get()

    with translation.override("en"):
        assert (event.from_label, event.to_label) == ("Applied", "Accepted")
    with translation.override("fa"):
        assert event.to_label == "پذیرفته‌شده"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_moves_from_the_same_state_let_only_one_through(iro):
    """The row lock makes the second mover see the first one's result: a student
    cannot be accepted and rejected at the same time."""
    enrolment = EnrolmentFactory()
    barrier = threading.Barrier(2)
    outcomes = []

    def move(to, note):
        try:
            barrier.wait()
            with transaction.atomic():
                transition(enrolment, to, actor=iro, note=note)
            outcomes.append(to)
        except IllegalTransition:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=move, args=(Enrolment.Status.ACCEPTED, "a")),
        threading.Thread(target=move, args=(Enrolment.Status.REJECTED, "b")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    enrolment.refresh_from_db()
    assert sorted(outcomes, key=str) == sorted(["refused", enrolment.status], key=str)
    assert AuditEvent.objects.count() == 1
