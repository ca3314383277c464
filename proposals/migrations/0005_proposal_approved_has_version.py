"""Consensus cannot be skipped: an approved, submitted or answered proposal needs its approved
version (issue 10). A migration of its own: PostgreSQL refuses to alter a table in the transaction
that has just updated its foreign keys (0004)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("proposals", "0004_repair_statuses")]

    operations = [
        migrations.AddConstraint(
            model_name="proposal",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("status__in", ["approved", "submitted", "answered"]), _negated=True),
                    ("approved_version__isnull", False),
                    _connector="OR",
                ),
                name="proposal_approved_has_version",
            ),
        ),
    ]
