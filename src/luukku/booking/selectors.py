"""Reads of booking: free slots over many resources (each table read once per search), a resident's
bookings, a resource's day."""

import datetime as dt
import heapq
import itertools
from collections import defaultdict, namedtuple

from django.db import connection
from django.db.models import QuerySet, TextField
from django.db.models.functions import Cast

from luukku.core import clock

from . import adapters
from . import slots as slot_module
from .models import Booking, BookingStatus, Resource, ResourceHours, ResourceKind, SlotClaim, Stop

ACTIVE = (BookingStatus.AWAITING_PAYMENT, BookingStatus.CONFIRMED)
SEARCH_FIELDS = ("id", "municipality_id", "kind", "slot_minutes", "buffer_minutes", "capacity", "counts_people",
                 "horizon_days", "notice_minutes", "is_active", "external_system")
# What a search reads of a resource, as a tuple: a thousand model instances cost more than the search.
Bookable = namedtuple("Bookable", ("pk", *SEARCH_FIELDS[1:]))


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time()).replace(tzinfo=clock.HELSINKI)


def _taken(ids, begin: dt.datetime, finish: dt.datetime) -> dict[int, dict[int, int]]:
    """{resource id: {epoch seconds of a start: seats taken}}. Epoch integers from the database: turning
    ten thousand timestamps into datetimes costs more than the query (bench/bench_booking.py)."""
    taken = defaultdict(dict)
    if not ids:
        return taken
    if connection.vendor == "postgresql":
        sql = ("SELECT resource_id, EXTRACT(EPOCH FROM starts_at)::bigint, count(*) FROM booking_slotclaim "
               "WHERE resource_id = ANY(%s) AND starts_at >= %s AND starts_at < %s GROUP BY 1, 2")
        params = [list(ids), begin, finish]
    else:
        sql = ("SELECT resource_id, CAST(strftime('%%s', starts_at) AS INTEGER), count(*) FROM booking_slotclaim "
               f"WHERE resource_id IN ({', '.join(['%s'] * len(ids))}) AND starts_at >= %s AND starts_at < %s "
               "GROUP BY 1, 2")
        params = [*ids, begin, finish]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for resource_id, epoch, n in cursor.fetchall():
            taken[resource_id][epoch] = n
    return taken


def _read(resources, start: dt.date, end: dt.date):
    """(hours rows, stops, seats taken) of the resources in the days, one query each."""
    ids = [r.pk for r in resources]
    begin, finish = _day_start(start), _day_start(end + dt.timedelta(days=1))
    hours = defaultdict(list)
    # The JSON columns as text: a row is a memo key, and decoding a thousand rows costs more than the query.
    as_text = {"opening_text": Cast("opening", TextField()), "info_text": Cast("info", TextField())}
    for resource_id, *fields in (ResourceHours.all_objects.filter(resource_id__in=ids).annotate(**as_text)
                                 .values_list("resource_id", *slot_module.HOURS_FIELDS[:5], "opening_text",
                                              "info_text")):
        hours[resource_id].append(slot_module.hours_row(*fields))
    stops = defaultdict(list)
    if any(r.kind == ResourceKind.MOBILE_UNIT for r in resources):
        for stop in Stop.all_objects.filter(resource_id__in=ids, starts_at__gte=begin, starts_at__lt=finish):
            stops[stop.resource_id].append(stop)
    # One tuple object per distinct set of hours rows: the memo of a day's slots is keyed by its id.
    distinct = {}
    hours = {k: distinct.setdefault(rows, rows) for k, rows in
             ((k, tuple(sorted(v, key=repr))) for k, v in hours.items())}
    return hours, stops, _taken(ids, begin, finish)


def all_slots(resources, start: dt.date, end: dt.date) -> dict[int, list[slot_module.Slot]]:
    """{resource id: its slots from `start` to `end` with the seats taken}, in three queries."""
    resources = list(resources)
    hours, stops, taken = _read(resources, start, end)
    return {r.pk: (adapters.external_slots(r, start, end) if r.external_system else  # an outside system's own
                   slot_module.slots(r, start, end, hours_rows=hours.get(r.pk, ()), stops=stops[r.pk],
                                     taken=taken[r.pk])) for r in resources}


