"""Mobile units in public (no sign-in): the units with their next stops, a unit's eight-week timetable
and its iCalendar, the stops near a typed address (one match, several to choose from, none); staff add
stops and cancel one, which cancels its bookings and tells the residents."""

import datetime as dt

import pytest
from django.test import Client
from icalendar import Calendar

from luukku.booking import services
from luukku.booking.models import Booking, BookingStatus, ResourceKind, Stop
from luukku.core import selectors as core_selectors
from luukku.core.models import AddressPoint, Role
from luukku.notify.models import Notification

from ..factories import MembershipFactory, UnitFactory, UserFactory
from .conftest import MONDAY, at, make_resource

pytestmark = pytest.mark.django_db

PUBLIC = "/esimerkki/en/ajanvaraus/liikkuvat/"
STAFF = "/esimerkki/en/virkailija/ajanvaraus/liikkuvat/"
HOME = (61.500, 25.000)  # Koulukatu 8


def stop(bus, place, start, hours=2, *, lat=None, lon=None, **fields):
    return Stop.all_objects.create(municipality=bus.municipality, resource=bus, place=place, starts_at=start,
                                   ends_at=start + dt.timedelta(hours=hours), latitude=lat, longitude=lon, **fields)


@pytest.fixture
def buses(world):
    m = world["municipality"]
    bus = make_resource(m, "terveysbussi", kind=ResourceKind.MOBILE_UNIT, hours=None, slot_minutes=20)
    library = make_resource(m, "kirjastoauto", kind=ResourceKind.MOBILE_UNIT, hours=None, is_active=False)
    for resource, name in ((bus, {"fi": "Terveysbussi", "en": "Health bus"}),
                           (library, {"fi": "Kirjastoauto", "en": "Library bus"})):
        resource.name = name
        resource.save(update_fields=["name"])
    stops = {
        "shop": stop(bus, "Village shop", at(MONDAY, 9), lat=61.5009, lon=25.0, address="Koulukatu 8", bookable=True),
        "lake": stop(bus, "Lake harbour", at(MONDAY + dt.timedelta(days=1), 12), lat=61.80, lon=25.0),  # ~33 km
        "school": stop(bus, "Old school", at(MONDAY + dt.timedelta(days=2), 9), lat=61.52, lon=25.0, cancelled=True),
        "past": stop(bus, "Last week's market", at(MONDAY - dt.timedelta(days=7), 9), lat=61.5, lon=25.0),
        "later": stop(bus, "Summer fair", at(MONDAY + dt.timedelta(weeks=10), 9), lat=61.5, lon=25.0),
        "books": stop(library, "Church", at(MONDAY, 15), lat=61.503, lon=25.01),
    }
    points = [("Koulukatu", "", "8", "41990", *HOME), ("Koulukatu", "", "10", "41990", 61.5005, 25.0),
              ("Itäinen puistotie", "Östra Allén", "3", "41990", 61.51, 25.02),
              ("Kirkkotie", "", "2", "41990", 61.49, 25.0), ("Kirkkotie", "", "2", "41900", 61.70, 25.0)]
    for fi, sv, number, code, lat, lon in points:
        AddressPoint.all_objects.create(municipality=m, street={"fi": fi, **({"sv": sv} if sv else {})},
                                        number=number, postal_code=code, latitude=lat, longitude=lon)
    AddressPoint.all_objects.create(municipality=world["other_municipality"], street={"fi": "Toisentie"}, number="1",
                                    latitude=61.5, longitude=25.0)
    return {**world, "bus": bus, "library": library, "stops": stops}


def test_the_units_and_a_timetable_of_eight_weeks_are_public_with_cancelled_stops_marked(buses):
    page = Client().get(PUBLIC)
    html = page.content.decode()
    assert page.status_code == 200 and "Health bus" in html and "Library bus" in html
    assert "Village shop" in html and "Church" in html and "Old school" not in html  # next stops: not cancelled

    page = Client().get(PUBLIC + "terveysbussi/")
    html = page.content.decode()
    assert page.status_code == 200
    for shown in ("Village shop", "Koulukatu 8", "Monday", "14.12.2026", "9.00", "11.00", "Lake harbour"):
        assert shown in html
    assert "Old school <strong>(cancelled)</strong>" in html
    assert "Last week" not in html and "Summer fair" not in html
    assert 'href="/esimerkki/en/ajanvaraus/terveysbussi/?paiva=2026-12-14"' in html  # the bookable stop only
    assert html.count("?paiva=") == 1
    assert Client().get(PUBLIC + "ei-ole/").status_code == 404


