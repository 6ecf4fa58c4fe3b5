"""The demo municipality's feedback: a border that holds every demo place, categories and routing a
Finnish municipality would have, a partner key that works, and feedback at every stage of handling."""

import datetime as dt
import io
import re

import pytest
from PIL import Image

from luukku.core import clock, geo
from luukku.core.models import AddressPoint, Unit
from tests._demo_snapshot import load_demo
from luukku.demo.data.channels import CHANNELS
from luukku.demo.data.feedback import PLACES
from luukku.demo.feedback import API_KEY_NAME, DEMO_API_KEY
from luukku.feedback import selectors, services
from luukku.feedback.items import feedback_items
from luukku.feedback.models import (
    CLOSED_STATUSES,
    Category,
    Channel,
    Feedback,
    Media,
    Publication,
    Reply,
    RoutingRule,
    Satisfaction,
    StatusChange,
)
from luukku.people.models import Person

pytestmark = pytest.mark.django_db
LANGS = ("fi", "sv", "en")


@pytest.fixture
def koivula(db):
    return load_demo()


def _demo_points(m):
    for row in CHANNELS:
        if row.get("latitude"):
            yield row["key"], float(row["latitude"]), float(row["longitude"])
        for stop in row.get("stops", []):
            yield stop["place"]["fi"], stop["latitude"], stop["longitude"]
    for key, (lat, lon, _address, _zipcode) in PLACES.items():
        yield key, lat, lon
    for person in Person.all_objects.filter(municipality=m, latitude__isnull=False):
        yield person.full_name, float(person.latitude), float(person.longitude)


def _border_holds_every_demo_place(koivula):
    border = koivula.boundary
    assert geo.is_valid_area(border) and border["type"] == "Polygon"
    ring = border["coordinates"][0]
    assert ring[0] == ring[-1] and 12 <= len(ring) - 1 <= 30
    lons, lats = [p[0] for p in ring], [p[1] for p in ring]
    width = geo.distance_m(61.53, min(lons), 61.53, max(lons))
    height = geo.distance_m(min(lats), 25.24, max(lats), 25.24)
    assert 25_000 < width < 35_000 and 20_000 < height < 30_000
    points = list(_demo_points(koivula))
    assert len(points) > 30 and any(name == "Aino Maria Asukas" for name, _lat, _lon in points)
    for name, lat, lon in points:
        assert geo.contains(border, lat, lon), name
    assert not geo.contains(border, 60.17, 24.94)  # Helsinki


def _categories_are_trilingual_open311_services(koivula):
    categories = list(Category.all_objects.filter(municipality=koivula))
    assert len(categories) >= 15
    for category in categories:
        assert re.fullmatch(r"[a-z0-9-]+", category.code)
        for lang in LANGS:
            assert category.name.get(lang) and category.description.get(lang) and category.group.get(lang), \
                (category.code, lang)
        assert category.kinds and category.sla_days > 0
        for attribute in category.attributes:
            assert attribute["datatype"] in ("number", "singlevaluelist") and attribute["description"]["sv"]
            for value in attribute.get("values", []):
                assert all(value["name"].get(lang) for lang in LANGS)
    codes = {c.code: c for c in categories}
    for code in ("katuvaurio", "katuvalo", "talvikunnossapito", "puistot", "leikkipaikat"):
        assert codes[code].public_works and codes[code].location_required, code
    assert not codes["kirjasto"].public_works and not codes["kirjasto"].location_required
    assert sum(bool(c.attributes) for c in categories) >= 2
    snow = codes["talvikunnossapito"].attributes[0]
    assert snow["datatype"] == "singlevaluelist" and {v["key"] for v in snow["values"]} >= {"blocked", "no"}
    assert codes["katuvalo"].attributes[0]["datatype"] == "number"


