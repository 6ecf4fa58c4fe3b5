"""luukku export-ptv --municipality SLUG [-o FILE]"""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from luukku.catalogue.ptv.importer import export_ptv
from luukku.core.models import Municipality


class Command(BaseCommand):
    help = gettext_lazy("Write a municipality's catalogue as PTV Open API JSON ({services, serviceChannels}).")

    def add_arguments(self, parser):
        parser.add_argument("--municipality", required=True, help=gettext_lazy("slug of the municipality"))
        parser.add_argument("-o", "--output", help=gettext_lazy("file to write (default: standard output)"))
        parser.add_argument("--adapter", default="v11", help=gettext_lazy("PTV API version adapter (default v11)"))

    def handle(self, *args, municipality, output, adapter, **options):
        m = Municipality.objects.filter(slug=municipality).first()
        if m is None:
            raise CommandError(_("No municipality “%(slug)s”.") % {"slug": municipality})
        try:
            bundle = export_ptv(m, adapter=adapter)
        except KeyError as exc:
            raise CommandError(str(exc)) from exc
        text = json.dumps(bundle, ensure_ascii=False, indent=2)
        if output:
            with open(output, "w", encoding="utf-8") as f:
                f.write(text + "\n")
            self.stderr.write(_("Wrote %(services)d services and %(channels)d channels to %(file)s.") % {
                "services": len(bundle["services"]), "channels": len(bundle["serviceChannels"]), "file": output})
        else:
            self.stdout.write(text)
