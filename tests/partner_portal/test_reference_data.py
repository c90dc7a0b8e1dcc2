import importlib

import pytest
from django.apps import apps

from industries.models import Cluster, IndustrialArea
from partner_portal.models import FieldOfStudy

areas_migration = importlib.import_module(
    "industries.migrations.0002_qom_areas_and_clusters"
)
fields_migration = importlib.import_module(
    "partner_portal.migrations.0003_university_fields_of_study"
)


@pytest.mark.django_db
def test_qom_has_seven_industrial_towns_and_four_zones():
    towns = IndustrialArea.objects.filter(kind="town")
    zones = IndustrialArea.objects.filter(kind="zone")

    assert towns.count() == 7
    assert set(zones.values_list("name_en", flat=True)) == {
        "Khorabad Industrial Zone",
        "Dastjerd Industrial Zone",
        "Siro Industrial Zone",
        "Toghrood Industrial Zone",
    }
    assert all(area.name_fa and area.name_en for area in IndustrialArea.objects.all())


@pytest.mark.django_db
def test_the_clusters_named_by_the_province_are_there():
    slugs = set(Cluster.objects.values_list("slug", flat=True))

    assert {
        "sweets",
        "stone-cutting",
        "carpet-weaving",
        "leather-slippers",
        "home-appliances",
    } <= slugs


@pytest.mark.django_db
def test_the_university_has_23_fields_at_bsc_and_msc():
    assert FieldOfStudy.objects.count() == 23
    assert FieldOfStudy.objects.filter(offered_bsc=True).exists()
    assert FieldOfStudy.objects.filter(offered_msc=True).exists()


@pytest.mark.django_db
def test_reference_data_migrations_reverse_and_reapply():
    areas_migration.remove_reference_data(apps, None)
    fields_migration.remove_fields(apps, None)
    assert not IndustrialArea.objects.exists()
    assert not FieldOfStudy.objects.exists()

    areas_migration.add_reference_data(apps, None)
    fields_migration.add_fields(apps, None)
    assert IndustrialArea.objects.count() == 11
    assert FieldOfStudy.objects.count() == 23
