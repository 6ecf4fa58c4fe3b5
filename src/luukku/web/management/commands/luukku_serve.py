import os
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the web server: gunicorn (default) or Django's development server (--dev)."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("LUUKKU_BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("LUUKKU_WEB_WORKERS", "2")))
        parser.add_argument("--dev", action="store_true", help="Django's auto-reloading development server.")

    def handle(self, *args, **options):
        if options["dev"]:
            call_command("runserver", options["bind"])
            return
        gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
        argv = [gunicorn, "luukku.config.wsgi:application", "--bind", options["bind"],
                "--workers", str(options["workers"]), "--access-logfile", "-", "--graceful-timeout", "5"]
        os.execv(gunicorn, argv)
