"""Periodic jobs for a task backend that has none (django-tasks-db).

    @scheduled_jobs.register("notify.retry_due")
    class RetryDue:
        interval = dt.timedelta(seconds=30)
        def next_run(self, now): ...   # optional: a fixed time of day instead of now + interval
        def run(self): ...

`tick()` runs every due job once across any number of workers: each job's row is claimed with a
conditional UPDATE (next_run_at <= now → the next slot); the worker whose UPDATE changed the row
runs the job, the others see 0 rows and skip it (on PostgreSQL the second UPDATE waits for the
first to commit and then re-reads the row; on SQLite writers queue). A job that fails still waits
for its next slot. `luukku worker` calls `run_forever` in a thread beside the task worker.
"""

import datetime as dt
import logging
import threading
import traceback

from django.db import IntegrityError, connections, transaction
from django.db.models import F

from . import clock
from .models import ScheduledJob
from .registry import Registry

log = logging.getLogger(__name__)
scheduled_jobs = Registry("scheduled job")


def next_slot(job, now: dt.datetime) -> dt.datetime:
    next_run = getattr(job, "next_run", None)
    return next_run(now) if next_run is not None else now + job.interval


def _claim(name: str, job, now: dt.datetime) -> bool:
    if not ScheduledJob.objects.filter(name=name).exists():
        try:
            with transaction.atomic():
                # A job with a fixed time of day waits for it; an interval job runs at once.
                first = next_slot(job, now) if getattr(job, "next_run", None) else now
                ScheduledJob.objects.create(name=name, next_run_at=first)
        except IntegrityError:
            pass  # another worker created it at the same moment
    with transaction.atomic():
        return bool(ScheduledJob.objects.filter(name=name, next_run_at__lte=now)
                    .update(next_run_at=next_slot(job, now), last_started_at=now))


def tick(now: dt.datetime | None = None, names=None) -> list[str]:
    """Run the jobs that are due and this worker won; returns their names."""
    ran = []
    for name, job_class in scheduled_jobs.items():
        if names is not None and name not in names:
            continue
        job = job_class()
        now_ = now or clock.now()
        if not _claim(name, job, now_):
            continue
        error = ""
        try:
            job.run()
        except Exception:
            error = traceback.format_exc()[-4000:]
            log.exception("scheduled job %s failed", name)
        ScheduledJob.objects.filter(name=name).update(last_finished_at=clock.now(), last_error=error,
                                                      runs=F("runs") + 1)
        ran.append(name)
    return ran


def run_forever(stop: threading.Event, every: float) -> None:
    """Tick until `stop` is set; the thread's own connection is closed after every tick."""
    log.info("scheduler started: a tick every %s s", every)
    while not stop.is_set():
        try:
            tick()
        except Exception:
            log.exception("scheduler tick failed")
        finally:
            connections.close_all()  # this thread's connections only
        stop.wait(every)
    log.info("scheduler stopped")
