"""Admin forms reject malformed input with a form error (200 + errorlist), keep what was typed,
save nothing, and never answer 500."""

import html

import pytest
from django.urls import reverse

from luukku.catalogue.models import Channel, Service, ServiceHours
from luukku.core.models import Role
from luukku.core.tenancy import municipality_context

from ..factories import ChannelFactory, MembershipFactory, SectorFactory, ServiceFactory, UnitFactory, UserFactory
from .test_admin import service_form

pytestmark = pytest.mark.django_db

BAD_JSON = ["{", "{'fi': 'x'}", "NaN", "-Infinity", "päiväkoti", '{"fi": ["a"]}}']


def channel_form(**overrides):
    data = {
        "kind": "ServiceLocation", "status": "Published", "name_fi": "Virastotalo", "urls": "{}", "phones": "[]",
        "emails": "[]", "languages": "[]", "stops": "[]", "postal_code": "",
        "hours-TOTAL_FORMS": "0", "hours-INITIAL_FORMS": "0", "hours-MIN_NUM_FORMS": "0", "hours-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def with_hours(opening, **fields):
    return {
        "hours-TOTAL_FORMS": "1", "hours-0-kind": "DaysOfTheWeek", "hours-0-opening": opening, "hours-0-order": "0",
        **{f"hours-0-{name}": value for name, value in fields.items()},
    }


@pytest.fixture
def world(municipality, other_municipality):
    with municipality_context(other_municipality):
        foreign_unit = UnitFactory(municipality=other_municipality)
        foreign_sector = SectorFactory(municipality=other_municipality)
        foreign_channel = ChannelFactory(municipality=other_municipality)
    with municipality_context(municipality):
        service = ServiceFactory(municipality=municipality, slug="kirjasto", name={"fi": "Kirjasto"})
        ServiceFactory(municipality=municipality, slug="uimahalli", name={"fi": "Uimahalli"})
        channel = ChannelFactory(municipality=municipality, name={"fi": "Virastotalo"})
    editor = UserFactory(username="toimittaja", is_staff=True)
    MembershipFactory(municipality=municipality, user=editor, role=Role.CATALOGUE_EDITOR)
    return {
        "service": service, "channel": channel, "editor": editor, "foreign_unit": foreign_unit,
        "foreign_sector": foreign_sector, "foreign_channel": foreign_channel,
    }


def snapshot():
    rows = lambda model: sorted(model.all_objects.values_list("pk", "slug" if model is Service else "name", "modified"))  # noqa: E731
    return rows(Service), rows(Channel), list(ServiceHours.all_objects.values_list("pk", "opening"))


def assert_rejected(client, url, data, typed=None):
    before = snapshot()
    response = client.post(url, data)
    assert response.status_code == 200, (data, response.status_code)
    page = response.content.decode()
    assert "errorlist" in page or "errornote" in page, data
    assert snapshot() == before, f"something was saved for {data}"
    if typed:  # what the editor typed is shown again for correcting
        assert html.escape(typed, quote=True) in page or typed in html.unescape(page), typed
    return page


def service_urls(world):
    return [reverse("admin:catalogue_service_add"),
            reverse("admin:catalogue_service_change", args=[world["service"].pk])]


def channel_urls(world):
    return [reverse("admin:catalogue_channel_add"),
            reverse("admin:catalogue_channel_change", args=[world["channel"].pk])]


@pytest.mark.parametrize("field", ["keywords", "alternative_names", "legislation", "languages", "areas", "ontology_terms"])
@pytest.mark.parametrize("value", BAD_JSON)
def test_service_json_fields_reject_malformed_json(client, world, field, value):
    client.force_login(world["editor"])
    for url in service_urls(world):
        assert_rejected(client, url, service_form(slug="uusi", **{field: value}), typed=value.replace("\x00", ""))


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("keywords", "[]"), ("keywords", '{"fi": "päiväkoti"}'), ("keywords", '{"fi": [1, {"a": 2}]}'),
        ("keywords", '{"": ["x"]}'), ("alternative_names", '"päiväkoti"'), ("alternative_names", '{"fi": null}'),
        ("legislation", "{}"), ("legislation", '["laki"]'), ("legislation", '[{"name": "Laki"}]'),
        ("legislation", '[{"name": {"fi": "Laki"}, "url": {"fi": 5}}]'), ("languages", '"fi"'),
        ("languages", "[1]"), ("areas", "{}"), ("ontology_terms", '"x"'),
        ("popularity", "-1"), ("popularity", "99999999999999999999999"), ("popularity", "1.5"), ("popularity", "x"),
        ("slug", "ä ö"), ("slug", "x" * 5000), ("slug", "kirjasto-\x00"), ("name_fi", ""), ("status", "Hacked"),
        ("type", "x" * 100), ("charge_type", "maybe"), ("sector", "abc"), ("sector", "99999999"),
        ("responsible_unit", "-1"), ("codes", "x"), ("channels", "999999999"),
    ],
)
def test_service_fields_reject_wrong_types_and_values(client, world, field, value):
    client.force_login(world["editor"])
    for url in service_urls(world):
        assert_rejected(client, url, service_form(**{"slug": "uusi", field: value}))


def test_service_rejects_another_municipalitys_unit_sector_and_channel(client, world):
    client.force_login(world["editor"])
    for url in service_urls(world):
        for field, obj in (("responsible_unit", "foreign_unit"), ("sector", "foreign_sector"),
                           ("channels", "foreign_channel")):
            assert_rejected(client, url, service_form(slug="uusi", **{field: str(world[obj].pk)}))


