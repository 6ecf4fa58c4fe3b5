"""`luukku insight-rebuild`: the facts and daily roll-ups again from the whole event stream.
Idempotent: run twice, the same rows."""

from django.core.management.base import BaseCommand

from luukku.insight.services import rebuild


class Command(BaseCommand):
    help = "Rebuild the metrics store (facts and daily roll-ups) from the domain events."

    def handle(self, *args, **options):
        facts, rollups = rebuild()
        self.stdout.write(f"{facts} facts, {rollups} daily roll-up rows.")
