from django.db import migrations
from django.db.models import F


def mark_emailed(apps, schema_editor):
    """Notifications made before the outbox had their e-mail queued when they were
    made: the sweep must not send them again."""
    Notification = apps.get_model("partner_portal", "Notification")
    Notification.objects.filter(emailed_at__isnull=True).update(
        emailed_at=F("created_at")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("partner_portal", "0010_notification_email_outbox"),
    ]

    operations = [
        migrations.RunPython(mark_emailed, migrations.RunPython.noop),
    ]
