"""A placement's page answers with the same number of queries whether the
placement has 5 or 500 visits, documents and milestones."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from placements.models import (
    Document,
    DocumentVersion,
    Milestone,
    Placement,
    ProgressReport,
    SiteVisit,
    SolutionProposal,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def placement(world, student):
    """The world's placement in execution, its proposal selected."""
    placement = world.objects["placement"]
    proposal = SolutionProposal.objects.create(
        placement=placement, title="راه‌حل", summary="x", approach="x",
        duration_weeks=8, created_by=student,
    )  # fmt: skip
    Placement.objects.filter(pk=placement.pk).update(
        status=Placement.Status.EXECUTION, selected_proposal=proposal
    )
    placement.refresh_from_db()
    return placement


def add_work(placement, author, n):
    """``n`` visits, documents (two versions each), milestones of the selected
    proposal (each with a report and its file), in bulk."""
    now = timezone.now()
    SiteVisit.objects.bulk_create(
        SiteVisit(
            placement=placement,
            starts_at=now + datetime.timedelta(hours=i),
            place=f"سالن {i}",
            attendees="تیم\nمدیر",
            findings="یافته",
            scheduled_by=author,
        )  # fmt: skip
        for i in range(n)
    )
    milestones = Milestone.objects.bulk_create(
        Milestone(
            proposal=placement.selected_proposal,
            title=f"گام {i}",
            deliverable="x",
            weeks=1 + i % 52,
            due_on=now.date(),
            status=list(Milestone.Status)[i % 3],
        )  # fmt: skip
        for i in range(n)
    )
    reports = ProgressReport.objects.bulk_create(
        ProgressReport(milestone=m, note="انجام شد", author=author) for m in milestones
    )
    documents = Document.objects.bulk_create(
        [
            *(
                Document(
                    placement=placement, kind=Document.Kind.OTHER, title=f"سند {i}"
                )
                for i in range(n)
            ),
            *(
                Document(
                    placement=placement,
                    kind=Document.Kind.PROGRESS,
                    title="پیوست",
                    report=report,
                )  # fmt: skip
                for report in reports
            ),
        ]
    )
    DocumentVersion.objects.bulk_create(
        DocumentVersion(
            document=d,
            number=number,
            file=f"placements/x/{d.pk}-{number}.pdf",
            original_name="plan.pdf",
            content_type="application/pdf",
            size=20,
            uploaded_by=author,
        )  # fmt: skip
        for d in documents
        for number in (1, 2)
    )


@pytest.mark.parametrize("persona", ["iro", "student", "manager", "supervisor"])
def test_the_placement_page_keeps_a_constant_number_of_queries(
    client, world, placement, persona, django_assert_max_num_queries
):
    client.force_login(world.person(persona))
    url = reverse("placements:placement-detail", kwargs={"pk": placement.pk})
    author = world.person("student")
    client.get(url)  # the content types of the audit trail, cached once a process

    add_work(placement, author, 5)
    with django_assert_max_num_queries(30) as with_5:
        assert client.get(url).status_code == 200
    add_work(placement, author, 495)
    with django_assert_max_num_queries(30) as with_500:
        assert client.get(url).status_code == 200

    assert len(with_5) == len(with_500), (
        f"{len(with_5)} queries with 5 of each, {len(with_500)} with 500"
    )
