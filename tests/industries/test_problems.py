import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from industries import services
from industries.models import ProblemRequest
from partner_portal.models import FieldOfStudy, Notification
from partner_portal.workflow import audit_trail
from tests.factories import ProblemFactory

pytestmark = pytest.mark.django_db
Status = ProblemRequest.Status


def problem_data(unit, **overrides):
    return {
        "unit": unit.pk,
        "title": "کاهش مصرف انرژی کوره",
        "description": "مصرف گاز کوره پخت بالاست.",
        "fields_needed": [FieldOfStudy.objects.get(slug="chemical").pk],
        "desired_team_size": "5",
        "urgency": "high",
        "duration_weeks": "۱۲",
        "confidential_notes": "قیمت گاز قرارداد ویژه",
        **overrides,
    }


@pytest.fixture
def draft(world):
    return ProblemFactory(unit=world.objects["unit"], status=Status.DRAFT)


def test_a_manager_writes_a_draft_for_their_unit(client, world, manager):
    client.force_login(manager)

    response = client.post(
        reverse("industries:problem-create"), problem_data(world.objects["unit"])
    )

    problem = ProblemRequest.objects.get(title="کاهش مصرف انرژی کوره")
    assert response.url == problem.get_absolute_url()
    assert (problem.status, problem.created_by, problem.duration_weeks) == (
        Status.DRAFT,
        manager,
        12,
    )


def test_a_manager_cannot_write_for_another_unit(client, world, manager):
    client.force_login(manager)

    response = client.post(
        "/en/problems/new/", problem_data(world.objects["other_unit"])
    )

    assert "Select a valid choice" in response.context["form"].errors["unit"][0]
    assert not ProblemRequest.objects.filter(title="کاهش مصرف انرژی کوره").exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"desired_team_size": "7"}, "desired_team_size"),
        ({"duration_weeks": "0"}, "duration_weeks"),
        ({"fields_needed": []}, "fields_needed"),
        ({"title": ""}, "title"),
    ],
)
def test_bad_problem_input_is_refused_next_to_the_field(
    client, world, manager, overrides, field
):
    client.force_login(manager)
    before = ProblemRequest.objects.count()

    response = client.post(
        "/en/problems/new/", problem_data(world.objects["unit"], **overrides)
    )

    assert field in response.context["form"].errors
    assert ProblemRequest.objects.count() == before


def test_submitting_notifies_the_office(client, world, manager, iro, draft):
    client.force_login(manager)

    client.post(reverse("industries:problem-submit", args=[draft.pk]))

    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED and draft.submitted_at is not None
    assert audit_trail(draft).get().to_state == "submitted"
    assert Notification.objects.filter(recipient=iro, kind="problem_submitted").exists()


def test_iro_returns_with_a_comment_and_the_manager_reads_it(
    client, world, manager, iro, draft
):
    draft.status = Status.SUBMITTED
    draft.save()
    client.force_login(iro)

    client.post(
        reverse("industries:problem-return", args=[draft.pk]),
        {"note": "هدف کمّی را مشخص کنید"},
    )

    draft.refresh_from_db()
    assert draft.status == Status.RETURNED
    notification = Notification.objects.get(recipient=manager, kind="problem_returned")
    assert notification.params["comment"] == "هدف کمّی را مشخص کنید"
    client.force_login(manager)
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "هدف کمّی را مشخص کنید" in page


def test_return_and_reject_need_a_comment(client, world, iro):
    problem = world.objects["other_problem"]
    client.force_login(iro)

    for action in ("problem-return", "problem-reject"):
        response = client.post(
            reverse(f"industries:{action}", args=[problem.pk]),
            {"note": ""},
            follow=True,
        )
        assert response.status_code == 200

    problem.refresh_from_db()
    assert problem.status == Status.SUBMITTED
    assert not audit_trail(problem).exists()


def test_a_returned_problem_is_edited_and_resubmitted(client, world, manager, draft):
    draft.status = Status.RETURNED
    draft.save()
    client.force_login(manager)

    client.post(
        reverse("industries:problem-edit", args=[draft.pk]),
        problem_data(world.objects["unit"], title="عنوان اصلاح‌شده"),
    )
    client.post(reverse("industries:problem-submit", args=[draft.pk]))

    draft.refresh_from_db()
    assert (draft.title, draft.status) == ("عنوان اصلاح‌شده", Status.SUBMITTED)


@pytest.fixture
def returned(world, manager, iro, draft):
    services.problem_submit(problem=draft, actor=manager)
    services.problem_return(problem=draft, actor=iro, note="نخستین نظر دفتر")
    services.problem_submit(problem=draft, actor=manager)
    services.problem_return(problem=draft, actor=iro, note="داده‌های سه ماه را بیفزایید")
    draft.refresh_from_db()
    return draft


def test_the_edit_page_shows_the_offices_last_comment_first(
    client, world, manager, returned
):
    client.force_login(manager)

    html = client.get(
        "/en" + reverse("industries:problem-edit", args=[returned.pk])
    ).content.decode()

    banner = html.index("The office returned this problem for changes")
    comment = html.index("داده‌های سه ماه را بیفزایید")
    assert banner < comment < html.index('name="title"')
    assert "نخستین نظر دفتر" not in html
    assert 'value="Save and resubmit"' in html


