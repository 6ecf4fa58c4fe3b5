"""Open311 GeoReport v2 with Helsinki's extensions, as a partner system uses it: every endpoint in
JSON and XML under both mounts, the filters and the default window, locale, extensions, radius
search, posting (with photos), the standard's errors, privacy and tenant isolation."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.urls import reverse

from luukku.core import clock
from luukku.core.models import Municipality
from luukku.feedback import intake, open311_urls, services
from luukku.feedback.models import (
    Category,
    Channel,
    Feedback,
    Media,
    Publication,
    RoutingRule,
    Status,
)

from ..factories import UnitFactory
from .conftest import INSIDE, INSIDE_NORTH, OUTSIDE
from .open311_helpers import (
    CONTACT,
    SECRETS,
    assert_error,
    make_public,
    parse,
    photo,
    png,
)

pytestmark = pytest.mark.django_db

SERVICE_FIELDS = {"service_code", "service_name", "description", "metadata", "type", "keywords", "group"}
REQUEST_FIELDS = {"service_request_id", "status", "status_notes", "service_name", "service_code", "description",
                  "agency_responsible", "service_notice", "requested_datetime", "updated_datetime",
                  "expected_datetime", "address", "address_id", "zipcode", "lat", "long", "media_url"}
ATTRIBUTE_FIELDS = {"variable", "code", "datatype", "required", "datatype_description", "order", "description",
                    "values"}



@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def partner(bordered):
    api_key, key = services.create_api_key(bordered, "Kumppanisovellus")
    return {"api_key": api_key, "key": key}


@pytest.fixture
def world(bordered, rules, street_fault, general, media_root):
    """Public feedback of A: a recent street fault with a photo and contact details, a closed general
    one, a street fault in the north, one 120 days old; and one that is not public."""
    cache.clear()
    recent = services.submit(municipality=bordered, category=street_fault, description="Iso kuoppa Koulukadulla.",
                             title="Kuoppa", latitude=INSIDE[0], longitude=INSIDE[1], address="Koulukatu 5",
                             zipcode="12345", photos=[photo()], **CONTACT)
    make_public(recent, answer="Korjataan tällä viikolla.")
    closed = services.submit(municipality=bordered, category=general, kind="praise",
                             description="Kiitos siististä puistosta!", email=SECRETS[0], phone=SECRETS[1])
    make_public(closed, answer="Kiitos palautteesta.", status=Status.PROCESSED)
    north = services.submit(municipality=bordered, category=street_fault, description="Katuvalo ei pala pohjoisessa.",
                            latitude=INSIDE_NORTH[0], longitude=INSIDE_NORTH[1], **CONTACT)
    make_public(north)
    with clock.frozen_at(clock.now() - dt.timedelta(days=120)):
        old = services.submit(municipality=bordered, category=street_fault, description="Vanha kuoppa kadulla.",
                              latitude=INSIDE[0] + 0.01, longitude=INSIDE[1], **CONTACT)
        make_public(old)
    hidden = services.submit(municipality=bordered, category=street_fault, description="Ei julkinen palaute.",
                             latitude=INSIDE[0], longitude=INSIDE[1] + 0.01, **CONTACT)
    yield {"m": bordered, "recent": recent, "closed": closed, "north": north, "old": old, "hidden": hidden,
           "base": f"/api/v1/{bordered.slug}/open311/v2/", "shared": "/api/open311/v2/",
           "street_fault": street_fault, "general": general}
    cache.clear()


def mounts(w):
    """(URL prefix, extra query) of both mounts: the municipality's own and the shared one."""
    return [(w["base"], {}), (w["shared"], {"jurisdiction_id": w["m"].code})]


def ids(client, url, **query):
    data = parse(client.get(url, query), "json")
    return [row["service_request_id"] for row in data]


# --- every endpoint, both formats, both mounts --------------------------------------------------