def test_the_timetable_reads_back_as_icalendar(buses):
    response = Client().get(PUBLIC + "terveysbussi/aikataulu.ics")
    assert response["Content-Type"].startswith("text/calendar")
    events = {str(e["summary"]): e for e in Calendar.from_ical(response.content).walk("VEVENT")}
    assert set(events) == {"Health bus: Village shop", "Health bus: Lake harbour", "Health bus: Old school"}
    shop = events["Health bus: Village shop"]
    assert shop.decoded("dtstart") == at(MONDAY, 9) and str(shop["location"]) == "Village shop, Koulukatu 8"
    assert str(events["Health bus: Old school"]["status"]) == "CANCELLED"


def test_the_stops_near_an_address_nearest_first_with_the_distance(buses):
    html = Client().get(PUBLIC, {"osoite": "KOULUKATU 8 A 3, 41990", "etaisyys": "10"}).content.decode()
    assert "Stops within 10 km of Koulukatu 8, 41990" in html
    near = html[html.index('id="near-results"'):html.index('id="units-title"')]
    assert near.index("Village shop") < near.index("Church") < near.index("Old school")
    assert "0.1 km" in near and "Lake harbour" not in near
    assert "Book a time at Village shop" in near and "Cancelled" in near
    far = Client().get(PUBLIC, {"osoite": "koulukatu 8", "etaisyys": "50"}).content.decode()
    assert "Lake harbour" in far[far.index('id="near-results"'):]
    # The Swedish name, in lower case (å, ö beyond ASCII on SQLite too).
    sv = Client().get(PUBLIC, {"osoite": "östra allén 3"}).content.decode()
    assert "Stops within 10 km of" in sv and "Village shop" in sv


def test_several_matches_are_offered_to_choose_and_an_unknown_address_keeps_what_was_typed(buses):
    html = Client().get(PUBLIC, {"osoite": "Kirkkotie 2"}).content.decode()
    assert "Choose the address" in html and "Kirkkotie 2, 41990" in html and "Kirkkotie 2, 41900" in html
    point = AddressPoint.all_objects.get(postal_code="41900")
    chosen = Client().get(PUBLIC, {"piste": point.pk, "etaisyys": "25", "osoite": "Kirkkotie 2, 41900"})
    chosen = chosen.content.decode()
    assert "Stops within 25 km of Kirkkotie 2, 41900" in chosen and "Lake harbour" in chosen

    page = Client().get(PUBLIC, {"osoite": "Olematon tie 5"})
    html = page.content.decode()
    assert page.status_code == 200 and "We did not find the address “Olematon tie 5” in Example" in html
    assert 'value="Olematon tie 5"' in html and 'aria-invalid="true"' in html
    other = AddressPoint.all_objects.get(street={"fi": "Toisentie"})  # another municipality's point
    for query in ({"piste": other.pk}, {"piste": "x"}, {"osoite": "Toisentie 1"}, {"osoite": ""},
                  {"osoite": "\x00", "etaisyys": "-1"}):
        response = Client().get(PUBLIC, query)
        assert response.status_code == 200 and "Stops within" not in response.content.decode()


def test_a_street_without_a_number_or_with_one_the_register_lacks_lists_the_street(buses):
    m = buses["municipality"]
    assert [p.number for p in core_selectors.addresses_matching(m, "Koulukatu")] == ["8", "10"]
    assert [p.number for p in core_selectors.addresses_matching(m, "koulukatu 99")] == ["8", "10"]
    assert [p.number for p in core_selectors.addresses_matching(m, "Koulukatu 8b")] == ["8"]
    assert core_selectors.addresses_matching(m, "K") == []