def test_save_and_resubmit_is_one_step(client, world, manager, returned):
    client.force_login(manager)

    response = client.post(
        reverse("industries:problem-edit", args=[returned.pk]),
        {
            **problem_data(world.objects["unit"], title="عنوان اصلاح‌شده"),
            "resubmit": "1",
        },
    )

    returned.refresh_from_db()
    assert response.status_code == 302
    assert (returned.title, returned.status) == ("عنوان اصلاح‌شده", Status.SUBMITTED)
    assert audit_trail(returned).last().to_state == Status.SUBMITTED


def test_a_refused_resubmission_keeps_the_saved_text_and_says_why(
    client, world, manager, returned, monkeypatch
):
    def office_closed(problem):
        raise ValidationError("The office is not taking problems today.")

    monkeypatch.setattr(services, "notify_iro_of_submission", office_closed)
    client.force_login(manager)

    response = client.post(
        "/en" + reverse("industries:problem-edit", args=[returned.pk]),
        {
            **problem_data(world.objects["unit"], title="عنوان اصلاح‌شده"),
            "resubmit": "1",
        },
        follow=True,
    )

    returned.refresh_from_db()
    html = response.content.decode()
    assert (returned.title, returned.status) == ("عنوان اصلاح‌شده", Status.RETURNED)
    assert "The problem has been saved." in html
    assert "The office is not taking problems today." in html


def test_a_problem_not_returned_has_no_banner(client, world, manager, draft):
    client.force_login(manager)

    html = client.get(
        "/en" + reverse("industries:problem-edit", args=[draft.pk])
    ).content.decode()

    assert "The office returned this problem" not in html
    assert 'value="Save and submit for review"' in html


def test_a_submitted_problem_cannot_be_edited(client, world, other_unit_manager):
    problem = world.objects["other_problem"]
    client.force_login(other_unit_manager)

    response = client.post(
        f"/en/problems/{problem.pk}/edit/",
        problem_data(world.objects["other_unit"], title="changed"),
        follow=True,
    )

    problem.refresh_from_db()
    assert problem.title == "برش دقیق سنگ"
    assert (
        "only be changed while it is a draft or returned" in response.content.decode()
    )


def test_approval_publishes_and_tells_the_managers(
    client, world, iro, other_unit_manager
):
    problem = world.objects["other_problem"]
    client.force_login(iro)

    client.post(reverse("industries:problem-approve", args=[problem.pk]))

    problem.refresh_from_db()
    assert problem.status == Status.APPROVED
    assert ProblemRequest.objects.published().filter(pk=problem.pk).exists()
    assert Notification.objects.filter(
        recipient=other_unit_manager, kind="problem_approved"
    ).exists()


def test_rejection_is_final_and_explained(client, world, iro, other_unit_manager):
    problem = world.objects["other_problem"]
    client.force_login(iro)

    client.post(
        reverse("industries:problem-reject", args=[problem.pk]),
        {"note": "خارج از حوزه"},
    )

    problem.refresh_from_db()
    assert problem.status == Status.REJECTED
    notification = Notification.objects.get(recipient=other_unit_manager)
    assert notification.kind == "problem_rejected"


def test_approving_a_draft_is_refused_and_changes_nothing(client, world, iro, draft):
    client.force_login(iro)

    response = client.post(f"/en/problems/{draft.pk}/approve/", follow=True)

    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    assert "cannot move from “Draft” to “Approved”" in response.content.decode()
    assert not audit_trail(draft).exists()


def test_a_manager_may_withdraw_until_assigned(client, world, manager):
    problem = world.objects["problem"]
    client.force_login(manager)

    client.post(reverse("industries:problem-withdraw", args=[problem.pk]))

    problem.refresh_from_db()
    assert problem.status == Status.WITHDRAWN


def test_an_assigned_problem_cannot_be_withdrawn(client, world, manager):
    problem = world.objects["problem"]
    problem.status = Status.ASSIGNED
    problem.save()
    client.force_login(manager)

    client.post(reverse("industries:problem-withdraw", args=[problem.pk]))

    problem.refresh_from_db()
    assert problem.status == Status.ASSIGNED


def test_the_office_cannot_submit_for_a_manager(client, world, iro, draft):
    client.force_login(iro)

    response = client.post(reverse("industries:problem-submit", args=[draft.pk]))

    draft.refresh_from_db()
    assert response.status_code == 403
    assert draft.status == Status.DRAFT


def test_the_review_queue_defaults_to_submitted_problems(client, world, iro):
    client.force_login(iro)

    response = client.get(reverse("industries:problem-list"))

    assert list(response.context["page_obj"]) == [world.objects["other_problem"]]


def test_the_page_offers_only_the_moves_the_table_allows(
    client, world, manager, iro, draft
):
    client.force_login(manager)
    draft_page = client.get(f"/en/problems/{draft.pk}/").content.decode()
    client.force_login(iro)
    iro_page = client.get(f"/en/problems/{draft.pk}/").content.decode()

    assert "Submit for review" in draft_page and "Withdraw" in draft_page
    assert "Approve and publish" not in draft_page
    assert "Approve and publish" not in iro_page
