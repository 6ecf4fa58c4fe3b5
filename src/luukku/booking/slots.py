"""Slots: the times a resource can be booked, from its windows (opening hours or a mobile unit's stops)
cut into slots of its length plus buffer. Pure functions over rows already read, so one search reads
each table once whatever the number of resources. Many resources share their hours: a day's plan is
worked out once per distinct set of hours rows and the slot starts once per (plan, length, buffer)."""

import datetime as dt
import json
from dataclasses import dataclass
from functools import lru_cache

from luukku.catalogue import hours
from luukku.core import clock

from .models import ResourceKind


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True)
class HoursRow:
    """What catalogue.hours reads of a row, hashable (the memo's key)."""

    kind: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    is_closed: bool
    is_always_open: bool
    opening_json: str
    info_json: str

    @property
    def opening(self):
        return json.loads(self.opening_json)

    @property
    def info(self):
        return json.loads(self.info_json)


HOURS_FIELDS = ("kind", "valid_from", "valid_to", "is_closed", "is_always_open", "opening", "info")


def hours_row(kind, valid_from, valid_to, is_closed, is_always_open, opening, info) -> HoursRow:
    """From a row's values; `opening` and `info` as decoded JSON or as the JSON text itself."""
    return HoursRow(kind, valid_from, valid_to, is_closed, is_always_open,
                    opening if isinstance(opening, str) else json.dumps(opening or [], sort_keys=True),
                    info if isinstance(info, str) else json.dumps(info or {}, sort_keys=True))


def rows_of(resource) -> tuple[HoursRow, ...]:
    return tuple(sorted((hours_row(*(getattr(r, f) for f in HOURS_FIELDS)) for r in resource.hours.all()), key=repr))


@lru_cache(maxsize=4096)
def _intervals(rows: tuple[HoursRow, ...], day: dt.date) -> tuple:
    return tuple(hours.day_plan(rows, day).intervals)


@lru_cache(maxsize=8192)
def _starts(intervals: tuple, slot_minutes: int, buffer_minutes: int) -> tuple:
    length = dt.timedelta(minutes=slot_minutes)
    step = length + dt.timedelta(minutes=buffer_minutes)
    out = []
    for begin, finish in intervals:
        at = begin
        while at + length <= finish:
            out.append(at)
            at += step
    return tuple(out)


def day_starts(rows: tuple, day: dt.date, slot_minutes: int, buffer_minutes: int) -> tuple:
    """((epoch seconds, start), …) of one day's slots for these hours, length and buffer (memoised)."""
    return _epoch_starts(_intervals(rows, day), slot_minutes, buffer_minutes)


@lru_cache(maxsize=8192)
def _epoch_starts(intervals: tuple, slot_minutes: int, buffer_minutes: int) -> tuple:
    return tuple((int(at.timestamp()), at) for at in _starts(intervals, slot_minutes, buffer_minutes))


def windows(resource, start: dt.date, end: dt.date, *, hours_rows=None, stops=None):
    """(starts, ends, stop id) of the resource from `start` to `end` (inclusive), in Helsinki time."""
    if resource.kind == ResourceKind.MOBILE_UNIT:
        for stop in stops if stops is not None else resource.stops.all():
            if stop.bookable and not stop.cancelled and \
                    start <= stop.starts_at.astimezone(clock.HELSINKI).date() <= end:
                yield stop.starts_at, stop.ends_at, stop.pk
        return
    rows = tuple(hours_rows) if hours_rows is not None else rows_of(resource)
    day = start
    while day <= end:
        for begin, finish in _intervals(rows, day):
            yield begin, finish, None
        day += dt.timedelta(days=1)


def starts(resource, start: dt.date, end: dt.date, *, hours_rows=None, stops=None):
    """(start, stop id) of every slot of the resource in the days, in order, without building Slots."""
    if resource.kind == ResourceKind.MOBILE_UNIT:
        length = dt.timedelta(minutes=resource.slot_minutes)
        step = length + dt.timedelta(minutes=resource.buffer_minutes)
        for begin, finish, stop_id in windows(resource, start, end, stops=stops):
            at = begin
            while at + length <= finish:
                yield at, stop_id
                at += step
        return
    rows = tuple(hours_rows) if hours_rows is not None else rows_of(resource)
    day = start
    while day <= end:
        for at in _starts(_intervals(rows, day), resource.slot_minutes, resource.buffer_minutes):
            yield at, None
        day += dt.timedelta(days=1)


def slots(resource, start: dt.date, end: dt.date, *, hours_rows=None, stops=None, taken=None) -> list[Slot]:
    """Every slot of the resource in the days, with the seats taken (`taken`: {epoch seconds of a start:
    seats})."""
    length = dt.timedelta(minutes=resource.slot_minutes)
    taken = taken or {}
    return [Slot(resource.pk, at, at + length, resource.capacity, taken.get(int(at.timestamp()), 0), stop_id)
            for at, stop_id in starts(resource, start, end, hours_rows=hours_rows, stops=stops)]


def bookable_from(resource, now=None) -> dt.datetime:
    """The earliest start a resident may book now (the resource's notice)."""
    return (now or clock.now()) + dt.timedelta(minutes=resource.notice_minutes)


def bookable_until(resource, now=None) -> dt.date:
    return (now or clock.now()).astimezone(clock.HELSINKI).date() + dt.timedelta(days=resource.horizon_days)
