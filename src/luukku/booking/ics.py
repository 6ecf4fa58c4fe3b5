"""iCalendar (RFC 5545) of bookings: the resident's confirmation (one event) and a resource's feed for
staff calendars. An event says what, when and where and the reference; the feed names no resident
(a calendar app syncs it to places we do not control), only that a time is booked and its reference."""

import datetime as dt

from icalendar import Calendar, Event

from luukku.core import clock
from luukku.core.translation import tr

PRODID = "-//Luukku//Booking//FI"


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    return calendar


def _event(booking, summary: str, language: str, *, status: str | None = None) -> Event:
    event = Event()
    event.add("uid", f"{booking.public_id}@luukku")
    event.add("dtstamp", clock.now().astimezone(dt.timezone.utc))
    event.add("dtstart", booking.starts_at.astimezone(dt.timezone.utc))
    event.add("dtend", booking.ends_at.astimezone(dt.timezone.utc))
    event.add("summary", summary)
    event.add("sequence", booking.history.count() if booking.pk else 0)  # a moved booking replaces the old
    place = booking.resource.place or tr(booking.resource.unit.name, language)
    if place:
        event.add("location", place)
    event.add("status", status or ("CANCELLED" if booking.status == "cancelled" else "CONFIRMED"))
    return event


def booking_ics(booking, language: str = "fi") -> bytes:
    """The resident's event: the resource, the reference, the place."""
    name = tr(booking.resource.name, language)
    calendar = _calendar(name)
    event = _event(booking, f"{name} ({booking.reference})", language)
    calendar.add_component(event)
    return calendar.to_ical()


def resource_feed(resource, bookings, language: str = "fi", booked_word: str = "Booked") -> bytes:
    """A resource's bookings for staff calendars: the reference only, never the resident."""
    calendar = _calendar(tr(resource.name, language))
    for booking in bookings:
        calendar.add_component(_event(booking, f"{booked_word} {booking.reference}", language))
    return calendar.to_ical()
