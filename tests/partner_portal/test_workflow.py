"""The declared moves and the one transition helper: who, from where, guards, notes,
the audit trail (append-only), row locks, and the admin that cannot walk around them."""

import threading

import pytest
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.utils import translation

from industries.models import ProblemRequest
from partner_portal.checks import check_workflow_state_read_only_in_admin
from partner_portal.models import AppendOnly, AuditEvent
from partner_portal.workflow import (
    WORKFLOWS,
    IllegalTransition,
    audit_trail,
    available_moves,
    transition,
)
from teams.models import Enrolment, Round
from teams.moves import enrolment_moves
from tests.factories import EnrolmentFactory, ProblemFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_move_saves_the_state_and_writes_the_audit_row(iro):
    enrolment = EnrolmentFactory()

    transition(enrolment, "accept", actor=iro, note="welcome")

    enrolment.refresh_from_db()
    event = audit_trail(enrolment).get()
    assert enrolment.status == Enrolment.Status.ACCEPTED
    assert (event.actor, event.from_state, event.to_state, event.note) == (
        iro,
        "applied",
        "accepted",
        "welcome",
    )


def test_a_move_from_a_state_it_does_not_start_from_changes_nothing(iro):
    enrolment = EnrolmentFactory(status=Enrolment.Status.REJECTED)

    with translation.override("en"), pytest.raises(IllegalTransition) as refused:
        transition(enrolment, "accept", actor=iro)

    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.REJECTED
    assert not AuditEvent.objects.exists()
    assert "cannot move from “Rejected” to “Accepted”" in refused.value.messages[0]


def test_a_person_the_move_does_not_name_is_refused_and_nothing_changes():
    enrolment = EnrolmentFactory()
    the_student = enrolment.student.user

    with pytest.raises(PermissionDenied):
        transition(enrolment, "accept", actor=the_student)

    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.APPLIED
    assert not AuditEvent.objects.exists()


def test_a_required_note_is_enforced_by_the_helper(iro):
    enrolment = EnrolmentFactory()

    with pytest.raises(ValidationError) as refused:
        transition(enrolment, "reject", actor=iro, note="   ")

    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.APPLIED
    with translation.override("en"):
        assert refused.value.messages == ["Write the reason for the rejection."]


def test_a_guard_refusal_changes_nothing(world, iro):
    """The trained student is in a team: withdrawing is refused by the guard."""
    enrolment = world.objects["enrolment"]

    with translation.override("en"), pytest.raises(ValidationError) as refused:
        transition(enrolment, "withdraw", actor=iro)

    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.TRAINED
    assert "take them off the team first" in refused.value.messages[0]
    assert not audit_trail(enrolment).exists()


def test_the_system_may_make_any_move_and_is_recorded_as_no_one():
    enrolment = EnrolmentFactory()

    transition(enrolment, "accept", actor=None)

    assert audit_trail(enrolment).get().actor is None


def test_automatic_moves_are_never_offered_but_the_system_makes_them(iro):
    enrolment = EnrolmentFactory(status=Enrolment.Status.ACCEPTED)

    offered = {offer.name for offer in available_moves(iro, enrolment)}
    transition(enrolment, "train", actor=iro)

    assert "train" not in offered
    assert enrolment.status == Enrolment.Status.TRAINED


def test_available_moves_follow_who_may_make_them(world, iro):
    applied = world.objects["other_enrolment"]
    the_student = world.person("other_student")

    by_iro = [offer.name for offer in available_moves(iro, applied)]
    by_student = [offer.name for offer in available_moves(the_student, applied)]
    by_stranger = available_moves(world.person("student"), applied)

    assert by_iro == ["accept", "reject", "withdraw"]
    assert by_student == ["withdraw"]
    assert by_stranger == []


def test_a_move_whose_guard_refuses_is_offered_with_the_reason(world, manager):
    draft = world.objects["draft_problem"]
    draft.fields_needed.clear()

    with translation.override("en"):
        submit = next(o for o in available_moves(manager, draft) if o.name == "submit")

    assert submit.blocked == "Name at least one field of study the problem needs."


def test_the_table_is_derived_from_the_moves():
    table = enrolment_moves.table

    assert table[Enrolment.Status.APPLIED] == {"accepted", "rejected", "withdrawn"}
    assert table[Enrolment.Status.REJECTED] == set()


def test_every_model_with_a_state_declares_its_moves():
    names = {model.__name__ for model in WORKFLOWS}

    assert names == {
        "Round",
        "Enrolment",
        "Team",
        "UnitManager",
        "ProblemRequest",
        "Placement",
        "Milestone",
        "Certificate",
        "Invitation",
    }


