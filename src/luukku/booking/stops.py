"""Writes of a mobile unit's stops (staff): add a stop, cancel one. Cancelling a stop cancels its
bookings through services.cancel with the staff's reason, which tells each resident."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from luukku.core import clock
from luukku.core import selectors as core_selectors
from luukku.core.services import record_event

from . import mobile, services
from .models import ResourceKind, Stop


@transaction.atomic
def add_stop(resource, *, place: str, address: str = "", starts_at: dt.datetime, ends_at: dt.datetime,
             bookable: bool = False, by_user=None) -> Stop:
    """A new stop of a mobile unit. Its point comes from the municipality's address register when the
    address names exactly one address (otherwise the stop is not found by "near an address")."""
    if resource.kind != ResourceKind.MOBILE_UNIT:
        raise ValidationError(_("Only a mobile unit has stops."), code="kind")
    errors = {}
    place, address = (place or "").strip()[:200], (address or "").strip()[:200]
    if not place:
        errors["place"] = _("Name the place of the stop, e.g. the village shop.")
    if ends_at <= starts_at:
        errors["ends"] = _("The unit must leave after it arrives. Check the times.")
    elif starts_at <= clock.now():
        errors["day"] = _("That time has passed. Give a coming day and time.")
    if errors:
        raise ValidationError(errors)
    points = core_selectors.addresses_matching(resource.municipality, address, limit=1) if address else []
    exact = points[0] if len(points) == 1 else None
    stop = Stop.all_objects.create(
        municipality_id=resource.municipality_id, resource=resource, place=place, address=address,
        latitude=exact.latitude if exact else None, longitude=exact.longitude if exact else None,
        starts_at=starts_at, ends_at=ends_at, bookable=bookable)
    record_event(municipality=resource.municipality, kind="booking.stop_added", obj=stop, actor=by_user,
                 data={"resource": resource.pk})
    return stop


@transaction.atomic
def cancel_stop(stop, *, reason: str, by_user) -> int:
    """Cancel a stop and every valid booking of it (each resident is told, with the reason behind their
    booking's link). Returns how many bookings were cancelled."""
    stop = Stop.all_objects.select_for_update().select_related("resource").get(pk=stop.pk)
    if stop.cancelled:
        raise ValidationError(_("This stop is already cancelled."), code="cancelled")
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the stop is cancelled: the residents who booked are told.")},
                              code="required")
    cancelled = 0
    for booking in mobile.bookings_at(stop):
        services.cancel(booking, by_user=by_user, reason=reason)
        cancelled += 1
    stop.cancelled = True
    stop.save(update_fields=["cancelled"])
    record_event(municipality=stop.resource.municipality, kind="booking.stop_cancelled", obj=stop, actor=by_user,
                 data={"bookings": cancelled})
    return cancelled
