from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("teams", "0005_fill_professor_search_keys"),
    ]

    operations = [
        migrations.AddField(
            model_name="membership",
            name="ended_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="ended at"),
        ),
        migrations.AddField(
            model_name="membership",
            name="end_reason",
            field=models.CharField(
                blank=True,
                choices=[
                    ("removed", "Taken off the team"),
                    ("completed", "Team completed its placement"),
                    ("dissolved", "Team dissolved"),
                ],
                max_length=10,
                verbose_name="why it ended",
            ),
        ),
    ]
