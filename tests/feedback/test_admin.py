"""The feedback admin: categories with checked Open311 questions, routing rules with a checked area
and only the municipality's own units, API keys shown once, and a read-only feedback list without
the reporters' contact details."""

import json

import pytest
from django.urls import reverse

from luukku.core.models import Role
from luukku.feedback import services
from luukku.feedback.models import ApiKey, Category, RoutingRule

from ..factories import MembershipFactory, UnitFactory, UserFactory
from .conftest import BORDER
from .staff_helpers import SECRET_EMAIL, SECRET_PHONE, fault  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def english(client):
    """The admin in English, so the assertions read the messages as written."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def administrator(bordered):
    user = UserFactory(username="paakayttaja", is_staff=True)
    MembershipFactory(municipality=bordered, user=user, role=Role.ADMINISTRATOR)
    return user


def category_form(**overrides):
    data = {"code": "benches", "name_fi": "Penkit", "name_sv": "", "name_en": "", "description_fi": "",
            "description_sv": "", "description_en": "", "group_fi": "", "group_sv": "", "group_en": "",
            "keywords": "", "kinds": '["fault"]', "sla_days": "5", "attributes": "[]", "active": "on",
            "order": "10"}
    data.update(overrides)
    return data


GOOD_ATTRIBUTES = [{"code": "broken", "datatype": "singlevaluelist", "required": True, "order": 1,
                    "description": {"fi": "Onko penkki rikki?"},
                    "values": [{"key": "yes", "name": {"fi": "Kyllä"}}, {"key": "no", "name": {"fi": "Ei"}}]},
                   {"code": "note", "datatype": "text", "description": {"fi": "Lisätietoja"}}]


@pytest.mark.parametrize("attributes, message", [
    ('{"code": "x"}', "Give a list of questions"),
    ('[{"datatype": "string"}]', "Question 1: “code” must be"),
    ('[{"code": "a", "datatype": "colour"}]', "“datatype” must be one of"),
    ('[{"code": "a", "datatype": "singlevaluelist"}]', "a list question needs “values”"),
    ('[{"code": "a", "datatype": "multivaluelist", "values": [{"name": {"fi": "x"}}]}]', "each value needs a “key”"),
    ('[{"code": "a", "datatype": "string", "values": [{"key": 1}]}]', "only list questions"),
    ('[{"code": "a", "datatype": "string"}, {"code": "a", "datatype": "text"}]', "Two questions have the same code"),
    ('[{"code": "a", "datatype": "string", "required": "yes"}]', "“required” must be true or false"),
    ("[NaN]", "Enter a valid JSON"),
])
def test_category_questions_are_checked_against_the_open311_shape(client, bordered, administrator, attributes,
                                                                  message):
    client.force_login(administrator)
    response = client.post(reverse("admin:feedback_category_add"), category_form(attributes=attributes))
    html = response.content.decode()
    assert response.status_code == 200 and "errornote" in html
    assert message in html.replace("&quot;", '"').replace("&#x27;", "'")
    assert not Category.all_objects.filter(code="benches").exists()


def test_a_category_with_good_questions_is_saved_with_its_translations(client, bordered, administrator):
    client.force_login(administrator)
    response = client.post(reverse("admin:feedback_category_add"), category_form(
        attributes=json.dumps(GOOD_ATTRIBUTES), name_sv="Bänkar"))
    assert response.status_code == 302
    category = Category.all_objects.get(code="benches")
    assert category.municipality == bordered and category.attributes == GOOD_ATTRIBUTES
    assert category.name["fi"] == "Penkit" and category.name["sv"] == "Bänkar"


def rule_form(unit, **overrides):
    data = {"category": "", "area_name_fi": "Keskusta", "area_name_sv": "", "area_name_en": "", "area": "",
            "unit": str(unit.pk), "priority": "10", "active": "on"}
    data.update(overrides)
    return data


@pytest.mark.parametrize("area", [
    '{"type": "Point", "coordinates": [25.1, 61.5]}',
    '{"type": "Polygon", "coordinates": [[[25.0, 61.4], [25.2, 61.4], [25.2, 61.6]]]}',  # not closed
    '{"type": "Polygon", "coordinates": [[["a", 61.4], [25.2, 61.4], [25.2, 61.6], ["a", 61.4]]]}',
    '"keskusta"',
])
def test_a_rule_area_must_be_a_closed_polygon(client, bordered, administrator, streets, area):
    client.force_login(administrator)
    response = client.post(reverse("admin:feedback_routingrule_add"), rule_form(streets, area=area))
    assert response.status_code == 200 and "GeoJSON Polygon" in response.content.decode()
    assert not RoutingRule.all_objects.exists()


def test_a_rule_takes_only_the_municipalitys_units_and_categories(client, bordered, administrator, streets,
                                                                  street_fault, other_municipality):
    foreign_unit = UnitFactory(municipality=other_municipality, slug="vieras", name={"fi": "Vieras yksikkö"})
    foreign_category = Category.all_objects.create(municipality=other_municipality, code="vieras",
                                                   name={"fi": "Vieras luokka"})
    client.force_login(administrator)
    form = client.get(reverse("admin:feedback_routingrule_add")).content.decode()
    assert "Katu- ja puistopalvelut" in form and "Vieras yksikkö" not in form and "Vieras luokka" not in form
    for forced in (rule_form(foreign_unit), rule_form(streets, category=str(foreign_category.pk))):
        response = client.post(reverse("admin:feedback_routingrule_add"), forced)
        assert response.status_code == 200 and "errornote" in response.content.decode()
    assert not RoutingRule.all_objects.exists()
    response = client.post(reverse("admin:feedback_routingrule_add"), rule_form(
        streets, category=str(street_fault.pk), area=json.dumps(BORDER)))
    assert response.status_code == 302
    rule = RoutingRule.all_objects.get()
    assert (rule.municipality, rule.unit, rule.category, rule.area) == (bordered, streets, street_fault, BORDER)


def test_a_new_api_key_is_shown_once_and_then_only_its_beginning(client, bordered, administrator):
    client.force_login(administrator)
    response = client.post(reverse("admin:feedback_apikey_add"), {"name": "Kumppani Oy", "active": "on"},
                           follow=True)
    html = response.content.decode()
    key = ApiKey.all_objects.get()
    shown = html.split("The new API key of Kumppani Oy is ")[1].split(" ")[0]
    assert services.api_key_for(bordered, shown) == key and shown.startswith(key.prefix) and len(shown) > 30
    assert key.municipality == bordered and key.key_hash != shown
    change = client.get(reverse("admin:feedback_apikey_change", args=[key.pk])).content.decode()
    listing = client.get(reverse("admin:feedback_apikey_changelist")).content.decode()
    assert shown not in change and shown not in listing and key.prefix in change and key.prefix in listing
    # Turning it off stops it working.
    client.post(reverse("admin:feedback_apikey_change", args=[key.pk]), {"name": "Kumppani Oy"})
    assert services.api_key_for(bordered, shown) is None


def test_the_feedback_list_is_read_only_and_shows_no_contact_details(client, bordered, fault, streets,
                                                                    streets_handler, north_handler):
    for user in (streets_handler, north_handler):
        user.is_staff = True
        user.save()
    client.force_login(streets_handler)
    listing = client.get(reverse("admin:feedback_feedback_changelist")).content.decode()
    assert fault.reference in listing and SECRET_EMAIL not in listing and SECRET_PHONE not in listing
    assert "Raportoija" not in listing
    change = client.get(reverse("admin:feedback_feedback_change", args=[fault.pk])).content.decode()
    assert f"/virkailija/palaute/{fault.public_id}/" in change and SECRET_EMAIL not in change
    assert client.get(reverse("admin:feedback_feedback_add")).status_code == 403
    client.force_login(north_handler)
    assert fault.reference not in client.get(reverse("admin:feedback_feedback_changelist")).content.decode()
    assert client.get(reverse("admin:feedback_feedback_change", args=[fault.pk])).status_code in (302, 404)
