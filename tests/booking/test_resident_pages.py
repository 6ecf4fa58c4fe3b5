"""The resident's pages without JavaScript: finding a time, the week of free times and the booking form
(each refusal keeps the chosen time, the party and the contact details), the booking's page and its
.ics, moving and cancelling, My bookings; who may open what (another resident's booking and another
municipality's resource are 404; a booking made for a caller opens by its signed link)."""

import datetime as dt
import re

import pytest
from django.test import Client
from icalendar import Calendar

from luukku.booking import services
from luukku.booking.models import Booking, BookingStatus, Channel
from luukku.booking.resident_views import slot_value
from luukku.catalogue.models import Service
from luukku.core import clock

from ..factories import UserFactory
from .conftest import MONDAY, at, make_resource

pytestmark = pytest.mark.django_db

ROOT = "/esimerkki/en/ajanvaraus/"


def client_of(person) -> Client:
    client = Client()
    client.force_login(person.user)
    return client


def html(response) -> str:
    return response.content.decode()


def checked(page: str, when: dt.datetime) -> bool:
    return re.search(rf'value="{re.escape(slot_value(when))}" id="[^"]+" checked', page) is not None


def test_find_groups_by_service_with_price_and_lists_the_first_free_times(world):
    service = Service.all_objects.create(municipality=world["municipality"], slug="rakennusvalvonta",
                                         name={"fi": "Rakennusvalvonta", "en": "Building control"})
    world["advice"].service = service
    world["advice"].save()
    world["hall"].price_cents = 2500
    world["hall"].save()
    everything = html(Client().get(ROOT))
    assert "Building control" in everything and "Building permit advice" in everything
    assert "€25.00" in everything
    found = html(Client().get(ROOT, {"palvelu": "rakennusvalvonta", "pvm": "14.12.2026"}))
    first = found.split('id="first-free"')[1].split("</section>")[0]
    assert "Mon 14.12. 9:00–9:30" in first and first.count("<li>") == 10
    assert "liikuntasali" not in first  # the hall is not building control
    bad = Client().get(ROOT, {"pvm": "next monday"})
    assert bad.status_code == 400 and "day.month.year" in html(bad) and 'value="next monday"' in html(bad)


def test_the_week_shows_free_times_as_radios_and_says_which_days_have_none(world):
    services.book(world["advice"], at(MONDAY, 9), person=world["bertil"])
    page = html(Client().get(ROOT + "neuvonta/", {"alkaen": "2026-12-16"}))  # a Wednesday: its week
    assert "Monday 14.12." in page and "Mon 14.12. 9:30–10:00" in page
    assert slot_value(at(MONDAY, 9)) not in page  # booked
    assert page.count("No free times on this day.") == 2  # Saturday and Sunday
    assert "?alkaen=2026-12-07#slots" in page and "?alkaen=2026-12-21#slots" in page  # previous, next
    assert "Previous week" not in html(Client().get(ROOT + "neuvonta/"))  # this week: nothing before it
    hall = html(Client().get(ROOT + "liikuntasali/", {"viikko": "2026-W51"}))
    assert "Mon 14.12. 16:00–17:00, 20 places left" in hall


def test_booking_needs_a_login_that_keeps_the_chosen_time(world):
    response = Client().post(ROOT + "neuvonta/", {"aika": slot_value(at(MONDAY, 10))})
    assert response.status_code == 302 and "kirjaudu" in response["Location"]
    assert "aika%3D2026-12-14T08%253A00Z" in response["Location"]  # next=…?aika=… kept
    page = html(client_of(world["aino"]).get(ROOT + "neuvonta/", {"aika": slot_value(at(MONDAY, 10))}))
    assert checked(page, at(MONDAY, 10)) and 'id="details-title"' in page