def _routing_by_category_area_and_catch_all(koivula):
    centre, north = (61.5124, 25.2241), (61.5893, 25.3330)
    units = {u.slug: u for u in Unit.all_objects.filter(municipality=koivula)}
    codes = {c.code: c for c in Category.all_objects.filter(municipality=koivula)}
    expected = {"katuvaurio": "kuntatekniikka", "talvikunnossapito": "kuntatekniikka", "vesihuolto": "koivulan-vesi",
                "kirjasto": "kirjasto", "varhaiskasvatus": "varhaiskasvatuspalvelut", "koulut": "opetuspalvelut",
                "jatehuolto": "ymparistonsuojelu", "liikuntapaikat": "liikuntapalvelut", "yleinen": "asiointipiste"}
    for code, unit in expected.items():
        assert services.route(koivula, codes[code], *centre) == units[unit], code
    assert services.route(koivula, codes["katuvaurio"], *north) == units["tonttipalvelut"]
    assert services.route(koivula, codes["katuvalo"], *north) == units["kuntatekniikka"]
    new = Category.all_objects.create(municipality=koivula, code="uusi", name={"fi": "Uusi"})
    assert services.route(koivula, new) == units["asiointipiste"]
    assert RoutingRule.all_objects.filter(municipality=koivula).order_by("-priority").first().category is None


def _partner_key_works(koivula):
    api_key = services.api_key_for(koivula, DEMO_API_KEY)
    assert api_key is not None and api_key.name == API_KEY_NAME
    assert services.api_key_for(koivula, "wrong") is None
    assert Feedback.all_objects.filter(municipality=koivula, channel=Channel.API, api_key=api_key).exists()


def _feedback_at_every_stage_over_sixty_days(koivula):
    items = Feedback.all_objects.filter(municipality=koivula).select_related("category")
    assert 55 <= items.count() <= 65
    assert len({f.category.code for f in items}) >= 15
    assert set(items.values_list("channel", flat=True)) >= {"online", "phone", "service_point", "api"}
    now = clock.now()
    times = sorted(items.values_list("submitted_at", flat=True))
    assert times[0] >= now - dt.timedelta(days=61) and times[-1] <= now
    assert times[-1] - times[0] > dt.timedelta(days=40)
    for feedback in items:
        assert feedback.reference == services.reference_for(feedback)
        history = list(StatusChange.all_objects.filter(feedback=feedback).order_by("at", "id"))
        assert history[0].at == feedback.submitted_at and history[-1].to_status == feedback.status
        assert all(feedback.submitted_at <= change.at <= now for change in history)
        assert feedback.updated_at <= now
    answered = selectors.public(koivula).exclude(public_answer="")
    assert answered.count() >= 25
    assert items.filter(publication=Publication.HIDDEN).exists()
    assert items.filter(status__in=CLOSED_STATUSES).count() >= 15
    assert items.exclude(status__in=CLOSED_STATUSES).count() >= 10
    assert Reply.all_objects.filter(municipality=koivula).exists()
    assert Satisfaction.all_objects.filter(municipality=koivula).count() >= 2
    assert items.exclude(email="").filter(email__endswith="@example.fi").exists()
    assert items.filter(unit__slug="tonttipalvelut").exists()  # routed by area


def _photos_are_real_images(koivula):
    photos = Media.all_objects.filter(municipality=koivula)
    assert photos.count() >= 5
    assert {p.content_type for p in photos} == {"image/png", "image/jpeg"}
    for media in photos:
        with media.file.open("rb") as handle, Image.open(io.BytesIO(handle.read())) as image:
            assert image.size == (media.width, media.height)


def _residents_see_their_feedback_in_my_cases(koivula):
    for username in ("asukas", "asukas2"):
        person = Person.all_objects.get(municipality=koivula, user__username=username)
        mine = feedback_items(person, "fi")
        assert mine and all(item.reference.startswith("KOI-P-") for item in mine)


def _every_point_has_a_nearest_address(m):
    """The demo's address points name the place of every demo feedback on the map (the handler's page)."""
    from luukku.core.selectors import nearest_address

    located = Feedback.all_objects.filter(municipality=m, latitude__isnull=False)
    assert located.exists()
    for item in located:
        assert nearest_address(m, item.latitude, item.longitude) is not None, item.reference


def test_the_demo_feedback_is_what_the_demo_promises(koivula):
    """One load (the slow part), every check on it."""
    for check in (_border_holds_every_demo_place, _categories_are_trilingual_open311_services, _partner_key_works,
                  _feedback_at_every_stage_over_sixty_days, _photos_are_real_images,
                  _residents_see_their_feedback_in_my_cases, _every_point_has_a_nearest_address,
                  _routing_by_category_area_and_catch_all):  # last: it adds a category
        check(koivula)


def _counts(m):
    return [model.all_objects.filter(municipality=m).count()
            for model in (Category, RoutingRule, Feedback, StatusChange, Media, AddressPoint)]
