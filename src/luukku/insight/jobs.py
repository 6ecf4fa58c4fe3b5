"""The metrics store's periodic job (core.scheduler runs it once across all workers)."""

import datetime as dt

from luukku.core.scheduler import scheduled_jobs


@scheduled_jobs.register("insight.refresh")
class Refresh:
    """Facts of the events written since the last run, and the roll-ups of the days they fall on."""

    interval = dt.timedelta(seconds=60)

    def run(self):
        from .services import refresh

        return refresh()
