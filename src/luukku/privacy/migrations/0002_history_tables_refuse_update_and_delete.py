"""The log of disclosures refuses UPDATE and DELETE in the database itself (core.history)."""

from django.db import migrations

from luukku.core.history import guard_operation


class Migration(migrations.Migration):

    dependencies = [
        ("privacy", "0001_initial"),
        ("core", "0009_history_tables_refuse_update_and_delete"),
    ]

    operations = [
        guard_operation(("privacy.Disclosure", ("by_user_id",))),
    ]
