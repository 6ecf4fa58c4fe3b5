"""The confirmation's iCalendar file reads back in a standard parser with the booked time and place,
and a resource's feed names no resident."""

import pytest
from icalendar import Calendar

from luukku.booking import ics, services

from .conftest import MONDAY, at

pytestmark = pytest.mark.django_db


def test_the_confirmation_event_reads_back_with_the_time_and_the_reference(world):
    booking = services.book(world["advice"], at(MONDAY, 9, 30), person=world["aino"])
    event = Calendar.from_ical(ics.booking_ics(booking, "en")).walk("VEVENT")[0]
    assert event.decoded("dtstart") == at(MONDAY, 9, 30) and event.decoded("dtend") == at(MONDAY, 10)
    assert str(event["summary"]) == f"Building permit advice ({booking.reference})"
    assert str(event["uid"]) == f"{booking.public_id}@luukku" and str(event["status"]) == "CONFIRMED"


def test_the_staff_feed_names_no_resident(world):
    booking = services.book(world["advice"], at(MONDAY, 9), person=world["aino"], message="Lupa-asia")
    feed = ics.resource_feed(world["advice"], [booking], "en").decode()
    assert booking.reference in feed
    for private in ("Aino", "Asukas", "Lupa-asia", world["aino"].hetu):
        assert private not in feed
