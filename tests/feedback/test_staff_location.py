"""Where the feedback is, as a handler needs it: the map (the border and the point), the nearest known
address, an address column in the queue, and coordinates that read as a pair in every language."""

import json
import re

import pytest

from luukku.core.models import AddressPoint

from .conftest import INSIDE
from .staff_helpers import base, customer_handler, item_url, submit_fault  # noqa: F401

pytestmark = pytest.mark.django_db


def address(municipality, street, number, lat, lon):
    return AddressPoint.all_objects.create(municipality=municipality, street={"fi": street, "sv": street + "n"},
                                           number=number, postal_code="12345", latitude=lat, longitude=lon)


@pytest.fixture
def addresses(bordered, other_municipality):
    address(bordered, "Koulukatu", "8", INSIDE[0] + 0.0003, INSIDE[1])  # about 33 m north
    address(bordered, "Koulukatu", "20", INSIDE[0] + 0.0020, INSIDE[1])  # about 220 m
    address(other_municipality, "Vieraskatu", "1", INSIDE[0], INSIDE[1])  # another town's, on the very spot


def _cells(html: str) -> list[str]:
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", cell)).strip()
            for cell in re.findall(r"<td [^>]*data-place>(.*?)</td>", html, re.S)]


def test_the_page_shows_the_map_the_nearest_address_and_dotted_coordinates(client, bordered, rules, street_fault,
                                                                          streets_handler, addresses):
    fb = submit_fault(bordered, street_fault, address="koulun kohdalla")
    client.force_login(streets_handler)
    html = client.get(item_url(fb, lang="fi")).content.decode()
    # Finnish page: the pair keeps decimal points, never "61,45, 25,1".
    assert '<span data-coordinates>61.45000, 25.10000</span>' in html and "61,45" not in html
    nearest = re.search(r"<dd data-nearest-address>(.*?)</dd>", html, re.S).group(1)
    assert nearest.startswith("Koulukatu 8, 12345") and "33" in nearest and "Vieraskatu" not in html
    assert "koulun kohdalla" in html  # the reporter's own words stay
    # The map: the resident side's script, the municipality's border and the point.
    assert "feedback/feedback.js" in html and "web/leaflet/leaflet.js" in html and "web/map.js" in html
    points = json.loads(re.search(r'<script id="feedback-points" type="application/json">(.*?)</script>',
                                  html, re.S).group(1))
    assert points == [{"lat": INSIDE[0], "lon": INSIDE[1], "title": fb.reference, "url": ""}]
    border = json.loads(re.search(r'<script id="feedback-boundary" type="application/json">(.*?)</script>',
                                  html, re.S).group(1))
    assert border == bordered.boundary
    assert 'data-points-id="feedback-points"' in html and 'data-boundary-id="feedback-boundary"' in html
    # In Swedish the street's Swedish name.
    assert "Koulukatun 8, 12345" in client.get(item_url(fb, lang="sv")).content.decode()


def test_without_a_point_nothing_is_looked_up_and_no_map_is_drawn(client, bordered, rules, general,
                                                                  customer_handler, addresses):
    fb = submit_fault(bordered, general, lat=None, lon=None, address="Kirjasto")
    client.force_login(customer_handler)
    html = client.get(item_url(fb)).content.decode()
    assert "Kirjasto" in html and "data-nearest-address" not in html and 'id="feedback-points"' not in html


def test_the_queue_has_an_address_column(client, bordered, rules, street_fault, streets, streets_handler, addresses):
    submit_fault(bordered, street_fault, address="Koulukatu 5")
    submit_fault(bordered, street_fault)  # on the map only, next to Koulukatu 8
    submit_fault(bordered, street_fault, lat=INSIDE[0] - 0.01)  # on the map, a kilometre from any address
    client.force_login(streets_handler)
    html = client.get(f"{base(bordered)}jono/{streets.public_id}/").content.decode()
    assert ">Address</th>" in html
    assert sorted(_cells(html)) == sorted(["Koulukatu 5", "near Koulukatu 8, 12345", "61.44000, 25.10000"])
    assert "Vieraskatu" not in html
