import pytest
from django.urls import reverse

from industries.models import Cluster, IndustrialArea, ProblemRequest
from partner_portal.models import FieldOfStudy
from tests.factories import ProblemFactory, UnitFactory

pytestmark = pytest.mark.django_db


def test_the_catalogue_is_public_and_shows_only_approved_problems(client, world):
    response = client.get(reverse("industries:catalogue"))

    assert list(response.context["page_obj"]) == [world.objects["problem"]]


def test_confidential_notes_never_reach_the_public(client, world):
    problem = world.objects["problem"]

    listing = client.get(reverse("industries:catalogue")).content.decode()
    detail = client.get(reverse("industries:catalogue-detail", args=[problem.pk]))

    assert "CONFIDENTIAL" not in listing
    assert "CONFIDENTIAL" not in detail.content.decode()
    assert "confidential_notes" in detail.context["problem"].get_deferred_fields()


def test_the_catalogue_filters_by_cluster_town_and_field(client, world):
    stone = Cluster.objects.get(slug="stone-cutting")
    siro = IndustrialArea.objects.get(slug="siro")
    other = ProblemFactory(
        unit=UnitFactory(cluster=stone, area=siro),
        title="برش سنگ",
        description="لب‌پریدگی سنگ هنگام برش",
        status=ProblemRequest.Status.APPROVED,
        fields_needed=[FieldOfStudy.objects.get(slug="materials")],
    )

    def titles(**query):
        return [
            p.title
            for p in client.get(reverse("industries:catalogue"), query).context[
                "page_obj"
            ]
        ]

    assert titles(cluster=stone.pk) == [other.title]
    assert titles(area=siro.pk) == [other.title]
    assert titles(field=FieldOfStudy.objects.get(slug="mechanical").pk) == [
        world.objects["problem"].title
    ]
    assert titles(q="ضایعات") == [world.objects["problem"].title]


def test_a_visitor_is_invited_to_log_in_to_choose(client, world):
    response = client.get(f"/en/catalogue/{world.objects['problem'].pk}/")

    assert "Students who have completed the initial training can choose" in (
        response.content.decode()
    )


def test_a_trained_student_sees_the_choice_form(client, world, student):
    client.force_login(student)

    response = client.get(f"/en/catalogue/{world.objects['problem'].pk}/")

    assert "This is your choice number 1." in response.content.decode()
