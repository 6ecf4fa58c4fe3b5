"""`luukku demo`: everything a newcomer needs, in one command.

The web server and the worker run as child processes. Ctrl+C, `kill <pid>` (SIGTERM) and a closed terminal
(SIGHUP) stop both: each gets SIGTERM and finishes what it is doing; one that has not stopped in ten seconds
is killed. Links in notifications point to the address the demo was started on (or LUUKKU_PUBLIC_URL), and
e-mail and the worker's output (text messages) go to files, so that the console keeps the accounts readable.
"""

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


class Stop(Exception):
    """A stop signal arrived."""


def public_url(bind: str) -> str:
    """The address a person opens: a wildcard bind is reached through the machine's own address."""
    host, _, port = bind.rpartition(":")
    if host in ("", "0.0.0.0"):
        host = "127.0.0.1"
    elif host == "[::]":
        host = "[::1]"
    return f"http://{host}:{port}"


class Command(BaseCommand):
    help = "Migrate, load the demo municipality and run the web server with a task worker."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("LUUKKU_BIND", "127.0.0.1:8000"))
        parser.add_argument("--reset", action="store_true", help="Throw away the demo data and load it anew.")
        parser.add_argument("--no-serve", action="store_true", help="Only prepare the database.")
        parser.add_argument("--no-history", action="store_true",
                            help="Without the year of generated history behind the dashboards.")
        parser.add_argument("--no-setup", action="store_true",
                            help="Start on the database as it is (no migration, no demo data reload).")

    def handle(self, *args, **options):
        from luukku.core.models import Municipality
        from luukku.demo import load_demo
        from luukku.demo.data.organisation import MUNICIPALITY

        if options["no_setup"]:
            municipality = Municipality.objects.filter(slug=MUNICIPALITY["slug"]).first()
        else:
            call_command("migrate", interactive=False, verbosity=0)
            municipality = load_demo(reset=options["reset"], history=not options["no_history"])
            from luukku.insight import services as insight

            insight.refresh()  # the dashboards show the year at once, not after the worker's first minute
        url = os.environ.get("LUUKKU_PUBLIC_URL") or public_url(options["bind"])
        mail_dir = settings.VAR_DIR / "demo-mail"
        env = {**os.environ, "LUUKKU_PUBLIC_URL": url}
        env.setdefault("LUUKKU_FINTO_URL", "")  # the demo ships its YSO labels and stays off the internet
        if "LUUKKU_EMAIL_BACKEND" not in os.environ:
            env["LUUKKU_EMAIL_BACKEND"] = "django.core.mail.backends.filebased.EmailBackend"
            env["LUUKKU_EMAIL_FILE_PATH"] = str(mail_dir)
        worker_log = settings.VAR_DIR / "demo-worker.log"
        self.introduce(municipality, url.rstrip("/") + "/", mail_dir if "LUUKKU_EMAIL_FILE_PATH" in env else None,
                       worker_log)
        if options["no_serve"]:
            return
        self.run_children(options["bind"], env, worker_log)

    def introduce(self, municipality, url, mail_dir, worker_log):
        from luukku.catalogue.search.analyzers import active_finnish_analyzer
        from luukku.demo import DEMO_ACCOUNTS
        from luukku.demo.accounts import DEMO_TOTP_SECRET
        from luukku.demo.feedback import DEMO_API_KEY
        from luukku.twofactor.totp import grouped

        if active_finnish_analyzer() != "voikko":
            self.stdout.write(self.style.WARNING(
                "Notice: Voikko is not installed, so Finnish search uses snowball stemming "
                "(install the Debian packages libvoikko1 and voikko-fi for better results)."))
        if municipality is None:
            self.stdout.write(self.style.WARNING("The demo municipality is not in the database: run `luukku demo` "
                                                 "without --no-setup once."))
            return
        self.stdout.write(self.style.SUCCESS(f"\nLuukku demo: {municipality} — open {url}{municipality.slug}/fi/"))
        self.stdout.write(f"Staff administration: {url}admin/   API docs: {url}api/docs/\n")
        self.stdout.write("Demo accounts (username / password — role):")
        for account in DEMO_ACCOUNTS:
            self.stdout.write(f"  {account['username']:<14} {account['password']:<26} {account['description']}")
        self.stdout.write(
            f"Staff who see personal data confirm their login with a code (two-factor authentication). Add the key "
            f"{grouped(DEMO_TOTP_SECRET)} to an authenticator app (time-based), or print the code with "
            f"`oathtool --totp -b {DEMO_TOTP_SECRET}`.")
        self.stdout.write(f"Open311 GeoReport v2: {url}api/open311/v2/ with jurisdiction_id={municipality.code} "
                          f"(or {url}api/v1/{municipality.slug}/open311/v2/); "
                          f"API key of the demo partner system: {DEMO_API_KEY}")
        if mail_dir is not None:
            self.stdout.write(f"E-mail the demo sends is written to files in {mail_dir}/.")
        self.stdout.write(f"Text messages (SMS) and the worker's output go to {worker_log}.")
        self.stdout.write(f"Database: {settings.DATABASES['default']['NAME']}\n"
                          f"Stop with Ctrl+C (or `kill {os.getpid()}`).\n")
        self.stdout.flush()

    def run_children(self, bind, env, worker_log):
        manage = [sys.executable, "-m", "luukku.cli"]

        def stop(signum, frame):
            raise Stop

        previous = {signum: signal.signal(signum, stop) for signum in STOP_SIGNALS}
        children = []
        log = open(worker_log, "a", encoding="utf-8")  # noqa: SIM115 -- open while the worker runs
        try:
            # The worker's output (the demo's text messages among it) goes to a file: the console keeps the
            # accounts above readable; its errors still come to the console.
            children.append(subprocess.Popen([*manage, "worker"], env=env, stdout=log))
            children.append(subprocess.Popen([*manage, "serve", "--bind", bind], env=env))
            while all(child.poll() is None for child in children):
                time.sleep(0.2)
        except (KeyboardInterrupt, Stop):
            pass
        finally:
            # A second signal while stopping must not leave the children behind.
            for signum in STOP_SIGNALS:
                signal.signal(signum, signal.SIG_IGN)
            for child in children:
                if child.poll() is None:
                    child.send_signal(signal.SIGTERM)
            deadline = time.monotonic() + 10
            for child in children:
                try:
                    child.wait(timeout=max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    child.kill()
                    child.wait()
            log.close()
            for signum, handler in previous.items():
                signal.signal(signum, handler)
