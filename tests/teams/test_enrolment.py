import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from partner_portal.models import AuditEvent, FieldOfStudy, Notification
from partner_portal.workflow import audit_trail
from teams.models import Enrolment, Membership, Round, Student
from tests.factories import EnrolmentFactory, RoundFactory, StudentFactory

pytestmark = pytest.mark.django_db


def enrol_data(**overrides):
    return {
        "student_number": "۴۰۲۱۲۳۴۵۶",
        "field": FieldOfStudy.objects.get(slug="mechanical").pk,
        "level": "bsc",
        "entry_year": "۱۴۰۲",
        "skills": "SolidWorks",
        "weekly_hours": "۱۰",
        "motivation": "تجربه صنعتی",
        **overrides,
    }


@pytest.fixture
def newcomer(django_user_model):
    return django_user_model.objects.create_user(
        "newcomer@test.example",
        "x-pass-1405",
        full_name="سینا",
        is_student=True,
        email_verified_at=timezone.now(),
    )


@pytest.fixture
def open_round(db):
    return RoundFactory(status=Round.Status.OPEN)


def test_a_student_enrols_in_the_open_round(client, newcomer, open_round):
    client.force_login(newcomer)

    response = client.post(reverse("teams:enrol"), enrol_data())

    enrolment = Enrolment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == enrolment.get_absolute_url()
    assert enrolment.status == Enrolment.Status.APPLIED
    assert enrolment.round == open_round
    assert enrolment.weekly_hours == 10
    assert enrolment.student.student_number == "402123456"
    assert enrolment.student.entry_year == 1402


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"student_number": "40212"}, "student_number", "exactly nine digits"),
        (
            {"student_number": "401123456"},
            "student_number",
            "starts with the entry year",
        ),
        ({"level": "msc"}, "level", "not offered at this level"),
        ({"weekly_hours": "50"}, "weekly_hours", "less than or equal to 40"),
        ({"entry_year": "1370"}, "entry_year", "greater than or equal to 1380"),
        ({"motivation": ""}, "motivation", "This field is required"),
    ],
)
def test_bad_enrolment_input_is_explained_next_to_the_field_and_saves_nothing(
    client, newcomer, open_round, overrides, field, message
):
    client.force_login(newcomer)

    response = client.post("/en/enrol/", enrol_data(**overrides))

    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field])
    assert not Enrolment.objects.exists()
    assert not Student.objects.exists()


def test_a_student_number_taken_by_someone_else_is_refused(
    client, newcomer, open_round
):
    StudentFactory(student_number="402123456")
    client.force_login(newcomer)

    response = client.post("/en/enrol/", enrol_data())

    assert response.context["form"].errors["student_number"] == [
        "Another student already has this number."
    ]
    assert not Enrolment.objects.exists()


def test_bad_input_is_explained_in_persian_too(client, newcomer, open_round):
    client.force_login(newcomer)

    response = client.post("/enrol/", enrol_data(student_number="12"))

    assert "۹ رقم" in response.context["form"].errors["student_number"][0]


def test_enrolment_is_refused_when_no_round_is_open(client, newcomer):
    RoundFactory(status=Round.Status.FORMATION)
    client.force_login(newcomer)

    response = client.post("/en/enrol/", enrol_data())

    assert "No round is open for enrolment" in response.content.decode()
    assert not Enrolment.objects.exists()


def test_enrolling_twice_leads_to_the_existing_enrolment(client, world, student):
    client.force_login(student)

    response = client.post(reverse("teams:enrol"), enrol_data(), follow=True)

    assert (
        response.redirect_chain[-1][0] == world.objects["enrolment"].get_absolute_url()
    )
    assert Enrolment.objects.filter(student__user=student).count() == 1


def test_iro_accepts_and_the_student_is_told_in_app_and_by_mail(client, world, iro):
    enrolment = world.objects["other_enrolment"]
    client.force_login(iro)

    with_mail = client.post(
        reverse("teams:enrolment-accept", args=[enrolment.pk]), {"note": "خوش آمدید"}
    )

    enrolment.refresh_from_db()
    assert with_mail.status_code == 302
    assert enrolment.status == Enrolment.Status.ACCEPTED
    assert audit_trail(enrolment).get().note == "خوش آمدید"
    notification = Notification.objects.get(recipient=enrolment.student.user)
    assert notification.kind == "enrolment_accepted"
    assert notification.url == enrolment.get_absolute_url()


