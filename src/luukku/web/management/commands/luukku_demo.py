"""`luukku demo`: everything a newcomer needs, in one command."""

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Migrate, load the demo municipality and run the web server with a task worker."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("LUUKKU_BIND", "127.0.0.1:8000"))
        parser.add_argument("--reset", action="store_true", help="Throw away the demo data and load it anew.")
        parser.add_argument("--no-serve", action="store_true", help="Only prepare the database.")

    def handle(self, *args, **options):
        from luukku.catalogue.search.analyzers import active_finnish_analyzer
        from luukku.demo import DEMO_ACCOUNTS, load_demo
        from luukku.demo.accounts import DEMO_TOTP_SECRET
        from luukku.twofactor.totp import grouped
        from luukku.demo.feedback import DEMO_API_KEY

        call_command("migrate", interactive=False, verbosity=0)
        municipality = load_demo(reset=options["reset"])
        analyzer = active_finnish_analyzer()
        if analyzer != "voikko":
            self.stdout.write(self.style.WARNING(
                "Notice: Voikko is not installed, so Finnish search uses snowball stemming "
                "(install the Debian packages libvoikko1 and voikko-fi for better results)."))
        url = f"http://{options['bind']}/"
        self.stdout.write(self.style.SUCCESS(f"\nLuukku demo: {municipality} — open {url}{municipality.slug}/fi/"))
        self.stdout.write(f"Staff administration: {url}admin/   API docs: {url}api/docs/\n")
        self.stdout.write("Demo accounts (username / password — role):")
        for account in DEMO_ACCOUNTS:
            self.stdout.write(f"  {account['username']:<14} {account['password']:<26} {account['description']}")
        self.stdout.write(
            f"Staff who see personal data confirm their login with a code (two-factor authentication). Add the key "
            f"{grouped(DEMO_TOTP_SECRET)} to an authenticator app (time-based), or print the code with "
            f"`oathtool --totp -b {DEMO_TOTP_SECRET}`.")
        self.stdout.write(f"Open311 API key of the demo partner system: {DEMO_API_KEY}")
        self.stdout.write(f"Database: {settings.DATABASES['default']['NAME']}\nStop with Ctrl+C.\n")
        if options["no_serve"]:
            return
        python = sys.executable
        manage = [python, "-m", "luukku.cli"]
        worker = subprocess.Popen([*manage, "worker"])
        server = subprocess.Popen([*manage, "serve", "--bind", options["bind"]])
        try:
            while worker.poll() is None and server.poll() is None:
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            for process in (server, worker):
                if process.poll() is None:
                    process.send_signal(signal.SIGTERM)
            for process in (server, worker):
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