def test_book_then_the_booking_page_and_its_calendar_file(world):
    world["aino"].phone, world["aino"].email = "0401234567", "aino@example.fi"
    world["aino"].save()
    client = client_of(world["aino"])
    form = html(client.get(ROOT + "liikuntasali/"))
    assert 'value="0401234567"' in form and 'value="aino@example.fi"' in form  # prefilled
    response = client.post(ROOT + "liikuntasali/", {
        "aika": slot_value(at(MONDAY, 16)), "party_size": "3", "party_name": ["Eino", "Iida", ""],
        "phone": "0401234567", "email": "aino@example.fi", "message": "Sulkapallo"})
    booking = Booking.all_objects.get()
    assert response.status_code == 302 and response["Location"] == f"{ROOT}varaukset/{booking.public_id}/"
    assert (booking.party_size, booking.party_names, booking.language) == (3, ["Eino", "Iida"], "en")
    page = html(client.get(response["Location"]))
    assert booking.reference in page and "Mon 14.12.2026 16:00–17:00" in page and "Eino, Iida" in page
    assert "Online until Sun 13.12.2026 16:00" in page and 'id="move"' in page
    ics = client.get(response["Location"] + "kalenteri.ics")
    assert ics["Content-Type"].startswith("text/calendar") and "attachment" in ics["Content-Disposition"]
    event = Calendar.from_ical(ics.content).walk("VEVENT")[0]
    assert event.decoded("dtstart") == at(MONDAY, 16) and booking.reference in str(event["summary"])


def _full(world):
    services.book(world["advice"], at(MONDAY, 10), person=world["bertil"])
    return at(MONDAY, 10), "booked full"


def _passed(world):
    return at(MONDAY - dt.timedelta(days=7), 10), "has passed"


def _outside(world):
    return at(MONDAY, 10, 10), "outside the opening hours"


def _overlap(world):
    other = make_resource(world["municipality"], "neuvonta2")
    services.book(other, at(MONDAY, 10), person=world["aino"])
    return at(MONDAY, 10), "already have a booking"


@pytest.mark.parametrize("refusal", [_full, _passed, _outside, _overlap])
def test_each_refusal_is_said_and_keeps_every_choice(world, refusal):
    when, words = refusal(world)
    before = Booking.all_objects.count()
    response = client_of(world["aino"]).post(ROOT + "neuvonta/", {
        "aika": slot_value(when), "phone": "040 765 4321", "email": "a@example.fi", "message": "Piha-asia"})
    page = html(response)
    assert response.status_code == 400 and words in page.split('id="errors"')[1].split("</div>")[0]
    assert checked(page, when)
    assert 'value="040 765 4321"' in page and 'value="a@example.fi"' in page and "Piha-asia</textarea>" in page
    assert Booking.all_objects.count() == before


def test_a_party_too_large_and_a_bad_phone_keep_the_party(world):
    client = client_of(world["aino"])
    page = html(client.post(ROOT + "liikuntasali/", {"aika": slot_value(at(MONDAY, 16)), "party_size": "7",
                                                     "party_name": ["Eino"], "phone": "soita"}))
    assert "Give the phone number" in page and checked(page, at(MONDAY, 16)) and 'value="Eino"' in page
    page = html(client.post(ROOT + "liikuntasali/", {"aika": slot_value(at(MONDAY, 16)), "party_size": "7"}))
    assert "6 people at most" in page and 'href="#party_size"' in page


def test_who_may_open_a_booking(world, other_municipality):
    booking = services.book(world["advice"], at(MONDAY, 9), person=world["aino"])
    url = f"{ROOT}varaukset/{booking.public_id}/"
    assert client_of(world["bertil"]).get(url).status_code == 404
    assert client_of(world["bertil"]).get(url + "kalenteri.ics").status_code == 404
    assert client_of(world["bertil"]).post(url + "peru/").status_code == 404
    assert Client().get(url).status_code == 302  # to the login
    assert client_of(world["aino"]).get(f"/toinen/fi/ajanvaraus/varaukset/{booking.public_id}/").status_code == 404
    make_resource(other_municipality, "muualla")
    assert Client().get(ROOT + "muualla/").status_code == 404
    assert Client().get("/toinen/fi/ajanvaraus/neuvonta/").status_code == 404

    from luukku.booking.links import booking_path

    caller = services.book(world["advice"], at(MONDAY, 10), by_user=UserFactory(username="palvelupiste"),
                           channel=Channel.PHONE, name="Kalle", phone="+358401234567", language="en")
    link = booking_path(caller)
    assert Client().get(link).status_code == 200
    assert Client().get(link.split("?")[0]).status_code == 404
    assert Client().get(link.split("?")[0] + "?t=forged").status_code == 404
    assert Client().post(link.replace("/?t=", "/peru/?t=")).status_code == 302  # the link's holder cancels
    assert Booking.all_objects.get(pk=caller.pk).status == BookingStatus.CANCELLED


