"""The periodic PTV sync (core.scheduler runs it once across all workers).

Set LUUKKU_PTV_SYNC_URL (e.g. https://api.palvelutietovaranto.suomi.fi) to turn it on: every
LUUKKU_PTV_SYNC_HOURS hours (default 24) each municipality with a PTV organisation id imports its
organisation's services and their channels. The report (counts, what changed, what was refused and
why) is kept in the `catalogue.ptv_imported` event; a fetch that fails is kept as
`catalogue.ptv_sync_failed` and the catalogue stays as it was.
"""

import datetime as dt
import logging

from django.conf import settings

from luukku.core.scheduler import scheduled_jobs

log = logging.getLogger(__name__)


@scheduled_jobs.register("catalogue.ptv_sync")
class PtvSync:
    @property
    def interval(self):
        return dt.timedelta(hours=getattr(settings, "LUUKKU_PTV_SYNC_HOURS", 24))

    def run(self):
        url = getattr(settings, "LUUKKU_PTV_SYNC_URL", "")
        if not url:
            return {}
        from luukku.core.models import Municipality

        from .ptv.importer import sync_municipality

        return {m.slug: sync_municipality(m, url) for m in Municipality.objects.exclude(ptv_organization_id=None)}


@scheduled_jobs.register("catalogue.thesaurus_refresh")
class ThesaurusRefresh:
    """Every LUUKKU_FINTO_REFRESH_HOURS (default 24): the YSO concepts of every catalogue's ontology terms
    that are missing or older than LUUKKU_FINTO_MAX_AGE_DAYS are fetched from LUUKKU_FINTO_URL (empty:
    off). A concept that fails keeps its labels and is tried again next time."""

    @property
    def interval(self):
        return dt.timedelta(hours=getattr(settings, "LUUKKU_FINTO_REFRESH_HOURS", 24))

    def run(self):
        from .thesaurus import base_url, refresh_thesaurus

        if not base_url():
            return {}
        report = refresh_thesaurus(max_age_days=getattr(settings, "LUUKKU_FINTO_MAX_AGE_DAYS", 30))
        if report.failed:
            log.warning("Finto: %d concepts failed, e.g. %s", len(report.failed), report.failed[0])
        return report.as_dict()
