"""The audit trail and the domain event log refuse UPDATE and DELETE in the database itself
(trigger on PostgreSQL and SQLite; see core.history for the maintenance door)."""

from django.db import migrations

from luukku.core.history import guard_operation


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0008_ratecount"),
    ]

    operations = [
        guard_operation(("core.AuditEvent", ()), ("core.DomainEvent", ("actor_id",))),
    ]
