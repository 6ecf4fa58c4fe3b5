"""The staff's side of booking: who sees which resource, the day and week views with the audit trace
of each read, resources and opening rules made with clear errors, booking for a resident or a caller,
marking, cancelling, moving, blocking, a case opened from a booking, and the calendar feed."""

import datetime as dt
import re

import pytest
from icalendar import Calendar

from luukku.booking.models import Booking, BookingStatus, Channel, Resource, ResourceHours
from luukku.booking import selectors, services
from luukku.cases.models import Case
from luukku.core import clock
from luukku.core.models import AuditEvent, Role
from luukku.eservices.models import CaseType
from luukku.privacy import trail

from ..factories import MembershipFactory, ServiceFactory, UnitFactory, UserFactory
from .conftest import MONDAY, at

pytestmark = pytest.mark.django_db
BASE = "/esimerkki/en/virkailija/ajanvaraus/"


def staff(municipality, role, unit=None, name=None):
    user = UserFactory(username=name or f"{role}-{getattr(unit, 'slug', 'all')}", is_staff=True,
                       first_name="Sanni", last_name="Staff")
    MembershipFactory(municipality=municipality, user=user, role=role, unit=unit)
    return user


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def agent(world, client):
    user = staff(world["municipality"], Role.SERVICE_POINT_AGENT, world["advice"].unit)
    client.force_login(user)
    return user


def test_who_may_open_a_resource_and_who_may_edit_it(world, client):
    municipality, advice = world["municipality"], world["advice"]
    day = f"{BASE}neuvonta/?paiva={MONDAY}"
    assert client.get(day).status_code == 302  # the login first
    cases = [
        (staff(municipality, Role.SERVICE_POINT_AGENT, advice.unit), 200, 403),
        (staff(municipality, Role.CASE_HANDLER, advice.unit), 200, 403),
        (staff(municipality, Role.MANAGER, advice.unit), 200, 200),
        (staff(municipality, Role.SERVICE_POINT_AGENT, world["hall"].unit), 404, 404),  # another unit's
        (staff(world["other_municipality"], Role.ADMINISTRATOR, name="other-admin"), 403, 403),
        (world["aino"].user, 403, 403),  # a resident
    ]
    for user, sees, edits in cases:
        client.force_login(user)
        assert client.get(day).status_code == sees, user
        assert client.get(f"{BASE}neuvonta/muokkaa/").status_code == edits, user
        assert client.get(f"{BASE}neuvonta/viikko/").status_code == sees, user
    # The list shows only the resources of one's units.
    client.force_login(staff(municipality, Role.SERVICE_POINT_AGENT, world["hall"].unit, name="hall-agent"))
    page = text(client.get(BASE))
    assert 'data-resource="liikuntasali"' in page and 'data-resource="neuvonta"' not in page


def test_the_day_shows_each_slot_with_its_bookings_and_each_read_is_audited(world, client, agent):
    advice = world["advice"]
    booking = services.book(advice, at(MONDAY, 9, 30), person=world["aino"], message="Katon korjaus")
    page = text(client.get(f"{BASE}neuvonta/?paiva={MONDAY}"))
    assert "Aino Asukas" in page and booking.reference in page and "Katon korjaus" not in page
    assert f'data-slot="{at(MONDAY, 9, 30).isoformat()}"' in page and "0/1" in page and "1/1" in page
    assert "?paiva=2026-12-13" in page and "?paiva=2026-12-15" in page
    listed = AuditEvent.all_objects.get(action="booking.list")
    assert (listed.subject_id, listed.actor, listed.actor_role) == (world["aino"].public_id, agent,
                                                                    Role.SERVICE_POINT_AGENT)
    page = text(client.get(f"{BASE}varaus/{booking.public_id}/"))
    assert "Katon korjaus" in page and "Aino Asukas" in page
    read = AuditEvent.all_objects.get(action="booking.read")
    assert read.subject_id == world["aino"].public_id and read.object_id == str(booking.public_id)
    # The resident reads both in plain words.
    rows = trail.entries(trail.events_for(world["aino"]), world["aino"], [world["aino"]])
    assert {r.action for r in rows} == {"Viewed your booking", "Saw your booking in a list of a day's bookings"}
    assert {r.purpose for r in rows} == {"handling your booking"}
    week = text(client.get(f"{BASE}neuvonta/viikko/?paiva={MONDAY + dt.timedelta(days=2)}"))
    assert "Aino Asukas" in week and "?paiva=2026-12-07" in week and "?paiva=2026-12-21" in week
    assert AuditEvent.all_objects.filter(action="booking.list").count() == 2


