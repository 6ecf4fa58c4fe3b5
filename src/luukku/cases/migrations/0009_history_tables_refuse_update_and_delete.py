"""History tables refuse UPDATE and DELETE in the database itself (core.history)."""

from django.db import migrations

from luukku.core.history import guard_operation


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0008_scrub_protected_addresses_from_answers"),
        ("core", "0009_history_tables_refuse_update_and_delete"),
    ]

    operations = [
        guard_operation(("cases.StatusChange", ()), ("cases.InternalNote", ()), ("cases.Assignment", ()), ("cases.Transfer", ()), ("cases.Handover", ())),
    ]
