"""Every kind of notification, sent by the code that really sends it, leads its
recipient to a page they can open (200): the one that needs them.

Each test makes one app's moves through its services and then opens every
notification they wrote as its recipient would (the list's open view, then the
page it redirects to). The last test checks that together they walk every kind
registered.
"""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from certificates import services as certificate_services
from certificates.models import Certificate
from industries import services as industry_services
from industries.models import ProblemRequest
from partner_portal.models import Notification
from partner_portal.notifications import KINDS
from placements import services as placement_services
from placements.models import Document, Milestone, Placement
from placements.reminders import send_reminders
from teams import services as team_services
from teams.models import Enrolment, Team
from tests import factories
from tests.documents import pdf as pdf_bytes
from tests.placements.test_reminders import (
    overdue_first_visit,
    overdue_milestones,
    overdue_proposals,
)

pytestmark = pytest.mark.django_db

# Kinds that tell of something done, with nothing to do about it on a page: they
# open the list itself.
WITHOUT_A_PAGE = {"unit_access_refused", "unit_access_removed"}

INDUSTRY_KINDS = {
    "problem_submitted",
    "problem_returned",
    "problem_approved",
    "problem_rejected",
    "unit_join_requested",
    "unit_access_granted",
    "unit_access_refused",
    "unit_access_removed",
}
TEAM_KINDS = {
    "enrolment_accepted",
    "enrolment_rejected",
    "enrolment_trained",
    "team_supervision_requested",
    "team_supervision_declined",
    "team_confirmed",
    "team_assigned",
    "team_dissolved",
}
PLACEMENT_KINDS = {
    "placement_dispatched",
    "visit_scheduled",
    "proposals_submitted",
    "proposals_returned",
    "proposal_selected",
    "milestone_reported",
    "milestone_reopened",
    "milestone_confirmed",
    "placement_completed",
    "placement_cancelled",
    "certificates_to_sign",
}
REMINDER_KINDS = {
    "reminder_first_visit",
    "reminder_proposals",
    "reminder_milestone",
    "reminder_milestone_confirm",
}
CERTIFICATE_KINDS = {
    "certificates_to_sign",
    "certificate_issued",
    "certificate_revoked",
}


# The fixture world's own notifications are not of the moves made here.


@pytest.fixture
def world(world):
    Notification.objects.all().delete()
    return world


@pytest.fixture
def full_world(full_world):
    Notification.objects.all().delete()
    return full_world


def open_every_notification(expected_kinds):
    """Open each notification written so far as its recipient; returns what failed
    (kind, recipient, where it led, the answer)."""
    notifications = Notification.objects.select_related("recipient")
    assert {n.kind for n in notifications} == expected_kinds
    failures = []
    for notification in notifications:
        client = Client()
        client.force_login(notification.recipient)
        opened = client.post(reverse("notification-open", args=[notification.pk]))
        target = opened["Location"]
        page = client.get(target)
        to_the_list = target == reverse("notifications")
        if page.status_code != 200 or to_the_list != (
            notification.kind in WITHOUT_A_PAGE
        ):
            failures.append(
                (
                    notification.kind,
                    notification.recipient.email,
                    target,
                    page.status_code,
                )
            )
    return failures


def test_industry_events_lead_to_their_pages(world, manager, iro):
    problem = world.objects["draft_problem"]
    industry_services.problem_submit(problem=problem, actor=manager)
    industry_services.problem_return(problem=problem, actor=iro, note="پیوست کنید")
    industry_services.problem_submit(problem=problem, actor=manager)
    industry_services.problem_approve(problem=problem, actor=iro)
    refused = factories.ProblemFactory(
        unit=world.objects["unit"], status=ProblemRequest.Status.SUBMITTED
    )
    industry_services.problem_reject(problem=refused, actor=iro, note="تکراری")
    approved, refused = (
        industry_services.unit_join_request(
            user=factories.UserFactory(manager=True),
            unit=world.objects["unit"],
            position="مدیر تولید",
        )
        for _ in range(2)
    )
    industry_services.unit_manager_approve(link=approved, actor=iro)
    removed = factories.UnitManagerFactory(unit=world.objects["unit"])
    industry_services.unit_manager_remove(link=removed, actor=iro)
    industry_services.unit_manager_reject(link=refused, actor=iro, note="نه")

    assert open_every_notification(INDUSTRY_KINDS) == []


