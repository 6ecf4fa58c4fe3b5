"""Mobile units in a real browser, without signing in: a unit's timetable, then the stops near an
address (an unknown address, one the register has twice, then the right one). axe-core checks each page."""

import datetime as dt

import pytest

from luukku.booking.models import Resource, ResourceKind, Stop
from luukku.core import clock
from luukku.core.models import AddressPoint

from ..factories import MunicipalityFactory, UnitFactory
from .helpers import Checker, press

pytestmark = pytest.mark.browser


@pytest.fixture
def bus(transactional_db):
    m = MunicipalityFactory(slug="liikkuva", code="997", name={"fi": "Liikkuva", "sv": "Rörlig", "en": "Mobile"})
    bus = Resource.all_objects.create(municipality=m, slug="terveysbussi", kind=ResourceKind.MOBILE_UNIT,
                                      unit=UnitFactory(municipality=m, slug="terveys"), slot_minutes=20,
                                      name={"fi": "Terveysbussi", "sv": "Hälsobussen"},
                                      description={"fi": "Verenpaineen mittaus ja rokotukset."})
    day = clock.today() + dt.timedelta(days=3)
    for n, (place, address, lat, cancelled) in enumerate([("Kyläkauppa", "Koulukatu 8", 61.5009, False),
                                                          ("Vanha koulu", "", 61.52, True),
                                                          ("Satama", "", 61.80, False)]):
        start = dt.datetime.combine(day + dt.timedelta(days=n), dt.time(9)).replace(tzinfo=clock.HELSINKI)
        Stop.all_objects.create(municipality=m, resource=bus, place=place, address=address, latitude=lat,
                                longitude=25.0, starts_at=start, ends_at=start + dt.timedelta(hours=2),
                                bookable=n == 0, cancelled=cancelled)
    for street, number, code, lat in (("Koulukatu", "8", "41990", 61.5), ("Kirkkotie", "2", "41990", 61.49),
                                      ("Kirkkotie", "2", "41900", 61.7)):
        AddressPoint.all_objects.create(municipality=m, street={"fi": street}, number=number, postal_code=code,
                                        latitude=lat, longitude=25.0)
    return m


def test_a_resident_reads_the_timetable_and_finds_the_stops_near_an_address(live_server, page, bus):
    # In English: the Finnish of the new texts is compiled when the i18n fragments are merged.
    base = f"{live_server.url}/{bus.slug}/en/ajanvaraus/liikkuvat/"
    page.set_default_timeout(15_000)
    check = Checker(page)

    page.goto(base + "terveysbussi/")
    assert page.locator("h1").inner_text() == "Terveysbussi"  # no English name: the Finnish one
    rows = page.locator("table.data-table tbody tr")
    assert rows.count() == 3 and "(cancelled)" in rows.nth(1).inner_text()
    assert "?paiva=" in rows.nth(0).locator("a").get_attribute("href")
    check("timetable")

    page.goto(base)
    check("mobile units")
    page.locator("#near-address").fill("Olematon tie 5")
    press(page, "#near-form button[type=submit]")
    assert page.locator("#near-address").input_value() == "Olematon tie 5"
    assert "Olematon tie 5" in page.locator("#near-address-error").inner_text()
    check("address not found")

    page.locator("#near-address").fill("kirkkotie 2")
    press(page, "#near-form button[type=submit]")
    check("choose the address")
    press(page, "a:has-text('Kirkkotie 2, 41990')")
    assert "Kyläkauppa" in page.locator("#near-results + div table").inner_text()

    page.locator("#near-address").fill("Koulukatu 8")
    page.locator("#near-distance").select_option("50")
    press(page, "#near-form button[type=submit]")
    table = page.locator("#near-results + div table tbody tr")
    assert table.count() == 3 and "Kyläkauppa" in table.nth(0).inner_text() and "0.1 km" in table.nth(0).inner_text()
    check("stops near an address")
    assert not check.failures, "\n\n".join(check.failures)
