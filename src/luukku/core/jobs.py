"""Periodic jobs of the platform primitives (core.scheduler runs them once across all workers)."""

import datetime as dt

from .scheduler import scheduled_jobs


@scheduled_jobs.register("core.purge_rate_counts")
class PurgeRateCounts:
    """Rate-limit windows that have ended (core.RateCount)."""

    interval = dt.timedelta(hours=1)

    def run(self):
        from .ratelimit import purge_expired

        return purge_expired()