def free_slots(resources, start: dt.date, end: dt.date, *, seats: int = 1, staff: bool = False, now=None,
               limit: int | None = None) -> list[slot_module.Slot]:
    """The slots with at least `seats` free seats, soonest first. Residents: only from the notice on and
    within the horizon of each resource; staff: any future slot. With a limit, the days are searched in
    growing windows (1, 2, 4, … days) until enough are found — the first free times are nearly always
    in the first days, and the seats taken are read only for the days searched — and within a window each
    resource's free times are merged lazily, so only the first `limit` become Slots."""
    now = now or clock.now()
    if isinstance(resources, QuerySet):
        resources = [Bookable(*row) for row in resources.filter(is_active=True).values_list(*SEARCH_FIELDS)]
    resources = [r for r in resources if r.is_active]
    if not limit:
        return _free_in(resources, start, end, seats=seats, staff=staff, now=now, limit=None)
    out, first, width = [], start, 1
    while first <= end and len(out) < limit:
        last = min(end, first + dt.timedelta(days=width - 1))
        out += _free_in(resources, first, last, seats=seats, staff=staff, now=now, limit=limit - len(out))
        first, width = last + dt.timedelta(days=1), width * 2
    return out


def _free_in(resources, start: dt.date, end: dt.date, *, seats: int, staff: bool, now, limit) -> list[slot_module.Slot]:
    today = now.astimezone(clock.HELSINKI).date()
    hours, stops, taken = _read(resources, start, end)
    days = [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]
    memo = {}

    def free_of(resource):
        earliest = int((now if staff else slot_module.bookable_from(resource, now)).timestamp())
        last_day = end if staff else min(end, today + dt.timedelta(days=resource.horizon_days))
        need = seats if resource.counts_people else 1
        mine, capacity, pk = taken[resource.pk], resource.capacity, resource.pk
        if resource.external_system:  # the outside system's free times (booking.adapters)
            full = Resource.all_objects.get(pk=pk) if isinstance(resource, Bookable) else resource
            for slot in adapters.external_slots(full, start, last_day):
                epoch = int(slot.starts_at.timestamp())
                if epoch >= earliest and capacity - mine.get(epoch, 0) >= need:
                    yield epoch, pk, slot.starts_at, None, resource
            return
        if resource.kind == ResourceKind.MOBILE_UNIT:
            for at, stop_id in slot_module.starts(resource, start, last_day, stops=stops[pk]):
                epoch = int(at.timestamp())
                if epoch >= earliest and capacity - mine.get(epoch, 0) >= need:
                    yield epoch, pk, at, stop_id, resource
            return
        rows = hours.get(pk, ())
        for day in days:
            if day > last_day:
                return
            key = (id(rows), resource.slot_minutes, resource.buffer_minutes, day)
            found = memo.get(key)
            if found is None:
                found = memo[key] = slot_module.day_starts(rows, day, resource.slot_minutes, resource.buffer_minutes)
            for epoch, at in found:
                if epoch >= earliest and capacity - mine.get(epoch, 0) >= need:
                    yield epoch, pk, at, None, resource

    merged = heapq.merge(*(free_of(r) for r in resources), key=lambda item: (item[0], item[1]))
    out = []
    for epoch, resource_id, at, stop_id, resource in itertools.islice(merged, limit):
        out.append(slot_module.Slot(resource_id, at, at + dt.timedelta(minutes=resource.slot_minutes),
                                    resource.capacity, taken[resource_id].get(epoch, 0), stop_id))
    return out


def bookable_resources(municipality, *, service=None, unit=None, kind=None):
    qs = Resource.all_objects.filter(municipality=municipality, is_active=True).select_related("unit", "service")
    if service is not None:
        qs = qs.filter(service=service)
    if unit is not None:
        qs = qs.filter(unit=unit)
    if kind:
        qs = qs.filter(kind=kind)
    return qs


def bookable_exists(service_ref="pk"):
    """An Exists() for a service queryset: whether the service has an active resource (the service page's
    "Book a time" without a query of its own)."""
    from django.db.models import Exists, OuterRef

    return Exists(Resource.all_objects.filter(service_id=OuterRef(service_ref), is_active=True))


def bookings_of(person, *, upcoming: bool = True, now=None):
    """The person's own bookings (upcoming and valid, soonest first; or the past and cancelled)."""
    now = now or clock.now()
    qs = Booking.all_objects.filter(municipality_id=person.municipality_id, person=person).select_related("resource")
    if upcoming:
        return qs.filter(status__in=ACTIVE, ends_at__gt=now).order_by("starts_at")
    return qs.exclude(status__in=ACTIVE, ends_at__gt=now).order_by("-starts_at")


def day_of(resource, day: dt.date):
    """A resource's bookings of one day (staff's day view)."""
    return (Booking.all_objects.filter(resource=resource, starts_at__gte=_day_start(day),
                                       starts_at__lt=_day_start(day + dt.timedelta(days=1)))
            .select_related("person").order_by("starts_at", "created_at"))
