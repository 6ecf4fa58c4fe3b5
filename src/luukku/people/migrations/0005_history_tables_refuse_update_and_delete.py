"""Mandate history refuses UPDATE and DELETE in the database itself (core.history)."""

from django.db import migrations

from luukku.core.history import guard_operation


class Migration(migrations.Migration):

    dependencies = [
        ("people", "0004_granted_mandates"),
        ("core", "0009_history_tables_refuse_update_and_delete"),
    ]

    operations = [
        guard_operation(("people.MandateChange", ("by_person_id", "by_user_id"))),
    ]
