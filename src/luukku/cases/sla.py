"""Service-level targets in Finnish working days (weekends and public holidays from `holidays`)."""

import datetime as dt
import functools

import holidays

SOON_DAYS = 3  # "due soon": this many working days or fewer left


@functools.lru_cache(maxsize=64)
def _holidays(year: int) -> frozenset:
    return frozenset(holidays.Finland(years=year).keys())


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year)


def add_working_days(start: dt.date, days: int) -> dt.date:
    """`days` Finnish working days after `start`."""
    day = start
    while days > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            days -= 1
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    count, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


def sla_state(due_date: dt.date | None, today: dt.date, *, paused: bool = False) -> str:
    """"overdue", "due_soon", "on_time", "paused" or "" (no target) for an open case."""
    if due_date is None:
        return ""
    if paused:
        return "paused"
    if due_date < today:
        return "overdue"
    # Fewer than SOON_DAYS + 1 working days left: before the (SOON_DAYS + 1)th working day from today.
    if due_date < _soon_limit(today):
        return "due_soon"
    return "on_time"


@functools.lru_cache(maxsize=8)
def _soon_limit(today: dt.date) -> dt.date:
    return add_working_days(today, SOON_DAYS + 1)