def test_a_manager_makes_a_resource_and_its_rules_with_clear_errors(world, client):
    municipality, unit = world["municipality"], world["advice"].unit
    service = ServiceFactory(municipality=municipality, slug="rakennusvalvonta")
    client.force_login(staff(municipality, Role.MANAGER, unit))
    bad = {"kind": "space", "unit": str(unit.public_id), "name_fi": "",
           "name_en": "Meeting room", "slot_minutes": "3", "buffer_minutes": "0",
           "capacity": "4", "counts_people": "on", "party_max": "6",
           "horizon_days": "30", "notice_minutes": "60", "cancel_minutes": "60",
           "price": "kymppi", "service": str(service.public_id), "slug": "uusi"}
    response = client.post(f"{BASE}uusi/", bad)
    page = text(response)
    assert response.status_code == 400 and not Resource.all_objects.filter(kind="space", slot_minutes=3).exists()
    for message in ("Give the name in Finnish.", "A slot is at least 5 minutes long.",
                    "Give the price in euros, such as 12,50", "more people than a slot has places (4)"):
        assert message in page, message
    assert 'value="Meeting room"' in page and 'value="kymppi"' in page  # what was typed is kept
    response = client.post(f"{BASE}uusi/", {**bad, "name_fi": "Kokoushuone", "slot_minutes": "45",
                                            "party_max": "4", "price": "12,50"})
    assert response.status_code == 400 and "is a word of the booking pages" in text(response)
    response = client.post(f"{BASE}uusi/", {**bad, "name_fi": "Kokoushuone", "slot_minutes": "45",
                                            "party_max": "4", "price": "12,50",
                                            "slug": ""})
    room = Resource.all_objects.get(slug="kokoushuone")
    assert response.status_code == 302 and response["Location"] == f"{BASE}kokoushuone/muokkaa/"
    assert (room.price_cents, room.slot_minutes, room.service, room.is_active) == (1250, 45, service, False)

    hours = f"{BASE}kokoushuone/aukiolo/"
    response = client.post(hours, {"rule": "weekly", "day_from": "0", "day_to": "4",
                                   "opens": "16:00", "closes": "8:00"})
    assert response.status_code == 400 and "The closing time must be after the opening time." in text(response)
    assert 'value="16:00"' in text(response)
    response = client.post(hours, {"rule": "closed", "valid_from": "", "valid_to": "1.1.2027"})
    assert response.status_code == 400 and "Give the date the exception begins." in text(response)
    response = client.post(hours, {"rule": "other_times", "valid_from": "24.12.2026",
                                   "opens": "9", "closes": "seitsemän"})
    assert response.status_code == 400 and "such as 16:00" in text(response)
    assert client.post(hours, {"rule": "weekly", "day_from": "0", "day_to": "4",
                               "opens": "8:00", "closes": "16:00"}).status_code == 302
    assert client.post(hours, {"rule": "closed", "valid_from": "15.12.2026"}).status_code == 302
    assert client.post(hours, {"rule": "other_times", "valid_from": "2026-12-16", "opens": "12:00",
                               "closes": "13:30"}).status_code == 302
    room.is_active = True
    slots = {s.starts_at for s in selectors.all_slots([room], MONDAY, MONDAY + dt.timedelta(days=2))[room.pk]}
    assert at(MONDAY, 8) in slots and at(MONDAY, 14, 45) in slots and len(slots) == 10 + 0 + 2
    closed = ResourceHours.all_objects.get(resource=room, is_closed=True)
    assert client.post(f"{hours}{closed.pk}/poista/").status_code == 302
    assert not ResourceHours.all_objects.filter(pk=closed.pk).exists()