def test_service_duplicate_slug_on_add_and_change_is_a_form_error(client, world):
    client.force_login(world["editor"])
    for url in service_urls(world):
        assert_rejected(client, url, service_form(slug="uimahalli"), typed="uimahalli")


def test_huge_strings_are_rejected_or_saved_but_never_500(client, world):
    client.force_login(world["editor"])
    huge = "Ä" * 200_000
    response = client.post(service_urls(world)[0], service_form(slug="x" * 121, name_fi=huge, summary_fi=huge))
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    assert not Service.all_objects.filter(slug__startswith="xxx").exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("urls", "{"), ("urls", "[]"), ("urls", '{"fi": 5}'), ("urls", '"https://x.fi"'),
        ("phones", "{"), ("phones", "{}"), ("phones", '["0401234567"]'), ("phones", '[{"number": 401234567}]'),
        ("phones", '[{"prefix": "+358"}]'), ("emails", '["a@b.fi"]'), ("emails", '[{"value": 5}]'),
        ("stops", '{"place": "tori"}'), ("stops", '[{"weekday": 9}]'), ("stops", '[{"from": "25:99"}]'),
        ("stops", '[{"weekday": "maanantai"}]'), ("languages", "{}"), ("languages", "[null]"),
        ("latitude", "NaN"), ("latitude", "Infinity"), ("latitude", "1e400"), ("latitude", "123456789.1"),
        ("longitude", "x"), ("postal_code", "123456"), ("postal_code", "ABCDE"), ("kind", "Pigeon"),
        ("unit", "abc"), ("name_fi", ""),
    ],
)
def test_channel_fields_reject_wrong_types_and_values(client, world, field, value):
    client.force_login(world["editor"])
    for url in channel_urls(world):
        assert_rejected(client, url, channel_form(**{field: value}))


@pytest.mark.parametrize(
    "opening",
    [
        "{", "{}", '"8-16"', "[1]", '[{"day_from": 7, "from": "08:00", "to": "16:00"}]',
        '[{"day_from": "ma", "from": "08:00", "to": "16:00"}]', '[{"day_from": 0, "from": "8", "to": "16:00"}]',
        '[{"day_from": 0, "from": "08:00", "to": "24:30"}]', '[{"day_from": 0, "day_to": -1, "from": "08:00", "to": "16:00"}]',
        '[{"day_from": 0}]', '[{"day_from": true, "from": "08:00", "to": "16:00"}]',
    ],
)
def test_channel_hours_reject_malformed_opening_times(client, world, opening):
    client.force_login(world["editor"])
    for url in channel_urls(world):
        assert_rejected(client, url, channel_form(**with_hours(opening)), typed=opening)


@pytest.mark.parametrize(
    "management",
    [{"hours-TOTAL_FORMS": "abc"}, {"hours-TOTAL_FORMS": "100000"}, {"hours-INITIAL_FORMS": "5"},
     {"hours-TOTAL_FORMS": None}],
)
def test_channel_broken_inline_management_form_is_an_error(client, world, management):
    client.force_login(world["editor"])
    data = channel_form(**with_hours("[]"))
    for key, value in management.items():
        if value is None:
            data.pop(key)
        else:
            data[key] = value
    for url in channel_urls(world):
        assert_rejected(client, url, data)


def test_channel_hours_bad_dates_are_form_errors(client, world):
    client.force_login(world["editor"])
    for fields in ({"valid_from": "2024-13-45"}, {"valid_from": "x" * 1000},
                   {"valid_from": "2025-06-01", "valid_to": "2025-05-01"}):
        for url in channel_urls(world):
            assert_rejected(client, url, channel_form(**with_hours("[]", **fields)))


def test_channel_rejects_another_municipalitys_unit(client, world):
    client.force_login(world["editor"])
    for url in channel_urls(world):
        assert_rejected(client, url, channel_form(unit=str(world["foreign_unit"].pk)))


def test_well_formed_input_is_still_saved(client, world):
    """The checks above are not so strict that good data (as the demo and PTV produce) is refused."""
    client.force_login(world["editor"])
    response = client.post(service_urls(world)[1], service_form(
        slug="kirjasto", keywords='{"fi": ["laina", "kirja"], "sv": []}', alternative_names='{"fi": ["kirjasto"]}',
        legislation='[{"name": {"fi": "Kirjastolaki"}, "url": {"fi": "https://finlex.fi/"}}]', languages='["fi", "sv"]',
        ontology_terms='[{"uri": "http://www.yso.fi/onto/yso/p1", "name": {"fi": "kirjastot"}}]',
    ))
    assert response.status_code == 302, response.content.decode()[:3000]
    response = client.post(channel_urls(world)[1], channel_form(
        urls='{"fi": "https://koivula.fi/"}', phones='[{"number": "+358 40 123", "charge": "FreeOfCharge", "info": {"fi": "x"}}]',
        emails='[{"value": "kirjasto@koivula.fi", "language": "fi"}]', postal_code="00100", latitude="60.1",
        stops='[{"place": {"fi": "Tori"}, "weekday": 2, "from": "10:00", "to": "11:30"}]',
        **with_hours('[{"day_from": 0, "day_to": 4, "from": "08:00", "to": "16:00"}, {"day_from": 5, "day_to": null, "from": "10:00", "to": "24:00"}]'),
    ))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert ServiceHours.all_objects.filter(channel=world["channel"]).count() == 1
