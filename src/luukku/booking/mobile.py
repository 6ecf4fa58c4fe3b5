"""Reads of mobile units (a health bus, a library bus, an advice bus): their timetables and the stops
near a place. Public: a stop says where and when the unit is, never who booked it."""

import datetime as dt
from collections import defaultdict

from luukku.core import clock, geo

from .models import Booking, BookingStatus, Resource, ResourceKind, Stop

WEEKS = 8  # a timetable shows this far ahead
DISTANCES_KM = (2, 5, 10, 25, 50)
DEFAULT_KM = 10


def units(municipality):
    """The municipality's mobile units (bookable or not: a library bus has a timetable too)."""
    return (Resource.all_objects.filter(municipality=municipality, kind=ResourceKind.MOBILE_UNIT)
            .select_related("unit").order_by("slug"))


def unit_by_slug(municipality, slug: str):
    return units(municipality).filter(slug=slug).first()


def _upcoming(qs, now=None, weeks: int = WEEKS):
    """Stops not yet over, up to `weeks` ahead, soonest first."""
    now = now or clock.now()
    return qs.filter(ends_at__gt=now, starts_at__lt=now + dt.timedelta(weeks=weeks)).order_by("starts_at", "id")


def timetable(resource, *, weeks: int = WEEKS, now=None) -> list[Stop]:
    stops = list(_upcoming(Stop.all_objects.filter(resource=resource), now, weeks))
    for stop in stops:
        stop.resource = resource  # one query for the page, not one per stop
    return stops


def next_stops(resources, *, per_unit: int = 3, now=None) -> dict[int, list[Stop]]:
    """{resource id: its next `per_unit` stops that are not cancelled}, in one query."""
    resources = list(resources)
    out = defaultdict(list)
    by_id = {r.pk: r for r in resources}
    for stop in _upcoming(Stop.all_objects.filter(resource__in=resources, cancelled=False), now):
        stop.resource = by_id[stop.resource_id]
        if len(out[stop.resource_id]) < per_unit:
            out[stop.resource_id].append(stop)
    return out


def stops_near(municipality, latitude: float, longitude: float, km: float, *, now=None) -> list[tuple[Stop, float]]:
    """(stop, distance in km) of every mobile unit's upcoming stops within `km` of the point, nearest
    first (then soonest). A bounding box narrows the query; the distance itself is exact."""
    min_lat, max_lat, min_lon, max_lon = geo.bounding_box(latitude, longitude, km * 1000)
    qs = _upcoming(Stop.all_objects.filter(municipality=municipality, resource__kind=ResourceKind.MOBILE_UNIT,
                                           latitude__range=(min_lat, max_lat), longitude__range=(min_lon, max_lon)),
                   now).select_related("resource")
    found = []
    for stop in qs:
        distance = geo.distance_m(latitude, longitude, stop.latitude, stop.longitude) / 1000
        if distance <= km:
            found.append((stop, distance))
    found.sort(key=lambda pair: (round(pair[1], 1), pair[0].starts_at))
    return found


def is_bookable(stop, now=None) -> bool:
    """Does a resident book a time of this stop (the unit takes bookings, the stop has slots, not past)?"""
    return (stop.bookable and not stop.cancelled and stop.resource.is_active
            and stop.ends_at > (now or clock.now()))


ACTIVE = (BookingStatus.AWAITING_PAYMENT, BookingStatus.CONFIRMED)


def bookings_at(stop):
    """The valid bookings of a stop's window (cancelling the stop cancels them)."""
    return Booking.all_objects.filter(resource_id=stop.resource_id, status__in=ACTIVE,
                                      starts_at__gte=stop.starts_at, starts_at__lt=stop.ends_at)


def booking_counts(stops) -> dict[int, int]:
    """{stop id: valid bookings in its window} for staff's list (numbers, never names)."""
    stops = list(stops)
    if not stops:
        return {}
    rows = list(Booking.all_objects.filter(resource_id__in={s.resource_id for s in stops}, status__in=ACTIVE,
                                           starts_at__gte=min(s.starts_at for s in stops),
                                           starts_at__lt=max(s.ends_at for s in stops))
                .values_list("resource_id", "starts_at"))
    return {s.pk: sum(1 for r, at in rows if r == s.resource_id and s.starts_at <= at < s.ends_at) for s in stops}
