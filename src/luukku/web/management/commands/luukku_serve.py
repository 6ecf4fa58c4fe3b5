import os
import signal
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Run the web server: gunicorn (default) or Django's development server (--dev)."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("LUUKKU_BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("LUUKKU_WEB_WORKERS", "2")))
        parser.add_argument("--dev", action="store_true", help="Django's auto-reloading development server.")
        parser.add_argument("--no-collectstatic", action="store_true",
                            help="Do not collect the static files first (the image already has them).")

    def handle(self, *args, **options):
        if options["dev"]:
            # The auto-reloader runs the server as its child: SIGTERM becomes an exit here, on which the
            # reloader kills the child (by default the parent would die and leave the server running).
            signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
            call_command("runserver", options["bind"])
            return
        # gunicorn stops its workers itself on SIGTERM (within --graceful-timeout).
        self.static_files(options["no_collectstatic"])
        gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
        argv = [gunicorn, "luukku.config.wsgi:application", "--bind", options["bind"],
                "--workers", str(options["workers"]), "--access-logfile", "-", "--graceful-timeout", "5"]
        os.execv(gunicorn, argv)

    def static_files(self, skip: bool) -> None:
        """Production pages name their static files from the manifest: without it every page is a 500."""
        manifest = settings.STATIC_ROOT / "staticfiles.json"
        if skip:
            if getattr(settings, "PRODUCTION", False) and not manifest.exists():
                raise CommandError(f"The static files have not been collected into {settings.STATIC_ROOT}: run "
                                   "`luukku collectstatic --noinput` first, or start without --no-collectstatic.")
            return
        self.stdout.write(f"Collecting static files into {settings.STATIC_ROOT} …")
        try:
            call_command("collectstatic", interactive=False, verbosity=0)
        except OSError as exc:
            raise CommandError(f"Could not collect the static files into {settings.STATIC_ROOT} ({exc}). Make it "
                               "writable or set LUUKKU_STATIC_ROOT, or collect them beforehand and start with "
                               "--no-collectstatic.") from exc
