"""Periodic jobs of the feedback (core.scheduler runs each once across all workers)."""

import datetime as dt

from luukku.core.scheduler import scheduled_jobs


@scheduled_jobs.register("feedback.intake_sweep")
class IntakeSweep:
    """Rows whose intake task was lost (a worker or the queue died): completed within a minute."""

    interval = dt.timedelta(seconds=60)

    def run(self):
        from luukku.core.models import Municipality
        from luukku.core.tenancy import municipality_context

        from . import intake
        from .models import Feedback

        done = 0
        pending = Feedback.all_objects.filter(intake_pending=True).values_list("municipality_id", flat=True)
        for municipality in Municipality.objects.filter(pk__in=pending.distinct()):
            with municipality_context(municipality):
                done += intake.complete_pending(municipality)
        return done
