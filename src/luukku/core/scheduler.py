"""Periodic jobs for a task backend that has none (django-tasks-db).

    @scheduled_jobs.register("notify.retry_due")
    class RetryDue:
        interval = dt.timedelta(seconds=30)
        def run(self): ...

`tick()` runs every due job once across any number of workers: each job's row is claimed with a
conditional UPDATE (next_run_at <= now → now + interval); the worker whose UPDATE changed the row
runs the job, the others see 0 rows and skip it. A job that fails still waits for its next slot.
"""

import datetime as dt
import logging
import traceback

from django.db import transaction

from . import clock
from .models import ScheduledJob
from .registry import Registry

log = logging.getLogger(__name__)
scheduled_jobs = Registry("scheduled job")


def _claim(name: str, interval: dt.timedelta, now: dt.datetime) -> bool:
    ScheduledJob.objects.get_or_create(name=name, defaults={"next_run_at": now})
    with transaction.atomic():
        return bool(ScheduledJob.objects.filter(name=name, next_run_at__lte=now)
                    .update(next_run_at=now + interval, last_started_at=now))


def tick(now: dt.datetime | None = None) -> list[str]:
    """Run the jobs that are due and this worker won; returns their names."""
    ran = []
    for name, job in scheduled_jobs.items():
        now_ = now or clock.now()
        if not _claim(name, job.interval, now_):
            continue
        error = ""
        try:
            job().run()
        except Exception:  # noqa: BLE001 - a failing job must not stop the others
            error = traceback.format_exc()[-4000:]
            log.exception("scheduled job %s failed", name)
        from django.db.models import F

        ScheduledJob.objects.filter(name=name).update(last_finished_at=clock.now(), last_error=error,
                                                      runs=F("runs") + 1)
        ran.append(name)
    return ran
