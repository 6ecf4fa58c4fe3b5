"""`luukku worker`: the task worker (django-tasks-db's db_worker) and, beside it, a scheduler thread
that ticks the periodic jobs (core.scheduler). Any number of workers may run: each job runs once
per slot, each task once. SIGTERM or SIGINT: the current task finishes, the scheduler stops after
its current tick, and the process exits 0."""

import threading

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from luukku.core.scheduler import run_forever


class Command(BaseCommand):
    help = "Run the background task worker (database queue) and the scheduler of periodic jobs."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="Run what is queued, then exit (no scheduler).")
        parser.add_argument("--no-scheduler", action="store_true", help="Do not tick the periodic jobs here.")
        parser.add_argument("--tick", type=float, default=None,
                            help="Seconds between scheduler ticks (default LUUKKU_SCHEDULER_TICK_SECONDS).")

    def handle(self, *args, **options):
        stop = threading.Event()
        scheduler = None
        if not options["batch"] and not options["no_scheduler"]:
            every = options["tick"] or settings.LUUKKU_SCHEDULER_TICK_SECONDS
            scheduler = threading.Thread(target=run_forever, args=(stop, every), name="luukku-scheduler",
                                         daemon=True)
            scheduler.start()
        try:
            # db_worker handles SIGTERM/SIGINT: it finishes the running task, then returns or
            # raises SystemExit(0); either way the scheduler is stopped below.
            call_command("db_worker", queue_name="*", batch=options["batch"], reload=False, interval=1,
                         verbosity=options["verbosity"])
        finally:
            stop.set()
            if scheduler is not None:
                scheduler.join(timeout=30)
