"""Issue 18 point 8, the resident's side, in a real browser: find a time by service, book it (a refusal
first: a bad phone number, the chosen time kept), see the confirmation, download the .ics, move the
booking, cancel it; and a paid booking through the test provider. axe-core checks every page."""

import pytest
from icalendar import Calendar

from luukku.booking.models import Booking, BookingStatus, PaymentStatus, Resource, ResourceHours, ResourceKind
from luukku.catalogue.models import Service
from luukku.core.models import Unit

from .helpers import Checker, login, press

pytestmark = pytest.mark.browser

EVERY_DAY = [{"day_from": 0, "day_to": 6, "from": "06:00", "to": "22:00"}]


def _resource(demo, slug, **fields):
    unit = Unit.all_objects.filter(municipality=demo).first()
    unit.phone = unit.phone or "09 123 4567"
    unit.save()
    resource = Resource.all_objects.create(
        municipality=demo, slug=slug, unit=unit, kind=ResourceKind.APPOINTMENT, notice_minutes=0, cancel_minutes=0,
        name={"fi": "Rakennuslupaneuvonta", "sv": "Bygglovsrådgivning", "en": "Building permit advice"},
        description={"fi": "Kysy rakennusluvasta asiantuntijalta."}, place="Kunnantalo, Torikatu 1", **fields)
    ResourceHours.all_objects.create(municipality=demo, resource=resource, opening=EVERY_DAY)
    return resource


def test_a_resident_finds_books_moves_and_cancels(live_server, browser, demo):
    base = f"{live_server.url}/{demo.slug}/fi"
    service = Service.all_objects.filter(municipality=demo).order_by("slug").first()
    _resource(demo, "neuvonta", service=service)

    page = login(browser, base, "asukas")
    check = Checker(page)
    page.goto(f"{base}/ajanvaraus/")
    check("find")
    page.locator("#palvelu").select_option(service.slug)
    press(page, "#find-form button[type=submit]")
    check("find: first free times")
    press(page, "#first-free li a")
    chosen = page.locator("input[name=aika]:checked").get_attribute("value")
    assert chosen
    check("resource: a week of times")

    page.locator("#phone").fill("soita minulle")
    press(page, "#book-form button[type=submit]")
    assert page.locator("#errors").count() == 1
    assert page.locator("input[name=aika]:checked").get_attribute("value") == chosen  # kept
    assert page.locator("#phone").input_value() == "soita minulle"
    check("resource: a refusal")
    page.locator("#phone").fill("040 123 4567")
    press(page, "#book-form button[type=submit]")
    booking = Booking.all_objects.get(resource__slug="neuvonta")
    assert booking.status == BookingStatus.CONFIRMED and booking.phone == "040 123 4567"
    assert booking.reference in page.locator("#booking-reference").inner_text()
    check("booking: confirmed")

    with page.expect_download() as download:
        page.locator("#ics").click()
    event = Calendar.from_ical(open(download.value.path(), "rb").read()).walk("VEVENT")[0]
    assert event.decoded("dtstart") == booking.starts_at

    press(page, "#move")
    check("move")
    page.locator("input[name=aika]").nth(1).check()
    press(page, "#move-form button[type=submit]")
    moved = Booking.all_objects.get(pk=booking.pk)
    assert moved.starts_at != booking.starts_at and page.locator("#notices").count() == 1
    check("booking: moved")

    press(page, "#cancel")
    check("cancel: confirm")
    press(page, "#cancel-form button[type=submit]")
    assert Booking.all_objects.get(pk=booking.pk).status == BookingStatus.CANCELLED
    check("booking: cancelled")
    page.goto(f"{base}/ajanvaraus/omat/")
    assert booking.reference in page.locator("#past").inner_text()
    check("my bookings")
    assert check.failures == []


def test_a_paid_booking_through_the_test_provider(live_server, browser, demo):
    base = f"{live_server.url}/{demo.slug}/fi"
    _resource(demo, "sali", price_cents=2500)
    page = login(browser, base, "asukas")
    check = Checker(page)
    page.goto(f"{base}/ajanvaraus/sali/")
    assert "25,00" in page.locator("#price").inner_text()
    page.locator("input[name=aika]").first.check()
    press(page, "#book-form button[type=submit]")
    assert page.locator("#pay").count() == 1
    check("booking: awaiting payment")
    press(page, "#pay")
    check("test payment page")
    press(page, "#test-pay-form button[value=pay]")
    booking = Booking.all_objects.get(resource__slug="sali")
    assert (booking.status, booking.payment_status) == (BookingStatus.CONFIRMED, PaymentStatus.PAID)
    assert page.locator("#pay").count() == 0
    check("booking: paid")
    assert check.failures == []