def test_an_agent_books_for_a_caller_and_for_a_resident_at_the_service_point(world, client, agent):
    advice, aino = world["advice"], world["aino"]
    response = client.post(f"{BASE}neuvonta/varaa/", {"starts_at": at(MONDAY, 10).isoformat(),
                                                      "party_size": "1", "name": "Kalle Soittaja"})
    assert response.status_code == 400 and "Give a phone number or an email address" in text(response)
    assert 'value="Kalle Soittaja"' in text(response) and "checked" in text(response)
    response = client.post(f"{BASE}neuvonta/varaa/", {"starts_at": at(MONDAY, 12).isoformat(),
                                                      "party_size": "1", "name": "Kalle Soittaja",
                                                      "phone": "040 123 4567"})
    assert response.status_code == 400 and "outside the opening hours" in text(response)
    response = client.post(f"{BASE}neuvonta/varaa/", {"starts_at": at(MONDAY, 10).isoformat(),
                                                      "party_size": "1", "name": "Kalle Soittaja",
                                                      "phone": "040 123 4567", "language": "fi"})
    caller = Booking.all_objects.get(name="Kalle Soittaja")
    assert response.status_code == 302 and response["Location"] == f"{BASE}varaus/{caller.public_id}/"
    assert (caller.channel, caller.booked_by_user, caller.person, caller.phone) == (Channel.PHONE, agent, None,
                                                                                    "040 123 4567")
    # From the resident card: the link, the resource list for the resident, the booking.
    card = text(client.get(f"/esimerkki/en/virkailija/asiakkaat/{aino.public_id}/"))
    assert f'{BASE}?henkilo={aino.public_id}' in card
    listing = text(client.get(f"{BASE}?henkilo={aino.public_id}"))
    assert "Book a time for Aino Asukas" in listing and f"neuvonta/varaa/?henkilo={aino.public_id}" in listing
    page = client.get(f"{BASE}neuvonta/varaa/?henkilo={aino.public_id}")
    assert page.status_code == 200 and at(MONDAY, 10).isoformat() not in text(page)  # taken by the caller
    assert at(MONDAY, 9).isoformat() in text(page) and 'name="phone"' not in text(page)
    response = client.post(f"{BASE}neuvonta/varaa/?henkilo={aino.public_id}",
                           {"starts_at": at(MONDAY, 9).isoformat(), "party_size": "1"})
    booking = Booking.all_objects.get(person=aino)
    assert response.status_code == 302 and booking.channel == Channel.SERVICE_POINT and booking.booked_by_user == agent
    assert AuditEvent.all_objects.filter(subject_id=aino.public_id, action="person.read",
                                         purpose="front office: booking a time").count() == 3
    # A handler books for callers but not for a resident identified at the front office.
    client.force_login(staff(world["municipality"], Role.CASE_HANDLER, advice.unit))
    assert client.get(f"{BASE}neuvonta/varaa/?henkilo={aino.public_id}").status_code == 403
    assert client.get(f"{BASE}neuvonta/varaa/").status_code == 200


def test_mark_cancel_and_move_say_what_is_wrong_and_keep_the_booking_where_it_was(world, client, agent):
    advice = world["advice"]
    booking = services.book(advice, at(MONDAY, 9), person=world["aino"])
    services.book(advice, at(MONDAY, 11), person=world["bertil"])
    url = f"{BASE}varaus/{booking.public_id}/"
    response = client.post(url + "merkitse/", {"status": "attended"})
    assert response.status_code == 400 and "Mark this once the booked time has begun." in text(response)
    response = client.post(url + "peru/", {"reason": "  "})
    assert response.status_code == 400 and "Say why the booking is cancelled" in text(response)
    response = client.post(url + "siirra/", {"starts_at": at(MONDAY, 11).isoformat()})
    assert response.status_code == 400 and "booked full" in text(response)
    response = client.post(url + "siirra/", {"starts_at": "huomenna"})
    assert response.status_code == 400 and "Choose one of the times listed." in text(response)
    booking.refresh_from_db()
    assert booking.starts_at == at(MONDAY, 9) and booking.status == BookingStatus.CONFIRMED
    assert client.post(url + "siirra/", {"starts_at": at(MONDAY, 10, 30).isoformat()}).status_code == 302
    booking.refresh_from_db()
    assert booking.starts_at == at(MONDAY, 10, 30)
    with clock.frozen_at(at(MONDAY, 10, 40)):
        assert client.post(url + "merkitse/", {"status": "no_show"}).status_code == 302
        booking.refresh_from_db()
        assert booking.status == BookingStatus.NO_SHOW
        assert "Did not come" in text(client.get(url))
    other = Booking.all_objects.get(person=world["bertil"])
    assert client.post(f"{BASE}varaus/{other.public_id}/peru/", {"reason": "Sairastuminen"}).status_code == 302
    other.refresh_from_db()
    page = text(client.get(f"{BASE}varaus/{other.public_id}/"))
    assert other.status == BookingStatus.CANCELLED and "Sairastuminen" in page and "Sanni Staff" in page


