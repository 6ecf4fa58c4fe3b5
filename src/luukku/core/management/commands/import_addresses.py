"""luukku import-addresses FILE.csv --municipality SLUG: the municipality's address points (for the nearest
address of feedback on the map), replacing those it had."""

import csv

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from luukku.core.models import Municipality
from luukku.core.services import ADDRESS_COLUMNS, replace_address_points


class Command(BaseCommand):
    help = gettext_lazy("Import a municipality's street addresses and their points from CSV (columns street, "
                        "number, postal_code, latitude, longitude; street_sv optional), replacing the old ones.")

    def add_arguments(self, parser):
        parser.add_argument("file", help=gettext_lazy("CSV file, UTF-8, with a header row"))
        parser.add_argument("--municipality", required=True, help=gettext_lazy("slug of the municipality"))

    def handle(self, *args, file, municipality, **options):
        m = Municipality.objects.filter(slug=municipality).first()
        if m is None:
            raise CommandError(_("No municipality “%(slug)s”.") % {"slug": municipality})
        try:
            with open(file, encoding="utf-8-sig", newline="") as handle:
                header = handle.readline()
                handle.seek(0)
                # Comma, or the semicolon (Finnish spreadsheets) or tab the header row uses.
                delimiter = next((d for d in (";", "\t") if d in header and "," not in header), ",")
                reader = csv.DictReader(handle, delimiter=delimiter)
                missing = [c for c in ADDRESS_COLUMNS if c not in (reader.fieldnames or [])]
                if missing:
                    raise CommandError(_("The header row lacks the columns: %(columns)s.")
                                       % {"columns": ", ".join(missing)})
                count = replace_address_points(m, reader)
        except (OSError, UnicodeDecodeError, csv.Error) as exc:
            raise CommandError(_("Could not read %(file)s: %(error)s") % {"file": file, "error": exc}) from None
        except ValidationError as exc:
            raise CommandError("\n".join(exc.messages[:20])) from None  # the first rows say what is wrong
        self.stdout.write(_("%(count)d addresses imported into %(name)s.") % {"count": count, "name": m})
