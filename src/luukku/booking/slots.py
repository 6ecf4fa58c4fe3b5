"""Slots: the times a resource can be booked, from its windows (opening hours or a mobile unit's stops)
cut into slots of its length plus buffer. Pure functions over rows already read, so one search reads
each table once whatever the number of resources."""

import datetime as dt
from dataclasses import dataclass

from luukku.catalogue import hours
from luukku.core import clock

from .models import ResourceKind


@dataclass(frozen=True)
class Slot:
    resource_id: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    capacity: int
    taken: int = 0
    stop_id: int | None = None

    @property
    def free(self) -> int:
        return max(self.capacity - self.taken, 0)


def windows(resource, start: dt.date, end: dt.date, *, hours_rows=None, stops=None):
    """(starts, ends, stop id) of the resource from `start` to `end` (inclusive), in Helsinki time."""
    if resource.kind == ResourceKind.MOBILE_UNIT:
        for stop in stops if stops is not None else resource.stops.all():
            if stop.bookable and not stop.cancelled and start <= stop.starts_at.astimezone(clock.HELSINKI).date() <= end:
                yield stop.starts_at, stop.ends_at, stop.pk
        return
    rows = hours_rows if hours_rows is not None else list(resource.hours.all())
    day = start
    while day <= end:
        for begin, finish in hours.day_plan(rows, day).intervals:
            yield begin, finish, None
        day += dt.timedelta(days=1)


def slots(resource, start: dt.date, end: dt.date, *, hours_rows=None, stops=None, taken=None) -> list[Slot]:
    """Every slot of the resource in the days, with the seats taken (`taken`: {start: seats})."""
    length = dt.timedelta(minutes=resource.slot_minutes)
    step = length + dt.timedelta(minutes=resource.buffer_minutes)
    taken = taken or {}
    out = []
    for begin, finish, stop_id in windows(resource, start, end, hours_rows=hours_rows, stops=stops):
        at = begin
        while at + length <= finish:
            out.append(Slot(resource.pk, at, at + length, resource.capacity, taken.get(at, 0), stop_id))
            at += step
    return out


def bookable_from(resource, now=None) -> dt.datetime:
    """The earliest start a resident may book now (the resource's notice)."""
    return (now or clock.now()) + dt.timedelta(minutes=resource.notice_minutes)


def bookable_until(resource, now=None) -> dt.date:
    return (now or clock.now()).astimezone(clock.HELSINKI).date() + dt.timedelta(days=resource.horizon_days)