def test_the_acceptance_mail_is_sent_after_commit(
    client, world, iro, django_capture_on_commit_callbacks
):
    enrolment = world.objects["other_enrolment"]
    client.force_login(iro)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("teams:enrolment-accept", args=[enrolment.pk]))

    assert [m.to for m in mail.outbox] == [[enrolment.student.user.email]]
    assert "Autumn 1405" in mail.outbox[0].body or "پاییز" in mail.outbox[0].body


def test_rejecting_needs_a_reason(client, world, iro):
    enrolment = world.objects["other_enrolment"]
    client.force_login(iro)

    client.post(reverse("teams:enrolment-reject", args=[enrolment.pk]), {"note": " "})

    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.APPLIED
    assert not audit_trail(enrolment).exists()


def test_rejection_tells_the_student_why(client, world, iro):
    enrolment = world.objects["other_enrolment"]
    client.force_login(iro)

    client.post(
        reverse("teams:enrolment-reject", args=[enrolment.pk]), {"note": "ظرفیت پر است"}
    )

    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.REJECTED
    notification = Notification.objects.get(recipient=enrolment.student.user)
    assert notification.params["comment"] == "ظرفیت پر است"


def test_an_illegal_decision_is_refused_with_a_message_and_changes_nothing(
    client, world, iro
):
    enrolment = world.objects["enrolment"]  # already trained
    client.force_login(iro)

    response = client.post(
        f"/en/enrolments/{enrolment.pk}/reject/", {"note": "late"}, follow=True
    )

    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.TRAINED
    assert "cannot move from “Trained (eligible)” to “Rejected”" in (
        response.content.decode()
    )
    assert not audit_trail(enrolment).exists()


def test_a_student_withdraws_their_own_enrolment(client, world, student):
    enrolment = world.objects["enrolment"]
    Membership.objects.filter(enrolment=enrolment).update(
        ended_at=timezone.now(), end_reason=Membership.EndReason.REMOVED
    )
    client.force_login(student)

    client.post(reverse("teams:enrolment-withdraw", args=[enrolment.pk]))

    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.WITHDRAWN
    assert audit_trail(enrolment).get().actor == student


def test_a_student_in_a_team_cannot_withdraw_and_is_told_why(client, world, student):
    enrolment = world.objects["enrolment"]
    client.force_login(student)

    response = client.post(f"/en/enrolments/{enrolment.pk}/withdraw/", follow=True)

    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.TRAINED
    assert not audit_trail(enrolment).exists()
    assert "must take them off the team first" in response.content.decode()


def test_a_student_cannot_withdraw_someone_else(client, world, student):
    enrolment = world.objects["other_enrolment"]
    client.force_login(student)

    response = client.post(reverse("teams:enrolment-withdraw", args=[enrolment.pk]))

    enrolment.refresh_from_db()
    assert response.status_code == 404
    assert enrolment.status == Enrolment.Status.APPLIED


def test_a_student_cannot_accept_themself(client, world, other_student):
    enrolment = world.objects["other_enrolment"]
    client.force_login(other_student)

    response = client.post(reverse("teams:enrolment-accept", args=[enrolment.pk]))

    enrolment.refresh_from_db()
    assert response.status_code == 403
    assert enrolment.status == Enrolment.Status.APPLIED


def test_bulk_accept_moves_the_applied_and_reports_the_rest(client, world, iro):
    round_ = world.objects["round"]
    applied = EnrolmentFactory.create_batch(3, round=round_)
    trained = world.objects["enrolment"]
    client.force_login(iro)

    response = client.post(
        "/en/enrolments/decide/",
        {
            "enrolments": [e.pk for e in [*applied, trained]],
            "decision": "accept",
            "note": "",
            "next": "/en/enrolments/?status=applied",
        },
        follow=True,
    )

    statuses = set(
        Enrolment.objects.filter(pk__in=[e.pk for e in applied]).values_list(
            "status", flat=True
        )
    )
    trained.refresh_from_db()
    assert response.redirect_chain[-1][0] == "/en/enrolments/?status=applied"
    assert statuses == {Enrolment.Status.ACCEPTED}
    assert trained.status == Enrolment.Status.TRAINED
    assert "3 enrolments changed." in response.content.decode()
    assert "Left as they were (already decided)" in response.content.decode()
    assert AuditEvent.objects.filter(to_state="accepted").count() == 3


