"""A placement from dispatch to completion through the services, as its four
kinds of people make it; and every refusal on the way changes nothing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from industries.models import ProblemRequest
from partner_portal.models import Notification
from partner_portal.workflow import audit_trail
from placements import services
from placements.models import (
    Document,
    Milestone,
    Placement,
    SolutionProposal,
)
from teams.models import Membership, Team
from tests.documents import pdf as pdf_bytes

pytestmark = pytest.mark.django_db


def pdf(name="report.pdf"):
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


@pytest.fixture
def dispatched(world, iro):
    """The world's confirmed team, dispatched afresh."""
    team = world.objects["team"]
    team.placement.delete()
    return services.placement_dispatch(team=Team.objects.get(pk=team.pk), actor=iro)


def soon(days=3):
    return timezone.now() + datetime.timedelta(days=days)


def plan(n=2):
    return [(f"گام {i}", f"تحویل {i}", 2 * i) for i in range(1, n + 1)]


def write_proposal(placement, student, title="راه‌حل الف", milestones=None):
    return services.proposal_save(
        placement=placement,
        actor=student,
        milestones=milestones or plan(),
        title=title,
        summary="خلاصه",
        approach="روش",
        estimated_cost=150_000_000,
        duration_weeks=8,
        resources_needed="دسترسی به خط پرس",
    )


def assess(placement, student, manager):
    visit = services.visit_schedule(
        placement=placement, starts_at=soon(), place="سالن تولید",
        attendees="تیم\nمدیر تولید", actor=manager,
    )  # fmt: skip
    services.visit_record_findings(
        visit=visit, findings="ضایعات در لبه‌ها", actor=student
    )
    services.document_upload(
        placement=placement, actor=student, upload=pdf(),
        kind=Document.Kind.ASSESSMENT, title="گزارش ارزیابی",
    )  # fmt: skip
    services.placement_propose(placement=placement, actor=student)


def test_the_whole_journey_from_dispatch_to_completion(
    world, dispatched, student, supervisor, manager, iro
):
    placement = dispatched
    assert Notification.objects.filter(kind="placement_dispatched").count() >= 3

    assess(placement, student, manager)
    placement.refresh_from_db()
    assert placement.status == Placement.Status.PROPOSAL

    chosen = write_proposal(placement, student, "راه‌حل الف")
    write_proposal(placement, student, "راه‌حل ب", plan(1))
    services.placement_submit(placement=placement, actor=supervisor)
    assert Notification.objects.filter(
        recipient=manager, kind="proposals_submitted"
    ).exists()

    services.placement_select(
        placement=placement, proposal=chosen, actor=manager,
        rationale="کم‌هزینه‌تر", internal=True,
    )  # fmt: skip
    placement.refresh_from_db()
    milestones = list(chosen.milestones.order_by("weeks"))
    assert placement.status == Placement.Status.EXECUTION
    assert placement.selected_proposal == chosen
    assert milestones[0].due_on == timezone.localdate() + datetime.timedelta(weeks=2)

    for milestone in milestones:
        services.milestone_report(milestone=milestone, actor=student, note="انجام شد")
        services.milestone_confirm(milestone=milestone, actor=manager)
    services.evaluation_save(
        placement=placement, actor=manager, quality=5, timeliness=4, communication=5,
        comment="تیم منظم",
    )  # fmt: skip
    member = world.objects["enrolment"]
    services.grades_save(
        placement=placement, actor=supervisor, grades={member.pk: (True, 18, 160)}
    )
    services.placement_complete(placement=placement, actor=manager, note="تحویل شد")

    placement.refresh_from_db()
    team = placement.team
    team.refresh_from_db()
    assert placement.status == Placement.Status.COMPLETED
    assert team.status == Team.Status.COMPLETED
    assert team.problem.status == ProblemRequest.Status.CLOSED
    assert not team.memberships.current().exists()
    assert [e.to_state for e in audit_trail(placement)] == [
        "dispatched",
        "assessment",
        "proposal",
        "selection",
        "execution",
        "completed",
    ]
    assert [e.actor for e in audit_trail(placement)] == [
        iro, manager, student, supervisor, manager, manager,
    ]  # fmt: skip


