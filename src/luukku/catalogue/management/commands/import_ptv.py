"""luukku import-ptv FILE... --municipality SLUG  |  --url BASE [--organization ID]  [--dry-run]"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from luukku.catalogue.ptv.client import PtvFetchError, fetch_ptv
from luukku.catalogue.ptv.importer import import_ptv
from luukku.core.models import Municipality


class Command(BaseCommand):
    help = gettext_lazy("Import PTV Open API JSON (services and service channels) into a municipality's catalogue.")

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", help=gettext_lazy("PTV JSON files (services, channels, pages or bundles)"))
        parser.add_argument("--municipality", required=True, help=gettext_lazy("slug of the municipality"))
        parser.add_argument("--url", help=gettext_lazy("base address of a PTV Open API, e.g. https://api.palvelutietovaranto.suomi.fi"))
        parser.add_argument("--organization", help=gettext_lazy("PTV organisation id: import only its services (with --url)"))
        parser.add_argument("--adapter", default="v11", help=gettext_lazy("PTV API version adapter (default v11)"))
        parser.add_argument("--dry-run", action="store_true",
                            help=gettext_lazy("show what would change and what would be refused; write nothing"))

    def handle(self, *args, files, municipality, url, organization, adapter, dry_run=False, **options):
        m = Municipality.objects.filter(slug=municipality).first()
        if m is None:
            raise CommandError(_("No municipality “%(slug)s”.") % {"slug": municipality})
        if not files and not url:
            raise CommandError(_("Give PTV JSON files or --url."))
        sources = list(files)
        if url:
            try:
                sources.append(fetch_ptv(url, adapter, organization))
            except PtvFetchError as exc:
                raise CommandError(_("Fetching from PTV failed: %(error)s") % {"error": exc}) from exc
        try:
            report = import_ptv(m, sources, adapter=adapter, dry_run=dry_run)
        except KeyError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(report.render())
        if report.total and not report.imported:
            raise CommandError(_("Nothing could be imported."))
