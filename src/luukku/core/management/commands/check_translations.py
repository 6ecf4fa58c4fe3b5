"""Fail when a UI language has untranslated or fuzzy strings, or when a compiled catalogue (.mo)
does not match its .po (someone forgot compilemessages)."""

import gettext
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

REQUIRED = ("fi", "sv")  # English is the source language: its msgids are the text.


class Command(BaseCommand):
    help = "Check that the fi and sv catalogues are complete and compiled."

    def handle(self, *args, **options):
        problems = []
        for locale_dir in settings.LOCALE_PATHS:
            for po in sorted(Path(locale_dir).glob("*/LC_MESSAGES/*.po")):
                language = po.parts[-3]
                with tempfile.TemporaryDirectory() as tmp:
                    fresh = Path(tmp) / "fresh.mo"
                    result = subprocess.run(
                        ["msgfmt", "--check-format", "--statistics", "-o", str(fresh), str(po)],
                        capture_output=True, text=True,
                    )
                    if result.returncode:
                        problems.append(f"{po}: {result.stderr.strip()}")
                        continue
                    stats = result.stderr.strip()
                    if language in REQUIRED and ("untranslated" in stats or "fuzzy" in stats):
                        problems.append(f"{po}: {stats}")
                    mo = po.with_suffix(".mo")
                    if not mo.exists():
                        problems.append(f"{mo} is missing: run compilemessages")
                    elif _catalog(mo) != _catalog(fresh):
                        problems.append(f"{mo} is out of date: run compilemessages")
        if problems:
            raise CommandError("Translations are not complete:\n  " + "\n  ".join(problems))
        self.stdout.write("Translations complete and compiled.")


def _catalog(path: Path) -> dict:
    with path.open("rb") as handle:
        return dict(gettext.GNUTranslations(handle)._catalog)