@pytest.fixture
def executing(dispatched, student, supervisor, manager):
    assess(dispatched, student, manager)
    proposal = write_proposal(dispatched, student)
    services.placement_submit(placement=dispatched, actor=supervisor)
    services.placement_select(
        placement=dispatched, proposal=proposal, actor=manager, rationale="خوب"
    )
    dispatched.refresh_from_db()
    return dispatched


def test_the_proposals_cannot_go_to_the_manager_without_findings_and_a_report(
    dispatched, student, manager
):
    services.visit_schedule(
        placement=dispatched, starts_at=soon(), place="x", attendees="x", actor=manager
    )

    with pytest.raises(ValidationError) as refused:
        services.placement_propose(placement=dispatched, actor=student)

    dispatched.refresh_from_db()
    assert refused.value.code == "no_findings"
    assert dispatched.status == Placement.Status.ASSESSMENT


def test_at_most_three_proposals_and_each_needs_a_plan(dispatched, student, manager):
    assess(dispatched, student, manager)
    for title in ("الف", "ب", "پ"):
        write_proposal(dispatched, student, title)

    with pytest.raises(ValidationError):
        write_proposal(dispatched, student, "ت")
    with pytest.raises(ValidationError):
        write_proposal(dispatched, student, "ث", milestones=[])

    assert dispatched.proposals.count() == 3


def test_selecting_needs_exactly_one_of_the_teams_proposals(
    dispatched, student, supervisor, manager, world
):
    assess(dispatched, student, manager)
    write_proposal(dispatched, student)
    services.placement_submit(placement=dispatched, actor=supervisor)
    stranger = SolutionProposal.objects.create(
        placement=world.objects["other_placement"], title="x", summary="x",
        approach="x", duration_weeks=2,
    )  # fmt: skip

    for proposal in (None, stranger):
        with pytest.raises(ValidationError):
            services.placement_select(
                placement=dispatched, proposal=proposal, actor=manager, rationale="x"
            )

    dispatched.refresh_from_db()
    assert dispatched.status == Placement.Status.SELECTION
    assert dispatched.selected_proposal is None


def test_a_manager_of_another_unit_cannot_select(
    dispatched, student, supervisor, manager, other_unit_manager
):
    assess(dispatched, student, manager)
    proposal = write_proposal(dispatched, student)
    services.placement_submit(placement=dispatched, actor=supervisor)

    with pytest.raises(PermissionDenied):
        services.placement_select(
            placement=dispatched, proposal=proposal, actor=other_unit_manager,
            rationale="x",
        )  # fmt: skip

    dispatched.refresh_from_db()
    assert dispatched.status == Placement.Status.SELECTION


def test_the_manager_sends_the_proposals_back_with_a_comment(
    dispatched, student, supervisor, manager
):
    assess(dispatched, student, manager)
    write_proposal(dispatched, student)
    services.placement_submit(placement=dispatched, actor=supervisor)

    services.placement_revise(placement=dispatched, actor=manager, note="ارزان‌تر")

    dispatched.refresh_from_db()
    assert dispatched.status == Placement.Status.PROPOSAL
    assert audit_trail(dispatched).last().note == "ارزان‌تر"
    assert Notification.objects.filter(kind="proposals_returned").exists()


def test_a_student_cannot_confirm_a_milestone(executing, student):
    milestone = executing.selected_proposal.milestones.first()
    services.milestone_report(milestone=milestone, actor=student, note="انجام شد")

    with pytest.raises(PermissionDenied):
        services.milestone_confirm(milestone=milestone, actor=student)

    milestone.refresh_from_db()
    assert milestone.status == Milestone.Status.REPORTED


def test_a_progress_report_keeps_its_file(executing, student):
    milestone = executing.selected_proposal.milestones.first()

    report = services.milestone_report(
        milestone=milestone, actor=student, note="انجام شد", upload=pdf("step.pdf")
    )

    [document] = report.documents.all()
    assert document.kind == Document.Kind.PROGRESS
    assert document.versions.get().original_name == "step.pdf"


