"""Memberships marked inactive become ended ones, with the reason their team
finished (or "taken off the team" when it did not); and back."""

from django.db import migrations
from django.utils import timezone


def end_inactive_memberships(apps, schema_editor):
    Membership = apps.get_model("teams", "Membership")
    reasons = {"completed": "completed", "dissolved": "dissolved"}
    for membership in Membership.objects.filter(is_active=False).select_related("team"):
        membership.ended_at = timezone.now()
        membership.end_reason = reasons.get(membership.team.status, "removed")
        membership.save(update_fields=["ended_at", "end_reason"])


def mark_ended_memberships_inactive(apps, schema_editor):
    Membership = apps.get_model("teams", "Membership")
    Membership.objects.filter(ended_at__isnull=False).update(is_active=False)


class Migration(migrations.Migration):
    dependencies = [
        ("teams", "0006_membership_ended_at"),
    ]

    operations = [
        migrations.RunPython(end_inactive_memberships, mark_ended_memberships_inactive),
    ]
