"""luukku refresh-thesaurus [--municipality SLUG] [--url BASE] [--max-age-days N]: fetch from Finto the YSO
concepts (alternative labels) of the catalogue's ontology terms that are missing or older than N days."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from luukku.catalogue.thesaurus import base_url, refresh_thesaurus
from luukku.core.models import Municipality


class Command(BaseCommand):
    help = gettext_lazy("Fetch the YSO concepts of the catalogue's ontology terms from Finto and reindex search.")

    def add_arguments(self, parser):
        parser.add_argument("--municipality", help=gettext_lazy("slug of the municipality (default: all)"))
        parser.add_argument("--url", help=gettext_lazy("base address of the Finto REST API (default: LUUKKU_FINTO_URL)"))
        parser.add_argument("--max-age-days", type=float, default=30,
                            help=gettext_lazy("fetch again concepts fetched longer ago than this (default 30)"))

    def handle(self, *args, municipality=None, url=None, max_age_days=30, **options):
        m = None
        if municipality:
            m = Municipality.objects.filter(slug=municipality).first()
            if m is None:
                raise CommandError(_("No municipality “%(slug)s”.") % {"slug": municipality})
        base = url if url is not None else base_url()
        if not base:
            raise CommandError(_("No Finto address: give --url or set LUUKKU_FINTO_URL."))
        report = refresh_thesaurus(base, m, max_age_days=max_age_days)
        self.stdout.write(_("Concepts: %(fetched)d new or changed, %(unchanged)d unchanged, %(fresh)d fetched "
                            "recently, %(failed)d failed.") % {
            "fetched": len(report.fetched), "unchanged": len(report.unchanged), "fresh": report.fresh,
            "failed": len(report.failed)})
        for uri, reason in report.failed:
            self.stdout.write(_("Failed: %(uri)s: %(reason)s") % {"uri": uri, "reason": reason})
        if report.reindexed:
            self.stdout.write(_("Search index rebuilt: %(slugs)s") % {"slugs": ", ".join(report.reindexed)})
        if report.failed and not (report.fetched or report.unchanged or report.fresh):
            raise CommandError(_("No concept could be fetched."))