def test_team_events_lead_to_their_pages(full_world, supervisor, iro):
    objects = full_world.objects
    team_services.enrolment_accept(enrolment=objects["other_enrolment"], actor=iro)
    refused = factories.EnrolmentFactory(round=objects["round"])
    team_services.enrolment_reject(enrolment=refused, actor=iro, note="ظرفیت پر است")
    trained = factories.EnrolmentFactory(
        round=objects["round"], status=Enrolment.Status.ACCEPTED
    )
    for _ in range(2):
        factories.AttendanceFactory(
            enrolment=trained,
            session=factories.TrainingSessionFactory(round=objects["round"]),
        )
    team_services.promote_trained(enrolment_ids=[trained.pk], actor=iro)

    team = objects["proposed_team"]
    team_services.team_confirm(team=team, actor=iro)
    team_services.team_supervision_decline(team=team, actor=supervisor, note="پرمشغله")
    Team.objects.filter(pk=team.pk).update(supervisor=objects["professor"])
    team = team_services.team_confirm(team=Team.objects.get(pk=team.pk), actor=iro)
    team = team_services.team_supervision_accept(team=team, actor=supervisor)
    before_dissolving = open_every_notification(TEAM_KINDS - {"team_dissolved"})
    # A dissolved team is seen by nobody: what led to its page now answers 404.
    Notification.objects.all().delete()
    team_services.team_dissolve(team=team, actor=iro, note="مسئله منتفی شد")

    assert before_dissolving == []
    assert open_every_notification({"team_dissolved"}) == []


def upload():
    return SimpleUploadedFile("report.pdf", pdf_bytes(), content_type="application/pdf")


def propose(placement, student, supervisor):
    proposal = placement_services.proposal_save(
        placement=placement, actor=student, milestones=[("طراحی", "نقشه", 2)],
        title="بهبود قالب", summary="خلاصه", approach="روش", duration_weeks=4,
    )  # fmt: skip
    placement_services.placement_submit(placement=placement, actor=supervisor)
    return proposal


def test_placement_events_lead_to_their_pages(world, student, supervisor, manager, iro):
    team = world.objects["team"]
    team.placement.delete()
    placement = placement_services.placement_dispatch(
        team=Team.objects.get(pk=team.pk), actor=iro
    )
    visit = placement_services.visit_schedule(
        placement=placement, starts_at=timezone.now() + datetime.timedelta(days=2),
        place="سالن تولید", attendees="تیم", actor=manager,
    )  # fmt: skip
    placement_services.visit_record_findings(visit=visit, findings="x", actor=student)
    placement_services.document_upload(
        placement=placement, actor=student, upload=upload(),
        kind=Document.Kind.ASSESSMENT, title="گزارش ارزیابی",
    )  # fmt: skip
    placement_services.placement_propose(placement=placement, actor=student)
    proposal = propose(placement, student, supervisor)
    placement_services.placement_revise(
        placement=placement, actor=manager, note="ارزان‌تر"
    )
    placement_services.placement_submit(placement=placement, actor=supervisor)
    placement_services.placement_select(
        placement=placement, proposal=proposal, actor=manager, rationale="خوب"
    )
    milestone = Milestone.objects.get(proposal=proposal)
    placement_services.milestone_report(milestone=milestone, actor=student, note="شد")
    placement_services.milestone_reopen(milestone=milestone, actor=manager, note="نه")
    milestone.refresh_from_db()
    placement_services.milestone_report(milestone=milestone, actor=student, note="شد")
    placement_services.milestone_confirm(milestone=milestone, actor=manager)
    placement_services.evaluation_save(
        placement=placement, actor=manager, quality=5, timeliness=4, communication=5,
        comment="تیم منظم",
    )  # fmt: skip
    placement_services.grades_save(
        placement=placement,
        actor=supervisor,
        grades={world.objects["enrolment"].pk: (True, 18, 160)},
    )
    placement_services.placement_complete(placement=placement, actor=manager)
    placement_services.placement_cancel(
        placement=world.objects["other_placement"], actor=iro, note="واحد تعطیل شد"
    )

    assert open_every_notification(PLACEMENT_KINDS) == []


def test_reminders_of_late_steps_lead_to_their_pages(world):
    overdue_first_visit(world.objects["placement"])
    overdue_milestones(
        world.objects["other_placement"],
        Milestone.Status.PLANNED,
        Milestone.Status.REPORTED,
    )
    send_reminders()
    third = factories.ProblemFactory(
        unit=world.objects["unit"], status=ProblemRequest.Status.ASSIGNED
    )
    late = Team.objects.create(
        round=world.objects["round"], problem=third,
        supervisor=world.objects["professor"], status=Team.Status.CONFIRMED,
    )  # fmt: skip
    overdue_proposals(Placement.objects.create(team=late))
    send_reminders()

    assert open_every_notification(REMINDER_KINDS) == []


def test_certificate_events_lead_to_their_pages(world, supervisor, iro):
    certificate = Certificate.objects.create(
        **factories.certificate_facts(
            world.objects["placement"], world.objects["enrolment"].student
        ),
        credit_hours=120,
    )
    certificate_services.certificate_sign(certificate=certificate, actor=supervisor)
    certificate_services.certificate_render(
        certificate.pk, render=lambda _certificate: pdf_bytes()
    )
    certificate.refresh_from_db()
    certificate_services.certificate_revoke(
        certificate=certificate, actor=iro, note="نمره اشتباه ثبت شد"
    )
    certificate_services.certificate_replace(certificate=certificate, actor=iro)

    assert open_every_notification(CERTIFICATE_KINDS) == []


def test_together_the_walks_cover_every_kind_registered():
    walked = (
        INDUSTRY_KINDS | TEAM_KINDS | PLACEMENT_KINDS | REMINDER_KINDS
    ) | CERTIFICATE_KINDS

    assert walked == set(KINDS)