@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_every_endpoint_answers_in_both_formats_with_the_standards_field_names(client, world, fmt):
    w = world
    for prefix, query in mounts(w):
        listed_services = parse(client.get(f"{prefix}services.{fmt}", query), fmt)
        definition = parse(client.get(f"{prefix}services/street-fault.{fmt}", query), fmt)
        listing = parse(client.get(f"{prefix}requests.{fmt}", query), fmt)
        one = parse(client.get(f"{prefix}requests/{w['recent'].reference}.{fmt}", query), fmt)
        token = parse(client.get(f"{prefix}tokens/{w['recent'].token}.{fmt}", query), fmt)
        if fmt == "json":
            assert [set(s) for s in listed_services] == [SERVICE_FIELDS] * 2
            assert {s["service_code"]: s["metadata"] for s in listed_services} == {"street-fault": True, "general": False}
            assert set(definition) == {"service_code", "attributes"} and definition["service_code"] == "street-fault"
            attribute = definition["attributes"][0]
            assert set(attribute) == ATTRIBUTE_FIELDS and attribute["datatype"] == "singlevaluelist"
            assert attribute["values"] == [{"key": "yes", "name": "Kyllä"}, {"key": "no", "name": "Ei"}]
            assert all(set(row) == REQUEST_FIELDS for row in listing + one)
            assert one[0]["service_request_id"] == w["recent"].reference
            assert token == [{"service_request_id": w["recent"].reference, "token": w["recent"].token}]
            row = one[0]
        else:
            assert listed_services.tag == "services" and [s.tag for s in listed_services] == ["service", "service"]
            assert {c.tag for c in listed_services[0]} == SERVICE_FIELDS
            assert definition.tag == "service_definition"
            assert definition.findtext("service_code") == "street-fault"
            attribute = definition.find("attributes/attribute")
            assert {c.tag for c in attribute} == ATTRIBUTE_FIELDS
            assert [(v.findtext("key"), v.findtext("name")) for v in attribute.findall("values/value")] == [
                ("yes", "Kyllä"), ("no", "Ei")]
            assert listing.tag == one.tag == token.tag == "service_requests"
            assert all(r.tag == "request" and {c.tag for c in r} == REQUEST_FIELDS for r in [*listing, *one])
            assert token[0].findtext("service_request_id") == w["recent"].reference
            assert token[0].findtext("token") == w["recent"].token
            row = {c.tag: c.text for c in one[0]}
        assert row["status"] == "open" and row["status_notes"] == "Korjataan tällä viikolla."
        assert row["service_name"] == "Katuvika" and row["agency_responsible"] == "Katu- ja puistopalvelut"
        assert row["address"] == "Koulukatu 5" and row["zipcode"] == "12345"
        assert float(row["lat"]) == INSIDE[0] and float(row["long"]) == INSIDE[1]
        requested = dt.datetime.fromisoformat(row["requested_datetime"])
        assert requested.tzinfo is not None and requested == w["recent"].submitted_at.replace(microsecond=0)
        assert row["media_url"].startswith("http://testserver/")


def test_a_request_list_shows_the_public_answer_and_open_or_closed(client, world):
    w = world
    rows = {r["service_request_id"]: r for r in parse(client.get(w["base"] + "requests.json"), "json")}
    assert rows[w["closed"].reference]["status"] == "closed"
    assert rows[w["closed"].reference]["status_notes"] == "Kiitos palautteesta."
    assert rows[w["closed"].reference]["media_url"] is None and rows[w["closed"].reference]["lat"] is None
    assert rows[w["north"].reference]["status"] == "open"


# --- filters and the default window -------------------------------------------------------------

def test_only_public_feedback_of_the_last_90_days_is_listed_by_default_newest_first(client, world):
    w = world
    listed = ids(client, w["base"] + "requests.json")
    assert listed == [w["north"].reference, w["closed"].reference, w["recent"].reference]
    assert w["hidden"].reference not in listed and w["old"].reference not in listed