def test_bulk_reject_without_a_note_changes_nothing(client, world, iro):
    applied = EnrolmentFactory.create_batch(2, round=world.objects["round"])
    client.force_login(iro)

    response = client.post(
        "/en/enrolments/decide/",
        {"enrolments": [e.pk for e in applied], "decision": "reject", "note": ""},
        follow=True,
    )

    assert "Write the reason for the rejection." in response.content.decode()
    assert not AuditEvent.objects.filter(target_id__in=[e.pk for e in applied]).exists()
    assert {
        e.status for e in Enrolment.objects.filter(pk__in=[e.pk for e in applied])
    } == {Enrolment.Status.APPLIED}


def test_the_queue_filters_by_state_field_and_search(client, world, iro):
    round_ = world.objects["round"]
    civil = FieldOfStudy.objects.get(slug="civil")
    EnrolmentFactory(
        round=round_, student__field=civil, student__user__full_name="کاوه"
    )
    client.force_login(iro)

    by_field = client.get(reverse("teams:enrolment-list"), {"field": civil.pk})
    by_status = client.get(reverse("teams:enrolment-list"), {"status": "trained"})
    by_name = client.get(reverse("teams:enrolment-list"), {"q": "کاوه"})

    assert [e.student.field for e in by_field.context["page_obj"]] == [civil]
    assert list(by_status.context["page_obj"]) == [world.objects["enrolment"]]
    assert [e.student.user.full_name for e in by_name.context["page_obj"]] == ["کاوه"]


@pytest.mark.parametrize(
    "target",
    ["-1", "x", "//evil.example/", "/\\evil.example", "https://evil.example/", ""],
)
def test_the_bulk_decision_goes_back_only_to_a_page_of_this_site(
    client, world, iro, target
):
    applied = EnrolmentFactory(round=world.objects["round"])
    client.force_login(iro)

    response = client.post(
        "/en/enrolments/decide/",
        {"enrolments": [applied.pk], "decision": "accept", "next": target},
    )

    assert response.status_code == 302
    assert response["Location"] == "/en/enrolments/"


def test_the_bulk_decision_goes_back_to_the_filtered_list(client, world, iro):
    applied = EnrolmentFactory(round=world.objects["round"])
    client.force_login(iro)

    response = client.post(
        "/en/enrolments/decide/",
        {
            "enrolments": [applied.pk],
            "decision": "accept",
            "next": "/en/enrolments/?status=applied",
        },
    )

    assert response["Location"] == "/en/enrolments/?status=applied"


@pytest.mark.parametrize("bad", [str(2**63), str(2**70), "²"])
def test_an_impossible_enrolment_id_is_a_message_not_an_error(client, world, iro, bad):
    client.force_login(iro)

    response = client.post(
        "/en/enrolments/decide/",
        {"enrolments": [bad], "decision": "accept", "next": "/en/enrolments/"},
        follow=True,
    )

    assert response.status_code == 200
    assert "is not a valid value" in response.content.decode()


@pytest.mark.parametrize("query", ["\x00", "a\x00b", "\x01\x1f"])
def test_control_characters_in_a_search_are_ignored(client, world, iro, query):
    client.force_login(iro)

    enrolments = client.get("/en/enrolments/", {"q": query})
    professors = client.get("/en/professors/", {"q": query})

    assert enrolments.status_code == 200
    assert professors.status_code == 200
    assert "Null characters are not allowed" not in enrolments.content.decode()


def test_a_note_with_control_characters_is_saved_without_them(client, world, iro):
    applied = EnrolmentFactory(round=world.objects["round"])
    client.force_login(iro)

    response = client.post(
        reverse("teams:enrolment-reject", args=[applied.pk]),
        {"note": "ناقص\x00 است\r\nدوباره\x07 بفرستید"},
    )

    assert response.status_code == 302
    assert audit_trail(applied).get().note == "ناقص است\r\nدوباره بفرستید"
