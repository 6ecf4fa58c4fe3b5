"""Periodic jobs of the proactive services (core.scheduler runs each once across all workers)."""

import datetime as dt

from luukku.core import clock
from luukku.core.scheduler import scheduled_jobs

REMINDER_HOUR = 9  # reminders go out in the morning, Helsinki time


def _next_morning(now: dt.datetime) -> dt.datetime:
    local = now.astimezone(clock.HELSINKI)
    slot = local.replace(hour=REMINDER_HOUR, minute=0, second=0, microsecond=0)
    return slot if slot > local else slot + dt.timedelta(days=1)


@scheduled_jobs.register("proactive.deadlines")
class Deadlines:
    """Every morning: reminders before the deadline, and the offers nobody answered to the staff."""

    interval = dt.timedelta(days=1)

    def next_run(self, now):
        return _next_morning(now)

    def run(self):
        from . import services

        return {"reminded": services.remind(), "no_answer": services.expire()}


@scheduled_jobs.register("proactive.life_events")
class LifeEvents:
    """New events from the population register start the life-event rules."""

    interval = dt.timedelta(minutes=15)

    def run(self):
        from . import life_events

        return life_events.poll_all()


@scheduled_jobs.register("proactive.reached_age")
class ReachedAge:
    """Every morning: residents who reached the age of a reached_age rule get its offer (once a year)."""

    interval = dt.timedelta(days=1)

    def next_run(self, now):
        return _next_morning(now)

    def run(self):
        from . import life_events

        return life_events.reached_age_all()