def test_filters_by_service_code_status_dates_and_ids(client, world):
    w = world
    url = w["base"] + "requests.json"
    assert ids(client, url, service_code="general") == [w["closed"].reference]
    assert ids(client, url, service_code="street-fault,general") == ids(client, url)
    assert ids(client, url, service_code="no-such-service") == []
    assert ids(client, url, status="closed") == [w["closed"].reference]
    assert ids(client, url, status="open") == [w["north"].reference, w["recent"].reference]
    assert ids(client, url, status="open,closed") == ids(client, url)
    # An older window by start_date and end_date (the old one is 120 days back).
    old_day = w["old"].submitted_at
    start, end = (old_day - dt.timedelta(days=1)).isoformat(), (old_day + dt.timedelta(days=1)).isoformat()
    assert ids(client, url, start_date=start, end_date=end) == [w["old"].reference]
    assert ids(client, url, start_date=start) == [w["old"].reference]  # start + 90 days
    assert ids(client, url, end_date=end) == [w["old"].reference]  # end − 90 days
    old_date = old_day.astimezone(clock.HELSINKI).date()  # a date alone is the municipality's day, not UTC's
    assert ids(client, url, start_date=old_date.isoformat(),
               end_date=(old_date + dt.timedelta(days=1)).isoformat()) == [w["old"].reference]
    # W3C with Z, and an offset whose '+' arrived unencoded as a space.
    now = clock.now()
    assert len(ids(client, url, start_date=(now - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ"))) == 3
    plus = f"{url}?start_date={(now - dt.timedelta(hours=1)).astimezone(clock.HELSINKI).isoformat(timespec='seconds')}"
    assert len(parse(client.get(plus), "json")) == 3
    # service_request_id overrides every other filter, but never shows what is not public.
    both = f"{w['old'].reference},{w['closed'].reference},{w['hidden'].reference}"
    assert sorted(ids(client, url, service_request_id=both, service_code="street-fault", status="open")) == sorted(
        [w["old"].reference, w["closed"].reference])


def test_updated_after_and_before_find_what_changed(client, world):
    w = world
    url = w["base"] + "requests.json"
    since = (clock.now() - dt.timedelta(days=200)).isoformat()
    assert set(ids(client, url, updated_after=since)) == {w[k].reference for k in ("recent", "closed", "north", "old")}
    before = (clock.now() - dt.timedelta(days=100)).isoformat()
    assert ids(client, url, updated_before=before) == [w["old"].reference]
    later = (clock.now() + dt.timedelta(minutes=1)).isoformat()
    assert ids(client, url, updated_after=later) == []


def test_at_most_1000_requests_newest_first_in_a_few_queries(client, world, django_assert_max_num_queries):
    w = world
    now = clock.now()
    Feedback.all_objects.bulk_create([
        Feedback(municipality=w["m"], reference=f"BULK-{n:05d}", token=f"bulk-token-{n}", category=w["general"],
                 description="Paljon palautetta.", unit=w["closed"].unit, publication=Publication.PUBLIC,
                 submitted_at=now - dt.timedelta(minutes=n + 5), updated_at=now)
        for n in range(1005)])
    with django_assert_max_num_queries(4):  # the municipality, the codes, the page: not one per request
        listed = ids(client, w["base"] + "requests.json", service_code="general")
    assert len(listed) == 1000
    listed = ids(client, w["base"] + "requests.json")
    assert listed[:4] == [w["north"].reference, w["closed"].reference, w["recent"].reference, "BULK-00000"]


# --- Helsinki's extensions -------------------------------------------------------------------------

def test_locale_picks_the_language_and_the_default_is_the_municipalitys_first(client, world):
    w = world
    names = {loc: {s["service_code"]: s["service_name"]
                   for s in parse(client.get(w["base"] + "services.json", {"locale": loc} if loc else {}), "json")}
             for loc in ("", "fi", "sv", "en", "en_GB", "xx")}
    assert names[""]["street-fault"] == names["fi"]["street-fault"] == names["xx"]["street-fault"] == "Katuvika"
    assert names["sv"]["street-fault"] == "Gatufel" and names["sv"]["general"] == "Allmän respons"
    assert names["en"]["street-fault"] == names["en_GB"]["street-fault"] == "Street fault"
    definition = parse(client.get(w["base"] + "services/street-fault.json", {"locale": "en"}), "json")
    assert definition["attributes"][0]["description"] == "Is it dangerous?"
    assert [v["name"] for v in definition["attributes"][0]["values"]] == ["Yes", "No"]
    row = parse(client.get(f"{w['base']}requests/{w['recent'].reference}.json", {"locale": "sv"}), "json")[0]
    assert row["service_name"] == "Gatufel" and row["agency_responsible"] == "Gatu- och parktjänster"


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_extensions_add_title_and_detailed_status(client, world, fmt):
    w = world
    plain = parse(client.get(f"{w['base']}requests/{w['recent'].reference}.{fmt}"), fmt)
    extended = parse(client.get(f"{w['base']}requests.{fmt}", {"extensions": "true"}), fmt)
    if fmt == "json":
        assert "extended_attributes" not in plain[0]
        by_id = {r["service_request_id"]: r["extended_attributes"] for r in extended}
        assert by_id[w["recent"].reference] == {"title": "Kuoppa", "detailed_status": "PUBLIC_WORKS_NEW",
                                                "service_object_id": None, "service_object_type": None}
        assert by_id[w["closed"].reference]["detailed_status"] == "PROCESSED"
    else:
        assert plain[0].find("extended_attributes") is None
        by_id = {r.findtext("service_request_id"): r.find("extended_attributes") for r in extended}
        attrs = by_id[w["recent"].reference]
        assert [c.tag for c in attrs] == ["title", "detailed_status", "service_object_id", "service_object_type"]
        assert attrs.findtext("title") == "Kuoppa" and attrs.findtext("detailed_status") == "PUBLIC_WORKS_NEW"


def test_lat_long_radius_finds_what_is_near(client, world):
    w = world
    url = w["base"] + "requests.json"
    assert ids(client, url, lat=INSIDE[0], long=INSIDE[1], radius=500) == [w["recent"].reference]
    assert ids(client, url, lat=INSIDE_NORTH[0], long=INSIDE_NORTH[1], radius=50) == [w["north"].reference]
    # 11 km apart: a 12 km radius from the south takes both.
    assert ids(client, url, lat=INSIDE[0], long=INSIDE[1], radius=12000) == [w["north"].reference,
                                                                             w["recent"].reference]
    assert ids(client, url, lat=OUTSIDE[0], long=OUTSIDE[1], radius=1000) == []


# --- POST requests ---------------------------------------------------------------------------------

def post(client, url, data, complete=True, **extra):
    """POST, then (unless told not to) what the worker does next: complete the pending intakes."""
    response = client.post(url, data, REMOTE_ADDR=extra.pop("address", "198.51.100.7"), **extra)
    if complete:
        for municipality in Municipality.objects.all():
            intake.complete_pending(municipality)
    return response


def test_a_partner_posts_feedback_that_is_routed_by_the_rules_with_its_key_recorded(client, world, partner,
                                                                                    north_streets):
    w = world
    response = post(client, w["base"] + "requests.json", {
        "api_key": partner["key"], "service_code": "street-fault", "lat": INSIDE_NORTH[0], "long": INSIDE_NORTH[1],
        "description": "Liikennemerkki on kaatunut.", "title": "Kaatunut merkki", "attribute[danger]": "yes",
        "locale": "sv", "media_url": "https://example.org/x.jpg", **CONTACT}, complete=False)
    assert response.status_code == 201
    [answer] = parse(response, "json")
    assert set(answer) == {"service_request_id", "token", "service_notice", "account_id"}
    # The partner can follow its token at once; the worker completes the intake after the window.
    assert parse(client.get(f"{w['base']}tokens/{answer['token']}.json"), "json")[0]["service_request_id"] \
        == answer["service_request_id"]
    assert intake.complete_pending(w["m"]) == 1
    fb = Feedback.all_objects.get(reference=answer["service_request_id"])
    assert fb.token == answer["token"] and fb.unit == north_streets and fb.api_key == partner["api_key"]
    assert fb.channel == Channel.API and fb.language == "sv" and fb.attributes == {"danger": "yes"}
    assert fb.title == "Kaatunut merkki" and fb.email == CONTACT["email"] and fb.status == Status.PUBLIC_WORKS_NEW
    assert answer["account_id"] == CONTACT["account_id"] and answer["service_notice"]
    # Not public until moderated, but the partner can follow the token.
    assert_error(client.get(f"{w['base']}requests/{fb.reference}.json"), 404)
    assert parse(client.get(f"{w['base']}tokens/{fb.token}.json"), "json")[0]["service_request_id"] == fb.reference


def test_a_post_on_the_shared_endpoint_in_xml_with_an_address(client, world, partner, customer_service):
    w = world
    response = post(client, w["shared"] + "requests.xml", {
        "jurisdiction_id": w["m"].code, "api_key": partner["key"], "service_code": "general",
        "address_id": "Kirkkokatu 1", "description": "Puiston penkit ovat hyviä."})
    assert response.status_code == 201
    request = parse(response, "xml")
    assert request.tag == "service_requests" and request[0].tag == "request"
    fb = Feedback.all_objects.get(reference=request[0].findtext("service_request_id"))
    assert fb.unit == customer_service and fb.address == "Kirkkokatu 1" and fb.language == "fi"


def test_a_post_with_photos_stores_them_and_a_public_item_shows_the_first(client, world, partner):
    w = world
    first, second = png((5, 4), "blue"), png((2, 2), "green")
    response = post(client, w["base"] + "requests.json", {
        "api_key": partner["key"], "service_code": "street-fault", "lat": INSIDE[0], "long": INSIDE[1] + 0.02,
        "description": "Kaivon kansi puuttuu.", "media": [photo("a.png", first), photo("b.png", second)]})
    assert response.status_code == 201, response.content
    fb = Feedback.all_objects.get(reference=parse(response, "json")[0]["service_request_id"])
    stored = list(Media.all_objects.filter(feedback=fb).order_by("created_at", "id"))
    assert [(m.width, m.height, m.content_type) for m in stored] == [(5, 4, "image/png"), (2, 2, "image/png")]
    photo_url = f"{w['base']}requests/{fb.reference}/media/{stored[0].public_id}"
    assert_error(client.get(photo_url), 404)  # not public yet
    make_public(fb)
    row = parse(client.get(f"{w['base']}requests/{fb.reference}.json"), "json")[0]
    assert row["media_url"] == "http://testserver" + photo_url
    got = client.get(row["media_url"])
    assert got.status_code == 200 and got["Content-Type"] == "image/png" and got.content == first
    shared = parse(client.get(f"{w['shared']}requests/{fb.reference}.xml", {"jurisdiction_id": "999"}), "xml")
    assert client.get(shared[0].findtext("media_url")).content == first
    # Another feedback's reference with this photo's id: nothing.
    assert_error(client.get(f"{w['base']}requests/{w['recent'].reference}/media/{stored[0].public_id}"), 404)


# --- bad input: the standard's errors, never a 500 -------------------------------------------------

@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_bad_reads_answer_4xx_in_the_standard_format(client, world, fmt):
    w = world
    base, shared = w["base"], w["shared"]
    cases = [
        (f"{base}requests.{fmt}", {"start_date": "eilen"}, 400),
        (f"{base}requests.{fmt}", {"end_date": "2026-13-45"}, 400),
        (f"{base}requests.{fmt}", {"updated_after": "99999-01-01"}, 400),
        (f"{base}requests.{fmt}", {"start_date": "2026-01-01", "end_date": "2025-01-01"}, 400),
        (f"{base}requests.{fmt}", {"start_date": "2025-01-01", "end_date": "2026-01-01"}, 400),  # > 90 days
        (f"{base}requests.{fmt}", {"status": "pending"}, 400),
        (f"{base}requests.{fmt}", {"lat": "north", "long": "25", "radius": "10"}, 400),
        (f"{base}requests.{fmt}", {"lat": "NaN", "long": "25", "radius": "10"}, 400),
        (f"{base}requests.{fmt}", {"radius": "100"}, 400),
        (f"{base}requests.{fmt}", {"lat": "61.4", "long": "25.1"}, 400),
        (f"{base}requests.{fmt}", {"lat": "61.4", "long": "25.1", "radius": "1e12"}, 400),
        (f"{base}requests.{fmt}", {"lat": "61.4", "long": "25.1", "radius": "-5"}, 400),
        (f"{base}requests.{fmt}", {"lat": "95", "long": "25.1", "radius": "5"}, 400),
        (f"{base}services/no-such-code.{fmt}", {}, 404),
        (f"{base}requests/{w['hidden'].reference}.{fmt}", {}, 404),
        (f"{base}requests/NOPE-1.{fmt}", {}, 404),
        (f"{base}tokens/not-a-token.{fmt}", {}, 404),
        (f"{base}services.{fmt}", {"jurisdiction_id": "998"}, 404),
        (f"{shared}services.{fmt}", {}, 400),
        (f"{shared}services.{fmt}", {"jurisdiction_id": "123"}, 404),
        (f"{shared}services.{fmt}", {"jurisdiction_id": "kunta.fi"}, 404),
    ]
    for url, query, status in cases:
        assert_error(client.get(url, query), status, fmt)
    # A method the resource does not take.
    assert client.delete(f"{base}services.{fmt}").status_code == 405


def test_an_unknown_suffix_is_a_404_in_the_standard_format(client, world):
    for path in ("services.html", "requests.csv", f"requests/{world['recent'].reference}.yaml", "tokens/x.txt"):
        assert_error(client.get(world["base"] + path), 404)


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_an_unknown_municipality_in_the_path_is_a_404_in_the_standard_format(client, world, fmt):
    assert_error(client.get(f"/api/v1/ei-ole-kuntaa/open311/v2/services.{fmt}"), 404, fmt)


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_bad_posts_answer_4xx_in_the_standard_format_and_store_nothing(client, world, partner, settings, fmt):
    w = world
    settings.LUUKKU_FEEDBACK_PHOTO_MAX_BYTES = 2000
    url = f"{w['base']}requests.{fmt}"
    good = {"api_key": partner["key"], "service_code": "street-fault", "lat": INSIDE[0], "long": INSIDE[1],
            "description": "Kuoppa on syvä ja vaarallinen."}
    before = Feedback.all_objects.count()
    cases = [
        ({**good, "api_key": ""}, 400, "api_key"),
        ({k: v for k, v in good.items() if k != "api_key"}, 400, "api_key"),
        ({**good, "api_key": "wrong-key"}, 403, "api_key"),
        ({**good, "service_code": ""}, 400, "service_code"),
        ({**good, "service_code": "no-such-service"}, 404, "service_code"),
        ({**good, "description": "lyhyt"}, 400, "10"),
        ({**good, "description": "x" * 5001}, 400, "5000"),
        ({**good, "lat": OUTSIDE[0], "long": OUTSIDE[1]}, 400, ""),
        ({**good, "lat": "north"}, 400, ""),
        ({**good, "lat": "", "long": ""}, 400, ""),  # a street fault needs a place
        ({**good, "attribute[danger]": "maybe"}, 400, "danger"),
        ({**good, "media": photo("kuva.png", b"not an image at all")}, 400, "kuva.png"),
        ({**good, "media": photo("iso.png", png((400, 400), "white") + b"\0" * 3000)}, 400, "iso.png"),
    ]
    for data, status, word in cases:
        descriptions = assert_error(post(client, url, data), status, fmt)
        assert word in " ".join(descriptions), (data.get("description", "")[:20], descriptions)
    # Every problem is its own item.
    many = assert_error(post(client, url, {**good, "description": "lyhyt", "lat": OUTSIDE[0],
                                           "long": OUTSIDE[1]}), 400, fmt)
    assert len(many) == 2
    assert Feedback.all_objects.count() == before


def test_another_municipalitys_key_is_refused(client, world, other_municipality):
    _key, foreign = services.create_api_key(other_municipality, "Toisen kunnan kumppani")
    response = post(client, world["base"] + "requests.json", {
        "api_key": foreign, "service_code": "general", "description": "Hyvä palvelu kirjastossa."})
    assert_error(response, 403)


def test_a_flood_of_posts_from_one_address_gets_429_with_retry_after(client, world, partner, settings):
    w = world
    settings.LUUKKU_FEEDBACK_RATE_LIMIT = "2/3600"
    cache.clear()
    data = {"api_key": partner["key"], "service_code": "general", "description": "Kiitos hyvästä palvelusta."}
    assert [post(client, w["base"] + "requests.json", data).status_code for _ in range(2)] == [201, 201]
    for fmt in ("json", "xml"):
        response = post(client, f"{w['base']}requests.{fmt}", data)
        assert_error(response, 429, fmt)
        assert 0 < int(response["Retry-After"]) <= 3600
    # Another address is not held back by the first one's flood.
    assert post(client, w["base"] + "requests.json", data, address="203.0.113.9").status_code == 201


# --- privacy and isolation -------------------------------------------------------------------------

def test_contact_details_never_appear_in_any_get_answer(client, world):
    w = world
    bodies = []
    for prefix, query in mounts(w):
        for fmt in ("json", "xml"):
            for path in ("services", "requests", f"requests/{w['recent'].reference}",
                         f"requests/{w['closed'].reference}", f"tokens/{w['recent'].token}"):
                for extra in ({}, {"extensions": "true"}, {"service_request_id": w["recent"].reference},
                              {"start_date": (w["old"].submitted_at - dt.timedelta(days=1)).isoformat()}):
                    response = client.get(f"{prefix}{path}.{fmt}", {**query, **extra})
                    assert response.status_code == 200, (path, extra)
                    bodies.append(response.content)
    assert len(bodies) == 80
    everything = b"\n".join(bodies)
    assert w["recent"].reference.encode() in everything and w["old"].reference.encode() in everything
    for secret in SECRETS:
        assert secret.encode() not in everything, secret
        assert secret.encode("unicode_escape") not in everything, secret


def test_one_municipalitys_endpoint_never_shows_anothers_feedback(client, world, other_municipality, partner):
    w = world
    other = other_municipality
    unit = UnitFactory(municipality=other, slug="toisen-katu", name={"fi": "Toisen katuyksikkö"})
    theirs = Category.all_objects.create(municipality=other, code="street-fault", name={"fi": "Toisen katuvika"})
    RoutingRule.all_objects.create(municipality=other, category=None, unit=unit, priority=1)
    foreign = services.submit(municipality=other, category=theirs, description="Toisen kunnan kuoppa.",
                              photos=[photo("toisen.png", png((7, 7), "black"))])
    make_public(foreign, answer="Toisen kunnan vastaus")
    foreign_photo = Media.all_objects.get(feedback=foreign).public_id
    markers = [foreign.reference, "Toisen katuvika", "Toisen katuyksikkö", "Toisen kunnan", str(foreign_photo)]
    # Every pattern of open311_urls, filled with B's ids (a new pattern fails here until it is walked);
    # True: about one of B's objects, so only a 404 will do.
    walk = {"services": ({}, False), "service": ({"service_code": "street-fault"}, False), "requests": ({}, False),
            "request": ({"service_request_id": foreign.reference}, True), "token": ({"token": foreign.token}, True),
            "media": ({"service_request_id": foreign.reference, "media_id": foreign_photo}, True)}
    assert set(walk) == {pattern.name for pattern in open311_urls.urlpatterns}
    for namespace, query in (("open311_municipality", {}), ("open311", {"jurisdiction_id": w["m"].code})):
        for name, (kwargs, about_b) in walk.items():
            for fmt in ("json", "xml") if name != "media" else (None,):
                url = reverse(f"{namespace}:{name}", kwargs={
                    **kwargs, **({"fmt": fmt} if fmt else {}),
                    **({"municipality": w["m"].slug} if namespace == "open311_municipality" else {})})
                for extra in ({}, {"service_request_id": foreign.reference}, {"service_code": "street-fault"}):
                    response = client.get(url, {**query, **extra})
                    body = response.content.decode("utf-8", "replace")
                    assert not [m for m in markers if m in body], (url, extra)
                    assert response.status_code == (404 if about_b else 200), (url, response.status_code)
    # Their own endpoints show theirs, and never A's.
    for prefix, query in ((f"/api/v1/{other.slug}/open311/v2/", {}), (w["shared"], {"jurisdiction_id": other.code})):
        assert ids(client, prefix + "requests.json", **query) == [foreign.reference]
        assert_error(client.get(f"{prefix}requests/{w['recent'].reference}.json", query), 404)
    # A's key does not post into B, and B's path refuses A's jurisdiction.
    response = post(client, f"/api/v1/{other.slug}/open311/v2/requests.json", {
        "api_key": partner["key"], "service_code": "street-fault", "description": "Kuoppa toisessa kunnassa."})
    assert_error(response, 403)
    assert_error(client.get(f"/api/v1/{other.slug}/open311/v2/requests.json", {"jurisdiction_id": w["m"].code}), 404)


HOSTILE = ["\x00", "a\x00b", "%zz", "1e309", "-1", "NaN", "inf", "' OR 1=1 --", "😀" * 30, "ä" * 3000, "\ud800",
           "<x>&amp;", "2026-02-30", "9999-12-31T23:59:59+14:00", "0001-01-01", ",,,", " "]
PARAMS = ["service_request_id", "service_code", "start_date", "end_date", "status", "updated_after", "updated_before",
          "lat", "long", "radius", "extensions", "locale", "jurisdiction_id"]


def test_hostile_values_never_give_a_500_and_errors_stay_in_the_standard_format(client, world, partner):
    from urllib.parse import quote

    w = world
    problems = []
    for value in HOSTILE:
        encoded = quote(value.encode("utf-8", "surrogatepass"), safe="")
        paths = [f"services/{encoded}.json", f"requests/{encoded}.xml", f"tokens/{encoded}.json",
                 f"requests/{encoded}/media/{w['recent'].pk:032d}", f"services.{encoded}"]
        for path in paths:
            response = client.get(w["base"] + path)
            if response.status_code >= 500 or response.status_code == 200:
                problems.append((path, response.status_code))
        for index, name in enumerate(PARAMS):
            prefix, query = mounts(w)[index % 2]
            fmt = ("json", "xml")[(index + len(value)) % 2]
            pairs = {**query, name: value}
            qs = "&".join(f"{k}={quote(v.encode('utf-8', 'surrogatepass'), safe='')}" for k, v in pairs.items())
            response = client.get(f"{prefix}requests.{fmt}?{qs}")
            if response.status_code >= 500:
                problems.append((name, value[:10], response.status_code))
            elif response.status_code >= 400:
                assert_error(response, response.status_code, fmt)
            else:
                parse(response, fmt)
        for name in ("description", "title", "lat", "address_string", "email", "attribute[danger]", "service_code"):
            if value == "\ud800":
                continue  # the test client cannot send a lone surrogate in a form
            data = {"api_key": partner["key"], "service_code": "general", "description": "Kelvollinen kuvaus.",
                    name: value}
            response = post(client, w["base"] + "requests.xml", data, address=f"192.0.2.{len(problems) % 200}")
            if response.status_code >= 500:
                problems.append(("POST", name, value[:10], response.status_code))
            elif response.status_code != 201:
                assert_error(response, response.status_code, "xml")
        cache.clear()  # the posts above are not a flood
    assert not problems, problems
