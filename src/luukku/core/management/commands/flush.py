"""`flush` empties every table, history included: on SQLite its DELETEs meet the history tables'
triggers, so it runs through the maintenance door (core.history). The test database's teardown
after a transactional test calls this command too."""

from django.core.management.commands.flush import Command as DjangoFlush

from luukku.core.history import history_maintenance


class Command(DjangoFlush):
    def handle(self, **options):
        with history_maintenance(options["database"]):
            return super().handle(**options)
