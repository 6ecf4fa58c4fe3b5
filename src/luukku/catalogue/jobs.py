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
