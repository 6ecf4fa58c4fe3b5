"""Fail when the committed OpenAPI schema (docs/openapi.yaml) differs from what the code generates.

`--write` regenerates the file. Generated in English so the result does not depend on the
machine's language; the committed file is what partners read and diff between releases.
"""

import difflib
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiYamlRenderer

DEFAULT_PATH = Path(settings.PROJECT_DIR) / "docs" / "openapi.yaml"


def generate_schema() -> str:
    with translation.override("en"):
        schema = SchemaGenerator().get_schema(request=None, public=True)
        return OpenApiYamlRenderer().render(schema, renderer_context={}).decode()


class Command(BaseCommand):
    help = "Check (or with --write, update) the committed OpenAPI schema."

    def add_arguments(self, parser):
        parser.add_argument("--write", action="store_true", help="Write the generated schema to the file.")
        parser.add_argument("--path", type=Path, default=DEFAULT_PATH, help="The committed schema file.")

    def handle(self, *args, write=False, path=DEFAULT_PATH, **options):
        generated = generate_schema()
        if write:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(generated, encoding="utf-8")
            self.stdout.write(f"Wrote {path}")
            return
        committed = path.read_text(encoding="utf-8") if path.exists() else ""
        if committed == generated:
            self.stdout.write(f"{path} is up to date.")
            return
        diff = difflib.unified_diff(
            committed.splitlines(keepends=True), generated.splitlines(keepends=True),
            fromfile=f"{path} (committed)", tofile="generated",
        )
        self.stderr.write("".join(diff))
        raise CommandError(
            f"The API schema has drifted from {path}. Run `python manage.py check_openapi --write` and commit it."
        )
