"""The demo's booking: what a visitor finds, Aino's bookings, the agent's day, the mobile units'
stops, and a second load that changes nothing."""

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model

from luukku.booking import selectors
from luukku.booking.models import (
    Booking,
    BookingChange,
    BookingStatus,
    Channel,
    Resource,
    ResourceHours,
    SlotClaim,
    Stop,
)
from luukku.core import clock
from luukku.core.models import AddressPoint, AuditEvent
from luukku.demo import load_demo
from luukku.demo.data.booking import RESOURCES
from luukku.people.models import Person

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def _counts(m):
    return {model.__name__: model.all_objects.filter(municipality=m).count()
            for model in (Resource, ResourceHours, Stop, Booking, BookingChange, SlotClaim)}


def test_the_demo_has_bookings_and_stops(koivula):
    counts = _counts(koivula)
    assert counts["Booking"] >= 50 and counts["Stop"] >= 40


def test_the_find_page_lists_the_bookable_demo_resources(koivula, client):
    page = text(client.get("/koivula/en/ajanvaraus/"))
    for slug, row in RESOURCES.items():
        listed = f'data-resource="{slug}"' in page
        assert listed == row.get("is_active", True), slug  # the mobile library has a timetable, no times
    assert "Areena Sports Hall, main hall" in page and "€" in page  # the paid one shows its price
    hall = text(client.get("/koivula/en/ajanvaraus/areena-liikuntasali/"))
    assert "places left" in hall  # the picker shows the seats left of times others booked


def test_aino_sees_her_upcoming_and_past_bookings(koivula, client):
    aino = Person.all_objects.get(municipality=koivula, user__username="asukas")
    upcoming, past = list(selectors.bookings_of(aino)), list(selectors.bookings_of(aino, upcoming=False))
    assert [b.resource.slug for b in upcoming] == ["rakennusvalvonnan-neuvonta"]
    assert [(b.resource.slug, b.status) for b in past] == [("asiointipisteen-neuvonta", BookingStatus.ATTENDED)]
    client.force_login(aino.user)
    page = text(client.get("/koivula/en/ajanvaraus/omat/"))
    mine = page.split('id="upcoming"')[1].split('id="past"')
    assert upcoming[0].reference in mine[0] and "Appointment with a building inspector" in mine[0]
    assert past[0].reference in mine[1]


def test_the_agent_sees_the_phone_booking_in_the_day_view(koivula, client):
    agent = get_user_model().objects.get(username="palvelupiste")
    call = Booking.all_objects.get(municipality=koivula, channel=Channel.PHONE)
    assert call.person is None and call.booked_by_user == agent and call.starts_at > clock.now()
    no_show = Booking.all_objects.get(municipality=koivula, status=BookingStatus.NO_SHOW)
    assert no_show.starts_at < clock.now() and no_show.resource == call.resource
    client.force_login(agent)
    day = call.starts_at.astimezone(clock.HELSINKI).date()
    page = text(client.get(f"/koivula/en/virkailija/ajanvaraus/{call.resource.slug}/?paiva={day}"))
    assert call.name in page and call.reference in page
    others = Booking.all_objects.filter(resource=call.resource, starts_at__date=day).exclude(pk=call.pk)
    assert others.exists() and all(b.name in page for b in others.filter(status=BookingStatus.CONFIRMED))
    assert AuditEvent.objects.filter(actor=agent, action="booking.list").exists()
    # Another unit's resource is not the agent's to see.
    assert client.get(f"/koivula/en/virkailija/ajanvaraus/rakennusvalvonnan-neuvonta/?paiva={day}").status_code == 404


def test_the_mobile_units_stop_at_register_addresses_for_eight_weeks(koivula):
    today = clock.today()
    addresses = {f"{p.street['fi']} {p.number}" for p in AddressPoint.all_objects.filter(municipality=koivula)}
    bus = Stop.all_objects.filter(resource__slug="terveysbussi", starts_at__date__gte=today)
    assert bus.filter(starts_at__date__gte=today + dt.timedelta(weeks=7)).exists()
    assert {s.address for s in bus} <= addresses and all(s.latitude for s in bus)
    assert bus.filter(cancelled=True).count() == 1 and bus.filter(bookable=True, cancelled=False).count() > 10
    library = Stop.all_objects.filter(resource__slug="kirjastoauto", starts_at__date__gte=today)
    assert library.exists() and not library.filter(bookable=True).exists()
    # A blocked day of the library's room among its exceptional rules; no stop on a public holiday.
    room = Resource.all_objects.get(municipality=koivula, slug="kirjaston-ryhmatila")
    assert room.hours.filter(kind="Exceptional", is_closed=True).count() == 1
    from luukku.catalogue.hours import holiday_name

    assert not any(holiday_name(s.starts_at.astimezone(clock.HELSINKI).date()) for s in bus)
