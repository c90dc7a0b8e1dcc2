"""Existing accounts get their search keys (and normalised names), and phone numbers
typed before they were checked are stored in the canonical form where they can be
read as one. A number that cannot stays as it was, for its owner to correct."""

from django.db import migrations

from partner_portal.formfields import store_canonical_phones
from partner_portal.search import refresh_search_keys


def forwards(apps, schema_editor):
    User = apps.get_model("partner_portal", "User")
    refresh_search_keys(User.objects.all(), ["full_name", "email"])
    store_canonical_phones(User.objects.all())


class Migration(migrations.Migration):
    dependencies = [
        ("partner_portal", "0004_user_search_key_and_phone"),
    ]

    operations = [
        # Backwards there is nothing to undo: the key goes with its column, and the
        # normalised names and numbers are the same names and numbers.
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