def ready_to_complete(placement, world, manager, supervisor):
    services.evaluation_save(
        placement=placement, actor=manager, quality=4, timeliness=4, communication=4
    )
    services.grades_save(
        placement=placement,
        actor=supervisor,
        grades={world.objects["enrolment"].pk: (True, 17, 150)},
    )


def test_completing_with_unconfirmed_milestones_needs_the_managers_override(
    executing, world, manager, supervisor
):
    ready_to_complete(executing, world, manager, supervisor)

    with pytest.raises(ValidationError) as refused:
        services.placement_complete(placement=executing, actor=manager)
    executing.refresh_from_db()
    assert refused.value.code == "milestones_open"
    assert executing.status == Placement.Status.EXECUTION

    services.placement_complete(
        placement=executing, actor=manager, override="گام دوم در قرارداد بعدی"
    )
    executing.refresh_from_db()
    assert executing.status == Placement.Status.COMPLETED
    assert executing.completion_override == "گام دوم در قرارداد بعدی"


def test_completing_needs_the_evaluation_and_every_grade(executing, manager):
    with pytest.raises(ValidationError) as refused:
        services.placement_complete(placement=executing, actor=manager, override="x")

    executing.refresh_from_db()
    assert refused.value.code == "no_evaluation"
    assert executing.status == Placement.Status.EXECUTION


def test_only_the_supervisor_grades_and_only_the_teams_students(
    executing, world, manager, supervisor
):
    with pytest.raises(PermissionDenied):
        services.grades_save(
            placement=executing, actor=manager,
            grades={world.objects["enrolment"].pk: (True, 18, 100)},
        )  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.grades_save(
            placement=executing, actor=supervisor,
            grades={world.objects["other_enrolment"].pk: (True, 18, 100)},
        )  # fmt: skip
    with pytest.raises(ValidationError):
        services.grades_save(
            placement=executing, actor=supervisor,
            grades={world.objects["enrolment"].pk: (True, 21, 100)},
        )  # fmt: skip

    assert not executing.grades.exists()


def test_a_newer_document_keeps_the_older_version(dispatched, student):
    first = services.document_upload(
        placement=dispatched, actor=student, upload=pdf("v1.pdf"), title="گزارش"
    )

    second = services.document_upload(
        placement=dispatched, actor=student, upload=pdf("v2.pdf"),
        document=first.document,
    )  # fmt: skip

    assert second.number == 2
    assert [v.original_name for v in first.document.versions.all()] == [
        "v2.pdf",
        "v1.pdf",
    ]
    assert first.file.storage.exists(first.file.name)


def test_an_upload_that_is_not_a_document_is_refused(dispatched, student):
    fake = SimpleUploadedFile("report.pdf", b"<html>not a pdf</html>")

    with pytest.raises(ValidationError):
        services.document_upload(placement=dispatched, actor=student, upload=fake)

    assert not Document.objects.filter(placement=dispatched).exists()


def test_cancelling_frees_the_students_for_another_team(dispatched, iro, world):
    services.placement_cancel(placement=dispatched, actor=iro, note="واحد تعطیل شد")

    enrolment = world.objects["enrolment"]
    assert not Membership.objects.current().filter(enrolment=enrolment).exists()
    assert Notification.objects.filter(kind="placement_cancelled").exists()


def test_outsiders_cannot_schedule_visits_or_upload(
    dispatched, other_student, other_unit_manager, other_professor
):
    for outsider in (other_student, other_unit_manager, other_professor):
        with pytest.raises(PermissionDenied):
            services.visit_schedule(
                placement=dispatched, starts_at=soon(), place="x", attendees="x",
                actor=outsider,
            )  # fmt: skip
        with pytest.raises(PermissionDenied):
            services.document_upload(placement=dispatched, actor=outsider, upload=pdf())

    assert not dispatched.visits.exists()
    assert not dispatched.documents.exists()
