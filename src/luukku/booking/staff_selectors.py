"""Reads of the staff's side of booking: who may see and do what with which resource, the resources
a staff member sees, a day's and a week's slots with their bookings, and the audit trace of each read
of a booking's personal data.

- handle: a service-point agent, a case handler or a manager of the resource's unit (a membership
  without a unit covers every unit; administrators everything): day and week views, bookings, booking
  for a resident, marking, cancelling, moving, blocking, the calendar feed;
- manage: a manager (or an administrator) of the unit: also create and edit resources and their hours.
"""

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass, field

from django.http import Http404

from luukku.core import clock
from luukku.core import selectors as core_selectors
from luukku.core.models import Role
from luukku.core.services import record_audits

from . import selectors
from .models import Booking, BookingChange, BookingStatus, Resource

HANDLE_ROLES = (Role.SERVICE_POINT_AGENT, Role.CASE_HANDLER, Role.MANAGER)
MANAGE_ROLES = (Role.MANAGER,)
PURPOSE = "booking handling"
ACTIVE = (BookingStatus.AWAITING_PAYMENT, BookingStatus.CONFIRMED)


def may_handle(user, resource) -> bool:
    return core_selectors.has_role(user, resource.municipality, HANDLE_ROLES, unit=resource.unit_id)


def may_manage(user, municipality, unit=None) -> bool:
    """Manage the resources of `unit` (None: of some unit)."""
    if unit is None:
        return core_selectors.units_for(user, municipality, MANAGE_ROLES) != []
    return core_selectors.has_role(user, municipality, MANAGE_ROLES, unit=getattr(unit, "pk", unit))


def handled_units(user, municipality):
    """Units whose resources `user` sees (None: every unit)."""
    return core_selectors.units_for(user, municipality, HANDLE_ROLES)


def managed_units(user, municipality):
    """Units whose resources `user` may create and edit, as a list."""
    from luukku.core.models import Unit

    units = core_selectors.units_for(user, municipality, MANAGE_ROLES)
    if units is None:
        return list(Unit.all_objects.filter(municipality=municipality).order_by("slug"))
    return sorted(units, key=lambda u: u.slug)


def resources_of(user, municipality):
    """The resources of the units `user` sees, by unit."""
    qs = Resource.all_objects.filter(municipality=municipality).select_related("unit", "service")
    units = handled_units(user, municipality)
    if units is not None:
        qs = qs.filter(unit__in=units)
    return qs.order_by("unit__slug", "slug")


def resource_for(user, municipality, slug) -> Resource:
    """The resource `slug` of this municipality when `user` handles its unit; 404 otherwise, so that
    other units' (and municipalities') resources are not revealed."""
    resource = (Resource.all_objects.filter(municipality=municipality, slug=slug)
                .select_related("unit", "service", "municipality").first())
    if resource is None or not may_handle(user, resource):
        raise Http404("no such resource")
    return resource


def booking_for(user, municipality, public_id) -> Booking:
    booking = (Booking.all_objects.filter(municipality=municipality, public_id=public_id)
               .select_related("resource__unit", "resource__municipality", "person", "case", "booked_by_user")
               .first())
    if booking is None or not may_handle(user, booking.resource):
        raise Http404("no such booking")
    return booking


def history_of(booking):
    return BookingChange.all_objects.filter(booking=booking).select_related("by_user", "by_person").order_by("at", "id")


# --- the audit trail -----------------------------------------------------------------------------

def audit_role(user, resource) -> tuple[str, object]:
    """(role, unit) in which `user` reads the bookings of `resource`: the unit is the resource's."""
    if getattr(user, "is_superuser", False):
        return Role.ADMINISTRATOR, resource.unit
    memberships = [m for m in core_selectors.memberships_of(user, resource.municipality)
                   if m.unit_id in (None, resource.unit_id)]
    for role in (*HANDLE_ROLES, Role.ADMINISTRATOR):
        if any(m.role == role for m in memberships):
            return role, resource.unit
    return "", resource.unit


def subject_of(booking):
    """Whose data a booking is: its person; a caller without one is found by the booking's id."""
    return booking.person.public_id if booking.person_id else booking.public_id


def audit_bookings(user, resource, bookings, *, action: str, purpose: str = PURPOSE) -> int:
    """One AuditEvent per booking whose personal data a page shows (name, contact, message)."""
    role, unit = audit_role(user, resource)
    return record_audits(municipality=resource.municipality, actor=user, action=action, purpose=purpose, role=role,
                         unit=unit, subjects=[(subject_of(b), "booking.booking", b.public_id) for b in bookings])


# --- days and weeks ------------------------------------------------------------------------------

@dataclass
class SlotRow:
    starts_at: dt.datetime
    ends_at: dt.datetime
    capacity: int
    free: int
    bookings: list = field(default_factory=list)

    @property
    def active(self) -> list:
        return [b for b in self.bookings if b.status in ACTIVE]


@dataclass
class DayView:
    day: dt.date
    slots: list
    elsewhere: list  # bookings of the day at no current slot (the hours changed after they were made)

    @property
    def bookings(self) -> list:
        return [b for s in self.slots for b in s.bookings] + self.elsewhere


def days(resource, start: dt.date, end: dt.date) -> list[DayView]:
    """Each day from `start` to `end`: its slots with the seats free and the bookings at each."""
    found = selectors.all_slots([resource], start, end)[resource.pk]
    bookings = list(Booking.all_objects.filter(resource=resource, starts_at__gte=selectors._day_start(start),
                                               starts_at__lt=selectors._day_start(end + dt.timedelta(days=1)))
                    .select_related("person").order_by("starts_at", "created_at"))
    out = {}
    day = start
    while day <= end:
        out[day] = DayView(day, [], [])
        day += dt.timedelta(days=1)
    rows = {}
    for slot in found:
        row = SlotRow(slot.starts_at, slot.ends_at, slot.capacity, slot.free)
        rows[slot.starts_at] = row
        out[slot.starts_at.astimezone(clock.HELSINKI).date()].slots.append(row)
    for booking in bookings:
        row = rows.get(booking.starts_at)
        if row is not None:
            row.bookings.append(booking)
        else:
            out[booking.starts_at.astimezone(clock.HELSINKI).date()].elsewhere.append(booking)
    return list(out.values())


def week_of(day: dt.date) -> tuple[dt.date, dt.date]:
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


# --- the calendar feed ---------------------------------------------------------------------------

def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def feed_resource(municipality, slug: str, token: str) -> Resource | None:
    """The resource whose feed `token` opens, or None (an old token, another resource's, none)."""
    resource = Resource.all_objects.filter(municipality=municipality, slug=slug).select_related("unit").first()
    if resource is None or not resource.feed_token_hash:
        return None
    return resource if hmac.compare_digest(resource.feed_token_hash, token_hash(token)) else None


FEED_PAST_DAYS, FEED_DAYS = 30, 400


def feed_bookings(resource):
    """The bookings a staff calendar syncs: from a month back on (cancelled ones too, so that a synced
    event is taken away)."""
    since = selectors._day_start(clock.today() - dt.timedelta(days=FEED_PAST_DAYS))
    until = selectors._day_start(clock.today() + dt.timedelta(days=FEED_DAYS))
    return (Booking.all_objects.filter(resource=resource, starts_at__gte=since, starts_at__lt=until)
            .select_related("resource__unit").order_by("starts_at"))
