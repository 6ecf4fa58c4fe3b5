"""PTV phone numbers are shown and dialled with their country prefix (PTV keeps it apart from the number)."""

import pytest
from django.core.cache import cache

from luukku.catalogue.models import ChannelKind
from luukku.core.tenancy import municipality_context

from ..factories import ChannelFactory, ServiceFactory

pytestmark = pytest.mark.django_db

PTV_PHONES = [
    # As the PTV import keeps them: prefixNumber apart, the number without the trunk zero.
    {"prefix": "+358", "number": "295551200", "language": "fi", "charge": "Chargeable"},
    # Written with spaces and a leading zero in PTV.
    {"prefix": "+358", "number": "040 123 4567", "language": "fi"},
    # A Finnish service number has no prefix in PTV; it is dialled as it is.
    {"prefix": None, "number": "0295000", "finnish_service_number": True, "language": "fi"},
    # Older data: the whole number in `number`, no prefix.
    {"number": "+358 3 5550 1000", "language": "fi"},
]


@pytest.fixture
def service(municipality):
    cache.clear()
    with municipality_context(municipality):
        service = ServiceFactory(municipality=municipality, slug="neuvonta")
        phone = ChannelFactory(municipality=municipality, kind=ChannelKind.PHONE, name={"fi": "Neuvonta"},
                               phones=PTV_PHONES)
        service.channels.add(phone)
    yield phone
    cache.clear()


def test_service_page_shows_the_prefix_and_links_a_dialable_number(client, service):
    html = client.get("/esimerkki/fi/palvelut/neuvonta/").content.decode()
    assert '<a href="tel:+358295551200">+358 29 555 1200</a>' in html
    assert '<a href="tel:+358401234567">+358 40 123 4567</a>' in html
    assert '<a href="tel:0295000">0295000</a>' in html
    assert '<a href="tel:+358355501000">+358 3 5550 1000</a>' in html
    assert 'href="tel:295551200"' not in html  # the old, undialable link


def test_api_gives_the_prefix_and_the_whole_number(client, service):
    detail = client.get(f"/api/v1/esimerkki/channels/{service.public_id}/").json()
    assert [(p["prefix"], p["number"], p["international"]) for p in detail["phones"]] == [
        ("+358", "295551200", "+358295551200"),
        ("+358", "040 123 4567", "+358401234567"),
        (None, "0295000", None),
        (None, "+358 3 5550 1000", "+358355501000"),
    ]
