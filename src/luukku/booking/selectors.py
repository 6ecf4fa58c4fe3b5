"""Reads of booking: free slots over many resources (each table read once per search), a resident's
bookings, a resource's day."""

import datetime as dt
from collections import defaultdict

from django.db.models import Count

from luukku.core import clock

from . import slots as slot_module
from .models import Booking, BookingStatus, Resource, ResourceHours, ResourceKind, SlotClaim, Stop

ACTIVE = (BookingStatus.AWAITING_PAYMENT, BookingStatus.CONFIRMED)


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time()).replace(tzinfo=clock.HELSINKI)


def all_slots(resources, start: dt.date, end: dt.date) -> dict[int, list[slot_module.Slot]]:
    """{resource id: its slots from `start` to `end` with the seats taken}, in three queries."""
    resources = list(resources)
    ids = [r.pk for r in resources]
    begin, finish = _day_start(start), _day_start(end + dt.timedelta(days=1))
    hours = defaultdict(list)
    for row in ResourceHours.all_objects.filter(resource_id__in=ids):
        hours[row.resource_id].append(row)
    stops = defaultdict(list)
    if any(r.kind == ResourceKind.MOBILE_UNIT for r in resources):
        for stop in Stop.all_objects.filter(resource_id__in=ids, starts_at__gte=begin, starts_at__lt=finish):
            stops[stop.resource_id].append(stop)
    taken = defaultdict(dict)
    for resource_id, at, n in (SlotClaim.all_objects.filter(resource_id__in=ids, starts_at__gte=begin,
                                                             starts_at__lt=finish)
                               .values_list("resource_id", "starts_at").annotate(n=Count("id"))
                               .values_list("resource_id", "starts_at", "n").order_by()):
        taken[resource_id][at] = n
    return {r.pk: slot_module.slots(r, start, end, hours_rows=hours[r.pk], stops=stops[r.pk], taken=taken[r.pk])
            for r in resources}


def free_slots(resources, start: dt.date, end: dt.date, *, seats: int = 1, staff: bool = False, now=None,
               limit: int | None = None) -> list[slot_module.Slot]:
    """The slots with at least `seats` free seats, soonest first. Residents: only from the notice on and
    within the horizon of each resource; staff: any future slot."""
    now = now or clock.now()
    resources = [r for r in resources if r.is_active]
    by_id = {r.pk: r for r in resources}
    out = []
    for resource_id, found in all_slots(resources, start, end).items():
        resource = by_id[resource_id]
        earliest = now if staff else slot_module.bookable_from(resource, now)
        latest = None if staff else slot_module.bookable_until(resource, now)
        need = seats if resource.counts_people else 1
        out += [s for s in found if s.starts_at >= earliest and s.free >= need
                and (latest is None or s.starts_at.astimezone(clock.HELSINKI).date() <= latest)]
    out.sort(key=lambda s: (s.starts_at, s.resource_id))
    return out[:limit] if limit else out


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
