from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("teams", "0007_membership_end_from_is_active"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="membership",
            options={
                "ordering": ["joined_at", "id"],
                "verbose_name": "membership",
                "verbose_name_plural": "memberships",
            },
        ),
        migrations.RemoveConstraint(
            model_name="membership",
            name="membership_one_active_team_per_enrolment",
        ),
        # With ended memberships kept, a student taken off a team may join it again;
        # the one-current-team constraint below still allows only one at a time.
        migrations.RemoveConstraint(
            model_name="membership",
            name="membership_once_per_team",
        ),
        migrations.RemoveField(
            model_name="membership",
            name="is_active",
        ),
        migrations.AddConstraint(
            model_name="membership",
            constraint=models.UniqueConstraint(
                condition=models.Q(("ended_at__isnull", True)),
                fields=("enrolment",),
                name="membership_one_current_team_per_enrolment",
            ),
        ),
        migrations.AddConstraint(
            model_name="membership",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("end_reason", ""), ("ended_at__isnull", True)),
                    models.Q(
                        ("ended_at__isnull", False),
                        models.Q(("end_reason", ""), _negated=True),
                    ),
                    _connector="OR",
                ),
                name="membership_ended_with_a_reason",
            ),
        ),
    ]
