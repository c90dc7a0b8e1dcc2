"""Existing professors get the search key of their department."""

from django.db import migrations

from partner_portal.search import refresh_search_keys


def forwards(apps, schema_editor):
    Professor = apps.get_model("teams", "Professor")
    refresh_search_keys(Professor.objects.all(), ["department"])


class Migration(migrations.Migration):
    dependencies = [
        ("teams", "0004_professor_search_key"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
