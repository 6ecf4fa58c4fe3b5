"""luukku reindex-search [--municipality SLUG]: rebuild the search index (after an upgrade that changes
what is indexed — new fields, synonyms, word families — or a change of the Finnish analyzer)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from luukku.catalogue.search.index import reindex_municipality
from luukku.core.models import Municipality


class Command(BaseCommand):
    help = gettext_lazy("Rebuild the search index of one municipality or of all.")

    def add_arguments(self, parser):
        parser.add_argument("--municipality", help=gettext_lazy("slug of the municipality (default: all)"))

    def handle(self, *args, municipality=None, **options):
        municipalities = Municipality.objects.all()
        if municipality:
            municipalities = municipalities.filter(slug=municipality)
            if not municipalities.exists():
                raise CommandError(_("No municipality “%(slug)s”.") % {"slug": municipality})
        for m in municipalities:
            rows = reindex_municipality(m)
            self.stdout.write(_("%(municipality)s: %(rows)s index rows") % {"municipality": m.slug, "rows": rows})