def staff(municipality, role, unit=None, username="bussi"):
    user = UserFactory(username=username)
    MembershipFactory(municipality=municipality, user=user, role=role, unit=unit)
    client = Client()
    client.force_login(user)
    return client


def test_staff_add_a_stop_whose_point_comes_from_the_address_and_bad_times_are_refused(buses):
    client = staff(buses["municipality"], Role.CASE_HANDLER, unit=buses["bus"].unit)
    assert "Health bus" in client.get(STAFF).content.decode()
    form = {"place": "Sports field", "address": "Koulukatu 10", "day": "2026-12-17", "starts": "10:00",
            "ends": "9:00", "bookable": "on"}
    page = client.post(STAFF + "terveysbussi/", form)
    html = page.content.decode()
    assert page.status_code == 400 and "The unit must leave after it arrives" in html
    assert 'value="Sports field"' in html and 'value="Koulukatu 10"' in html
    page = client.post(STAFF + "terveysbussi/", {**form, "ends": "12.00"})
    assert page.status_code == 302
    added = Stop.all_objects.get(place="Sports field")
    assert (added.latitude, added.longitude, added.bookable) == (61.5005, 25.0, True)
    assert added.starts_at == at(MONDAY + dt.timedelta(days=3), 10)
    assert client.post(STAFF + "terveysbussi/", {**form, "day": "1.12.2026", "ends": "12:00"}).status_code == 400
    assert client.post(STAFF + "terveysbussi/", {**form, "day": "huomenna"}).status_code == 400


def test_cancelling_a_stop_cancels_its_bookings_and_tells_the_residents(buses):
    client = staff(buses["municipality"], Role.MANAGER, unit=buses["bus"].unit)
    shop = buses["stops"]["shop"]
    booking = services.book(buses["bus"], at(MONDAY, 9, 20), person=buses["aino"])
    url = f"{STAFF}terveysbussi/pysakit/{shop.public_id}/peru/"
    page = client.post(url, {"reason": "  "})
    assert page.status_code == 400 and "Say why the stop is cancelled" in page.content.decode()
    assert Booking.all_objects.get().status == BookingStatus.CONFIRMED
    page = client.post(url, {"reason": "The bus is broken."}, follow=True)
    assert "1 booking was cancelled and the resident was told." in page.content.decode()
    booking.refresh_from_db()
    shop.refresh_from_db()
    assert shop.cancelled and booking.status == BookingStatus.CANCELLED and not booking.claims.exists()
    assert Notification.all_objects.filter(person=buses["aino"], kind="booking.cancelled_by_staff").exists()
    assert booking.history.last().reason == "The bus is broken."
    assert client.post(url, {"reason": "again"}).status_code == 400  # already cancelled


def test_only_managers_and_handlers_of_the_units_own_bus_manage_its_stops(buses):
    m = buses["municipality"]
    assert staff(m, Role.SERVICE_POINT_AGENT, username="agent").get(STAFF + "terveysbussi/").status_code == 403
    elsewhere = staff(m, Role.MANAGER, unit=UnitFactory(municipality=m, slug="muu"), username="muu")
    assert elsewhere.get(STAFF + "terveysbussi/").status_code == 404
    assert "Health bus" not in elsewhere.get(STAFF).content.decode()
    shop = buses["stops"]["shop"]
    assert elsewhere.post(f"{STAFF}terveysbussi/pysakit/{shop.public_id}/peru/",
                          {"reason": "x"}).status_code == 404
    assert Client().get(STAFF).status_code == 302  # to the login


def test_the_public_pages_read_a_fixed_number_of_queries(buses, django_assert_max_num_queries):
    for n in range(20):
        stop(buses["bus"], f"Extra {n}", at(MONDAY + dt.timedelta(days=14 + n), 9), lat=61.5, lon=25.0)
    with django_assert_max_num_queries(12):
        assert Client().get(PUBLIC + "terveysbussi/").status_code == 200
    with django_assert_max_num_queries(14):
        assert Client().get(PUBLIC, {"osoite": "Koulukatu 8", "etaisyys": "50"}).status_code == 200
