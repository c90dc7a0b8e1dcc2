import logging

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from industries.models import ProblemAttachment, ProblemRequest
from tests import documents
from tests.factories import ProblemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(world):
    return ProblemFactory(
        unit=world.objects["unit"], status=ProblemRequest.Status.DRAFT
    )


def upload(client, problem, name, content):
    return client.post(
        f"/en/problems/{problem.pk}/attachments/",
        {"file": SimpleUploadedFile(name, content)},
    )


def test_a_manager_attaches_a_pdf_and_downloads_it(client, world, manager, draft):
    client.force_login(manager)

    response = upload(client, draft, "نقشه خط.pdf", documents.pdf())

    attachment = ProblemAttachment.objects.get(problem=draft)
    download = client.get(
        reverse("industries:attachment-download", args=[attachment.pk])
    )
    assert response.status_code == 302
    assert attachment.original_name == "نقشه خط.pdf"
    assert attachment.content_type == "application/pdf"
    assert b"".join(download.streaming_content) == documents.pdf()
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"


def test_a_disguised_file_is_refused_next_to_the_field(client, world, manager, draft):
    client.force_login(manager)

    response = upload(client, draft, "brief.pdf", b"<script>alert(1)</script>")
    page = client.get(response.url)

    assert response.status_code == 302
    assert response.url == f"/en/problems/{draft.pk}/#attachments-heading"
    assert page.context["attachment_form"].errors["file"] == [
        "This file is not a PDF, an image or an Office document."
    ]
    assert not ProblemAttachment.objects.filter(problem=draft).exists()


def test_a_refused_upload_is_not_posted_again_by_a_reload(
    client, world, manager, draft
):
    """The refusal redirects to the problem's page (a reload is a GET), shows the
    error there once, and the next visit has a clean upload box."""
    client.force_login(manager)

    refused = upload(client, draft, "brief.pdf", b"<script>alert(1)</script>")
    shown = client.get(refused.url)
    again = client.get(refused.url)

    assert refused.status_code == 302
    assert "is-invalid" in shown.content.decode()
    assert again.context["attachment_form"].errors == {}


def test_an_oversized_file_is_refused(client, world, manager, draft):
    client.force_login(manager)

    response = client.get(
        upload(client, draft, "big.pdf", b"%PDF-1.7\n" + b"0" * (10 * 1024 * 1024)).url
    )

    assert (
        "the largest allowed is 10.0"
        in response.context["attachment_form"].errors["file"][0]
    )
    assert not ProblemAttachment.objects.filter(problem=draft).exists()


def test_no_attachment_changes_once_submitted(client, world, other_unit_manager):
    problem = world.objects["other_problem"]
    client.force_login(other_unit_manager)

    response = upload(client, problem, "more.pdf", documents.pdf())
    deletion = client.post(
        reverse(
            "industries:attachment-delete", args=[world.objects["other_attachment"].pk]
        )
    )

    assert "can only be changed while it is a draft or returned" in (
        client.get(response.url).content.decode()
    )
    assert deletion.status_code == 302
    assert problem.attachments.count() == 1


@pytest.mark.parametrize("persona", ["student", "other_unit_manager", "supervisor"])
def test_outsiders_never_get_the_file(client, world, persona):
    client.force_login(world.person(persona))

    response = client.get(
        reverse("industries:attachment-download", args=[world.objects["attachment"].pk])
    )

    assert response.status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, world):
    response = client.get(
        reverse("industries:attachment-download", args=[world.objects["attachment"].pk])
    )

    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_uploading_nothing_asks_for_a_file(client, world, manager, draft):
    client.force_login(manager)

    response = client.post(f"/en/problems/{draft.pk}/attachments/", {}, follow=True)

    assert response.context["attachment_form"].errors["file"] == [
        "Choose a file to upload."
    ]


def test_an_attachment_whose_file_is_gone_is_a_404_and_a_log_line(
    client, world, manager, caplog
):
    attachment = world.objects["attachment"]
    attachment.file.storage.delete(attachment.file.name)
    client.force_login(manager)

    with caplog.at_level(logging.ERROR, logger="portal.files"):
        response = client.get(
            reverse("industries:attachment-download", args=[attachment.pk])
        )

    assert response.status_code == 404
    assert f"stored file missing: {attachment.file.name}" in caplog.messages
