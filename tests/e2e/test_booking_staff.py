"""Issue 18 point 4 in a real browser: the service-point agent sees a resident's booking in the day
view, opens it and marks that the resident came, then books a time for a caller (a refusal first,
with what was typed kept). axe-core checks every page."""

import datetime as dt

import pytest

from luukku.booking import services
from luukku.booking.models import Booking, BookingStatus, Channel, Resource, ResourceHours, SlotClaim
from luukku.catalogue.models import HoursKind
from luukku.core import clock
from luukku.core.models import Unit
from luukku.people.models import Person

from .helpers import Checker, login, press

pytestmark = pytest.mark.browser


def _resource(demo):
    """Advice at the demo's service point, open round the clock this week (holidays too), so that the
    test finds times whenever it runs."""
    unit = Unit.all_objects.get(municipality=demo, slug="asiointipiste")
    resource = Resource.all_objects.create(municipality=demo, slug="neuvonta", unit=unit, slot_minutes=30,
                                           notice_minutes=0, name={"fi": "Asiointineuvonta", "en": "Advice"})
    ResourceHours.all_objects.create(municipality=demo, resource=resource, kind=HoursKind.EXCEPTION,
                                     valid_from=clock.today(), valid_to=clock.today() + dt.timedelta(days=8),
                                     opening=[{"from": "00:00", "to": "24:00"}])
    return resource


def test_the_agent_sees_a_booking_marks_it_and_books_for_a_caller(live_server, browser, demo):
    base = f"{live_server.url}/{demo.slug}/fi"
    resource = _resource(demo)
    asukas = Person.all_objects.get(municipality=demo, user__username="asukas")
    # A booking that has begun: made for a later time, then set on the slot running now.
    now = clock.now().astimezone(clock.HELSINKI)
    running = now.replace(minute=now.minute // 30 * 30, second=0, microsecond=0)
    booking = services.book(resource, running + dt.timedelta(hours=2), person=asukas, message="Asumistuki")
    Booking.all_objects.filter(pk=booking.pk).update(starts_at=running, ends_at=running + dt.timedelta(minutes=30))
    SlotClaim.all_objects.filter(booking=booking).update(starts_at=running)

    agent = login(browser, base, "palvelupiste")
    check = Checker(agent)
    agent.goto(f"{base}/virkailija/ajanvaraus/")
    check("staff: resources")
    press(agent, "tr[data-resource='neuvonta'] th a")
    check("staff: the day")
    row = agent.locator(f"li[data-booking='{booking.reference}']")
    assert asukas.last_name in row.inner_text()
    press(agent, f"li[data-booking='{booking.reference}'] a")
    check("staff: the booking")
    assert "Asumistuki" in agent.locator("#booking-facts").inner_text()
    press(agent, "#mark-form button[value=attended]")
    check("staff: marked")
    booking.refresh_from_db()
    assert booking.status == BookingStatus.ATTENDED

    agent.goto(f"{base}/virkailija/ajanvaraus/neuvonta/varaa/")
    check("staff: book for a caller")
    agent.locator("#book-name").fill("Kalle Soittaja")
    press(agent, "#book-form button[type=submit]")
    assert agent.locator("#error-summary").count() == 1  # no time, no phone: said, the name kept
    assert agent.locator("#book-name").input_value() == "Kalle Soittaja"
    check("staff: book for a caller, errors")
    agent.locator("#book-form input[type=radio]").nth(3).check()
    agent.locator("#book-phone").fill("040 123 4567")
    press(agent, "#book-form button[type=submit]")
    check("staff: booked for a caller")
    caller = Booking.all_objects.get(resource=resource, name="Kalle Soittaja")
    assert caller.channel == Channel.PHONE and caller.status == BookingStatus.CONFIRMED
    assert caller.reference in agent.locator("h1").inner_text()
    press(agent, "#move-heading + p a")
    check("staff: the booking, times to move to")
    agent.goto(f"{base}/virkailija/ajanvaraus/neuvonta/viikko/")
    check("staff: the week")
    agent.goto(f"{base}/virkailija/ajanvaraus/neuvonta/kalenteri/")
    press(agent, "#feed-form button")
    assert "/kalenteri/" in agent.locator("#feed-link").input_value()
    check("staff: a new calendar link")

    manager = login(browser, base, "johtaja")
    manager.goto(f"{base}/virkailija/ajanvaraus/neuvonta/muokkaa/")
    check.page = manager
    check("staff: edit the resource")
    manager.locator("#hours-opens").fill("16:00")
    manager.locator("#hours-closes").fill("9:00")
    press(manager, "#hours-form button[type=submit]")
    assert manager.locator("#error-summary").count() == 1
    check("staff: an opening rule with errors")
    assert check.failures == [], "\n\n".join(check.failures)
