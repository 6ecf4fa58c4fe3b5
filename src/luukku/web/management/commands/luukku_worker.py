from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the background task worker (database queue)."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="Run what is queued, then exit.")

    def handle(self, *args, **options):
        call_command("db_worker", queue_name="*", batch=options["batch"], reload=False, interval=1)
