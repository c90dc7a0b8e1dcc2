"""Existing units and problems get their search keys (and normalised names), and unit
phone numbers are stored in the canonical form where they can be read as one."""

from django.db import migrations

from partner_portal.formfields import store_canonical_phones
from partner_portal.search import refresh_search_keys


def forwards(apps, schema_editor):
    IndustrialUnit = apps.get_model("industries", "IndustrialUnit")
    ProblemRequest = apps.get_model("industries", "ProblemRequest")
    refresh_search_keys(IndustrialUnit.objects.all(), ["name"])
    refresh_search_keys(ProblemRequest.objects.all(), ["title", "description"])
    store_canonical_phones(IndustrialUnit.objects.all())


class Migration(migrations.Migration):
    dependencies = [
        ("industries", "0003_unit_and_problem_search_keys_and_phone"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
