"""History tables refuse UPDATE and DELETE in the database itself (core.history)."""

from django.db import migrations

from luukku.core.history import guard_operation


class Migration(migrations.Migration):

    dependencies = [
        ("feedback", "0003_nearby_open_index"),
        ("core", "0009_history_tables_refuse_update_and_delete"),
    ]

    operations = [
        guard_operation(("feedback.StatusChange", ()), ("feedback.Note", ()), ("feedback.Forward", ()), ("feedback.Reply", ()), ("feedback.Satisfaction", ()), ("feedback.Link", ())),
    ]