def test_move_keeps_the_old_time_on_refusal_then_moves(world):
    booking = services.book(world["advice"], at(MONDAY, 9), person=world["aino"])
    services.book(world["advice"], at(MONDAY, 11), person=world["bertil"])
    client = client_of(world["aino"])
    url = f"{ROOT}varaukset/{booking.public_id}/siirra/"
    page = html(client.get(url))
    assert slot_value(at(MONDAY, 9)) not in page and slot_value(at(MONDAY, 9, 30)) in page  # not to itself
    refused = client.post(url, {"aika": slot_value(at(MONDAY, 11))})
    assert refused.status_code == 400 and "booked full" in html(refused) and checked(html(refused), at(MONDAY, 11))
    assert Booking.all_objects.get(pk=booking.pk).starts_at == at(MONDAY, 9)
    moved = client.post(url, {"aika": slot_value(at(MONDAY, 10, 30))})
    assert moved.status_code == 302
    assert "has a new time" in html(client.get(moved["Location"]))
    assert Booking.all_objects.get(pk=booking.pk).starts_at == at(MONDAY, 10, 30)


def test_cancel_asks_first_and_after_the_deadline_says_to_call_the_unit(world):
    unit = world["advice"].unit
    unit.phone = "09 123 4567"
    unit.save()
    booking = services.book(world["advice"], at(MONDAY, 9), person=world["aino"])
    late = services.book(world["advice"], at(MONDAY, 11), person=world["aino"])
    client = client_of(world["aino"])
    url = f"{ROOT}varaukset/{booking.public_id}/peru/"
    assert "Yes, cancel the booking" in html(client.get(url))
    assert Booking.all_objects.get(pk=booking.pk).status == BookingStatus.CONFIRMED  # a GET changes nothing
    assert client.post(url).status_code == 302
    assert Booking.all_objects.get(pk=booking.pk).status == BookingStatus.CANCELLED
    with clock.frozen_at(at(MONDAY, 8)):
        page = html(client.get(f"{ROOT}varaukset/{late.public_id}/"))
        assert 'id="call-unit"' in page and 'href="tel:091234567"' in page and 'id="cancel"' not in page
        refused = client.post(f"{ROOT}varaukset/{late.public_id}/peru/")
        assert refused.status_code == 400 and "can be cancelled only until 13.12.2026 11:00" in html(refused)
    assert Booking.all_objects.get(pk=late.pk).status == BookingStatus.CONFIRMED


def test_my_bookings_upcoming_and_past(world):
    coming = services.book(world["advice"], at(MONDAY, 9), person=world["aino"])
    gone = services.book(world["advice"], at(MONDAY, 10), person=world["aino"])
    services.cancel(gone, by_person=world["aino"])
    services.book(world["advice"], at(MONDAY, 11), person=world["bertil"])
    page = html(client_of(world["aino"]).get(ROOT + "omat/"))
    upcoming, past = page.split('id="upcoming"')[1].split('id="past"')
    assert coming.reference in upcoming and gone.reference in past
    assert page.count("<li class=\"card my-item\">") == 2  # not Bertil's
    front = html(client_of(world["aino"]).get("/esimerkki/en/"))
    assert f'href="{ROOT}omat/"' in front and f'href="{ROOT}"' in front


def test_a_service_with_bookable_resources_links_to_booking(world):
    service = Service.all_objects.create(municipality=world["municipality"], slug="neuvonta",
                                         name={"fi": "Neuvonta", "en": "Advice"})
    url = "/esimerkki/en/palvelut/neuvonta/"
    page = Client().get(url)
    assert page.status_code == 200 and 'data-action="book"' not in html(page)
    world["advice"].service = service
    world["advice"].save()
    assert f'href="{ROOT}?palvelu=neuvonta" data-action="book"' in html(Client().get(url, {"v": "2"}))


@pytest.mark.parametrize("query", [{"viikko": "9999-W52"}, {"alkaen": "9999-12-31"}, {"viikko": "x-Wy"},
                                   {"alkaen": "0001-01-01"}, {"aika": "9999-12-31T23:59Z"}, {"aika": "\x00"}])
def test_odd_weeks_and_times_never_fail(world, query):
    assert Client().get(ROOT + "neuvonta/", query).status_code == 200
    assert client_of(world["aino"]).post(ROOT + "neuvonta/", {"party_size": "x", **query}).status_code == 400
    assert Client().get(ROOT, {"pvm": query.get("alkaen", "31.12.9999")}).status_code in (200, 400)