def test_audit_labels_read_in_the_current_language(iro):
    enrolment = EnrolmentFactory()
    transition(enrolment, "accept", actor=iro)
    event = audit_trail(enrolment).get()

    with translation.override("en"):
        assert (event.from_label, event.to_label) == ("Applied", "Accepted")
    with translation.override("fa"):
        assert event.to_label == "پذیرفته‌شده"


# --- The audit trail is append-only ---------------------------------------------------


@pytest.fixture
def event(iro):
    enrolment = EnrolmentFactory()
    transition(enrolment, "accept", actor=iro, note="welcome")
    return audit_trail(enrolment).get()


def test_an_audit_event_cannot_be_changed_or_deleted(event):
    event.note = "rewritten"
    with pytest.raises(AppendOnly):
        event.save()
    with pytest.raises(AppendOnly):
        event.delete()
    with pytest.raises(AppendOnly):
        AuditEvent.objects.all().delete()
    with pytest.raises(AppendOnly):
        AuditEvent.objects.update(note="rewritten")

    event.refresh_from_db()
    assert event.note == "welcome"


def test_deleting_the_actors_account_keeps_the_event(event):
    event.actor.delete()

    event.refresh_from_db()
    assert event.actor is None
    assert event.note == "welcome"


def test_not_even_a_superuser_may_change_or_delete_an_audit_event_in_the_admin(event):
    superuser = UserFactory(is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(superuser)
    base = f"/en/admin/partner_portal/auditevent/{event.pk}"

    change = client.post(f"{base}/change/", {"note": "rewritten"})
    delete = client.post(f"{base}/delete/", {"post": "yes"})
    bulk = client.post(
        "/en/admin/partner_portal/auditevent/",
        {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"},
    )

    event.refresh_from_db()
    assert change.status_code == 403
    assert delete.status_code == 403
    assert bulk.status_code == 200  # the list, without a delete action to run
    assert event.note == "welcome"


@pytest.mark.postgres
def test_postgresql_itself_refuses_to_change_or_delete_an_audit_event(event):
    for statement in (
        "UPDATE partner_portal_auditevent SET note = 'x' WHERE id = %s",
        "DELETE FROM partner_portal_auditevent WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(statement, [event.pk])

    event.refresh_from_db()
    assert event.note == "welcome"


# --- The admin cannot walk around the moves -------------------------------------------


def test_the_admin_shows_workflow_state_read_only(iro):
    superuser = UserFactory(is_staff=True, is_superuser=True)
    problem = ProblemFactory(status=ProblemRequest.Status.SUBMITTED)
    client = Client()
    client.force_login(superuser)
    url = f"/en/admin/industries/problemrequest/{problem.pk}/change/"

    page = client.get(url)
    client.post(url, {"status": "approved", "title": problem.title})

    problem.refresh_from_db()
    assert 'name="status"' not in page.content.decode()
    assert problem.status == ProblemRequest.Status.SUBMITTED


def test_an_admin_action_makes_the_move_through_its_service(iro):
    iro.is_staff = iro.is_superuser = True
    iro.save()
    problem = ProblemFactory(status=ProblemRequest.Status.SUBMITTED)
    client = Client()
    client.force_login(iro)

    client.post(
        "/en/admin/industries/problemrequest/",
        {"action": "move_approve", "_selected_action": [problem.pk]},
    )

    problem.refresh_from_db()
    event = audit_trail(problem).get()
    assert problem.status == ProblemRequest.Status.APPROVED
    assert (event.actor, event.to_state) == (iro, "approved")


def test_the_system_check_fails_on_an_admin_that_edits_a_state(monkeypatch):
    site = admin.site
    monkeypatch.setitem(site._registry, Round, admin.ModelAdmin(Round, site))

    errors = check_workflow_state_read_only_in_admin()

    assert [error.id for error in errors] == ["portal.E001"]
    assert "Round.status" in errors[0].msg


def test_the_system_check_passes_on_the_real_admin():
    assert check_workflow_state_read_only_in_admin() == []


# --- Locks ----------------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_moves_from_the_same_state_let_only_one_through(iro):
    """The row lock makes the second mover see the first one's result: a student
    cannot be accepted and rejected at the same time."""
    enrolment = EnrolmentFactory()
    barrier = threading.Barrier(2)
    outcomes = []

    def move(name, note):
        try:
            barrier.wait()
            with transaction.atomic():
                transition(enrolment, name, actor=iro, note=note)
            outcomes.append(enrolment_moves[name].target)
        except IllegalTransition:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=move, args=("accept", "a")),
        threading.Thread(target=move, args=("reject", "b")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    enrolment.refresh_from_db()
    assert sorted(outcomes, key=str) == sorted(["refused", enrolment.status], key=str)
    assert AuditEvent.objects.count() == 1