def test_a_slot_or_a_day_is_blocked_only_when_no_one_has_booked_it(world, client, agent):
    advice = world["advice"]
    booking = services.book(advice, at(MONDAY, 10), person=world["aino"])
    url = f"{BASE}neuvonta/sulje/"
    response = client.post(url, {"day": str(MONDAY)})
    assert response.status_code == 400 and booking.reference in text(response) and "Cancel them first" in text(response)
    response = client.post(url, {"day": str(MONDAY), "starts_at": at(MONDAY, 10).isoformat()})
    assert response.status_code == 400 and booking.reference in text(response)
    assert client.post(url, {"day": str(MONDAY), "starts_at": at(MONDAY, 9, 30).isoformat()}
                       ).status_code == 302
    starts = [s.starts_at for s in selectors.all_slots([advice], MONDAY, MONDAY)[advice.pk]]
    assert at(MONDAY, 9, 30) not in starts and at(MONDAY, 9) in starts and at(MONDAY, 10) in starts
    assert at(MONDAY, 11, 30) in starts
    assert client.post(url, {"day": str(MONDAY), "starts_at": at(MONDAY, 11, 30).isoformat()}
                       ).status_code == 302
    starts = [s.starts_at for s in selectors.all_slots([advice], MONDAY, MONDAY)[advice.pk]]
    assert at(MONDAY, 9, 30) not in starts and at(MONDAY, 11, 30) not in starts and len(starts) == 4
    tuesday = MONDAY + dt.timedelta(days=1)
    assert client.post(url, {"day": str(tuesday), "reason": "Koulutus"}).status_code == 302
    assert selectors.all_slots([advice], tuesday, tuesday)[advice.pk] == []


def test_a_booking_opens_a_case_for_its_resident(world, client, agent):
    municipality, advice = world["municipality"], world["advice"]
    case_type = CaseType.all_objects.create(municipality=municipality, slug="rakennuslupa", unit=advice.unit,
                                            service=ServiceFactory(municipality=municipality, slug="rakennus"),
                                            name={"fi": "Rakennuslupa", "en": "Building permit"})
    elsewhere = CaseType.all_objects.create(municipality=municipality, slug="muu", unit=UnitFactory(
        municipality=municipality, slug="muu"), service=case_type.service, name={"fi": "Muu"})
    booking = services.book(advice, at(MONDAY, 9), person=world["aino"])
    url = f"{BASE}varaus/{booking.public_id}/"
    page = text(client.get(url))
    assert "Building permit" in page and "Muu" not in page
    response = client.post(url + "asia/", {"case_type": str(elsewhere.public_id), "notes": "Autotalli"})
    assert response.status_code == 400 and "Choose one of the case types listed." in text(response)
    assert "Autotalli" in text(response)
    response = client.post(url + "asia/", {"case_type": str(case_type.public_id), "notes": "Autotalli"})
    assert response.status_code == 302
    booking.refresh_from_db()
    case = Case.all_objects.get()
    assert booking.case == case and case.applicant == world["aino"] and case.unit == advice.unit
    assert case.started_by == agent and case.channel == "service_point"
    assert case.data["booking"] == booking.reference and case.data["notes"] == "Autotalli"
    page = text(client.get(url))
    assert f"/virkailija/asiat/{case.public_id}/" in page and case.reference in page and 'id="case-form"' not in page
    caller = services.book(advice, at(MONDAY, 10), by_user=agent, channel=Channel.PHONE, name="Kalle", phone="040")
    assert 'id="case-form"' not in text(client.get(f"{BASE}varaus/{caller.public_id}/"))
    response = client.post(f"{BASE}varaus/{caller.public_id}/asia/", {"case_type": str(case_type.public_id)})
    assert response.status_code == 400 and Case.all_objects.count() == 1


def test_the_calendar_feed_opens_by_its_secret_link_names_no_resident_and_a_new_link_ends_the_old(world, client,
                                                                                                 agent):
    booking = services.book(world["advice"], at(MONDAY, 9), person=world["aino"], message="Lupa-asia")
    assert client.get(f"{BASE}neuvonta/kalenteri/").status_code == 200
    link = re.search(r'id="feed-link" value="([^"]+)"', text(client.post(f"{BASE}neuvonta/kalenteri/"))).group(1)
    path = link.split("testserver", 1)[1]
    resource = Resource.all_objects.get(slug="neuvonta")
    assert path.rsplit("/", 1)[1][:-4] not in resource.feed_token_hash and len(resource.feed_token_hash) == 64
    client.logout()
    response = client.get(path)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(e["summary"]) for e in events] == [f"Booked {booking.reference}"]
    for private in ("Aino", "Asukas", "Lupa-asia"):
        assert private not in response.content.decode()
    assert client.get(path.replace(".ics", "x.ics")).status_code == 404
    client.force_login(agent)
    client.post(f"{BASE}neuvonta/kalenteri/")
    client.logout()
    assert client.get(path).status_code == 404
