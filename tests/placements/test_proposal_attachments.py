"""A proposal carries its attachments; the general upload is for the assessment
report and other documents; bad files are refused next to their field."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from placements import services
from placements.models import Document, Placement, SolutionProposal
from tests.documents import pdf

pytestmark = pytest.mark.django_db


def proposing(world):
    placement = world.objects["placement"]
    Placement.objects.filter(pk=placement.pk).update(status=Placement.Status.PROPOSAL)
    placement.refresh_from_db()
    return placement


def proposal_data(**extra):
    return {
        "title": "اصلاح روش تعویض قالب",
        "summary": "کاهش زمان تعویض",
        "approach": "SMED",
        "estimated_cost": "۴۲۰٬۰۰۰٬۰۰۰",
        "duration_weeks": "۱۰",
        "resources_needed": "دو روز توقف خط",
        "plan-TOTAL_FORMS": "1",
        "plan-INITIAL_FORMS": "0",
        "plan-MIN_NUM_FORMS": "1",
        "plan-MAX_NUM_FORMS": "12",
        "plan-0-title": "اندازه‌گیری",
        "plan-0-deliverable": "گزارش",
        "plan-0-weeks": "2",
        **extra,
    }


def english(url_name, *args):
    with translation.override("en"):
        return reverse(url_name, args=args)


def test_a_proposal_is_saved_with_its_attachment(client, world, student):
    placement = proposing(world)
    client.force_login(student)
    upload = SimpleUploadedFile("quote.pdf", pdf(), content_type="application/pdf")

    response = client.post(
        english("placements:proposal-create", placement.pk),
        proposal_data(attachment=upload),
    )

    assert response.status_code == 302, response.context["form"].errors
    proposal = SolutionProposal.objects.get(placement=placement)
    assert proposal.estimated_cost == 420_000_000
    document = proposal.documents.get()
    assert (document.kind, document.title) == (Document.Kind.PROPOSAL, "quote.pdf")
    page = client.get(english("placements:placement-detail", placement.pk))
    assert document.versions.get().get_absolute_url() in page.content.decode()


def test_a_bad_attachment_is_refused_next_to_its_field_and_nothing_is_saved(
    client, world, student
):
    placement = proposing(world)
    client.force_login(student)
    upload = SimpleUploadedFile(
        "quote.pdf", b"<html><script>alert(1)</script></html>", "application/pdf"
    )

    response = client.post(
        english("placements:proposal-create", placement.pk),
        proposal_data(attachment=upload),
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["attachment"]
    assert 'id="error_1_id_attachment"' in response.content.decode()
    assert not SolutionProposal.objects.filter(placement=placement).exists()


def test_editing_a_proposal_adds_an_attachment_and_keeps_the_earlier(
    client, world, student
):
    placement = proposing(world)
    proposal = services.proposal_save(
        placement=placement, actor=student, milestones=[("گام", "خروجی", 2)],
        title="الف", summary="خلاصه", approach="روش", estimated_cost=None,
        duration_weeks=4, resources_needed="",
        attachment=SimpleUploadedFile("one.pdf", pdf(), "application/pdf"),
    )  # fmt: skip
    client.force_login(student)

    client.post(
        english("placements:proposal-edit", proposal.pk),
        proposal_data(
            attachment=SimpleUploadedFile("two.pdf", pdf(), "application/pdf")
        ),
    )

    titles = set(proposal.documents.values_list("title", flat=True))
    assert titles == {"one.pdf", "two.pdf"}


def test_the_general_upload_takes_no_proposal_attachment(client, world, student):
    placement = world.objects["placement"]
    client.force_login(student)

    response = client.post(
        english("placements:document-upload", placement.pk),
        {
            "kind": Document.Kind.PROPOSAL,
            "title": "x",
            "file": SimpleUploadedFile("x.pdf", pdf(), "application/pdf"),
        },
    )

    assert response.status_code == 200
    assert response.context["document_form"].errors["kind"]
    assert not placement.documents.filter(title="x").exists()
