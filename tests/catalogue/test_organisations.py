"""Organisations as records (issue 19, point 7): responsible, other responsible and producers of every
provision type come in from PTV, are shown on the service's page and in the API, and the old producer
fields move into them."""

import importlib
import json
from pathlib import Path

import pytest
from django.apps import apps
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from luukku.catalogue.models import Organisation, Service, ServiceOrganisation
from luukku.catalogue.ptv.importer import import_ptv
from luukku.core.models import Role
from luukku.core.tenancy import municipality_context

from ..factories import MembershipFactory, ServiceFactory, UserFactory
from .links import links_of

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module("luukku.catalogue.migrations.0005_organisations")
FIXTURES = Path(__file__).parent / "fixtures" / "ptv" / "municipality"
FILES = [FIXTURES / "services.json", FIXTURES / "channels.json"]
ORG, KY = "a1a10000-0000-4000-8000-000000000001", "a1a10000-0000-4000-8000-000000000002"
VAKA, HOIVA = "5e1a0000-0000-4000-8000-000000000001", "5e1a0000-0000-4000-8000-000000000002"
KY_NAME = "Järvelän seudun sosiaali- ja terveyskuntayhtymä"
VAKA_LINKS = [("Responsible", "", "Järvelän kunta", {}), ("OtherResponsible", "", KY_NAME, {}),
              ("Producer", "SelfProducedServices", "Järvelän kunta", {}),
              ("Producer", "Other", "Päiväkoti Tenavat Oy", {"fi": "Palvelusetelituottaja"})]
HOIVA_LINKS = [("Responsible", "", KY_NAME, {}), ("OtherResponsible", "", "Järvelän kunta", {}),
               ("Producer", "ProcuredServices", "Hoivakoti Kuusela Oy", {}),
               ("Producer", "ProcuredServices", None,
                {"fi": "Muut kilpailutetut hoivakodit", "sv": "Andra upphandlade vårdhem"})]


def items():
    return json.loads(FILES[0].read_text(encoding="utf-8"))


# -- import ------------------------------------------------------------------------------------------

def test_import_keeps_every_organisation_and_voucher(municipality):
    report = import_ptv(municipality, FILES)

    assert report.skipped == []
    vaka = Service.all_objects.get(municipality=municipality, ptv_id=VAKA)
    assert links_of(vaka) == VAKA_LINKS
    assert links_of(Service.all_objects.get(municipality=municipality, ptv_id=HOIVA)) == HOIVA_LINKS
    # One record per organisation, shared by the services that name it.
    assert Organisation.all_objects.filter(municipality=municipality).count() == 4
    assert vaka.service_vouchers == [
        {"language": "fi", "name": "Päiväkoti Tenavat Oy", "url": "https://www.tenavat.example.fi",
         "info": "Palveluseteli käy kaikissa ryhmissä.", "order": 1},
        {"language": "fi", "name": "Palvelusetelin sääntökirja", "url": "https://www.jarvela.example.fi/palveluseteli",
         "info": "", "order": 2}]
    assert import_ptv(municipality, FILES).changed == 0


def test_import_never_blanks_out_a_name_in_another_language(municipality):
    Organisation.all_objects.create(municipality=municipality, ptv_id=KY, business_id="0199001-8",
                                    name={"fi": "Vanha nimi", "sv": "Samkommunen Järvelä", "en": "Järvelä authority"})
    municipality.ptv_organization_id = ORG
    municipality.save()

    import_ptv(municipality, FILES)

    joint = Organisation.all_objects.get(municipality=municipality, ptv_id=KY)
    assert joint.name == {"fi": KY_NAME, "sv": "Samkommunen Järvelä", "en": "Järvelä authority"}
    assert joint.business_id == "0199001-8" and not joint.is_municipality
    assert Organisation.all_objects.get(municipality=municipality, ptv_id=ORG).is_municipality


def test_unknown_role_and_provision_types_are_notes_not_failures(municipality):
    document = items()
    vaka = document["itemList"][0]
    vaka["organizations"][1]["roleType"] = "Sponsor"
    vaka["organizations"][3]["provisionType"] = "Lottery"
    vaka["organizations"].append({"organization": {"id": "not-a-uuid", "name": "X"}, "roleType": "Producer",
                                  "provisionType": "ProcuredServices", "additionalInformation": []})

    with translation.override("en"):
        report = import_ptv(municipality, document)
        notes = " ".join(str(note) for note in report.notes)

    assert report.skipped == []
    assert "unknown roleType “Sponsor”" in notes and "unknown provisionType “Lottery”" in notes
    assert "not-a-uuid" in notes
    service = Service.all_objects.get(municipality=municipality, ptv_id=VAKA)
    assert links_of(service) == [VAKA_LINKS[0], VAKA_LINKS[2], VAKA_LINKS[3][:1] + ("Other",) + VAKA_LINKS[3][2:]]


# -- the data migration of the old producer fields ---------------------------------------------------

def test_data_migration_turns_an_old_voucher_producer_into_links(municipality):
    with municipality_context(municipality):
        first, second, third = (ServiceFactory(municipality=municipality) for _ in range(3))
    private = {"fi": "Yksityiset päiväkodit", "sv": "Privata daghem"}

    link = MIGRATION.producer_to_links(apps, first, "voucher", private)
    MIGRATION.producer_to_links(apps, second, "voucher", private)

    first.refresh_from_db()
    assert first.vouchers_in_use
    assert links_of(first) == [("Producer", "VoucherServices", "Yksityiset päiväkodit", {})]
    assert link.organisation.name == private and not link.organisation.is_municipality
    assert second.organisation_links.get().organisation_id == link.organisation_id  # one record, shared

    municipality.ptv_organization_id = ORG
    municipality.save()
    own = MIGRATION.producer_to_links(apps, third, "own", {})
    assert (own.provision_type, own.organisation.is_municipality, str(own.organisation.ptv_id)) == (
        "SelfProducedServices", True, ORG)
    assert own.organisation.name == municipality.name


def test_data_migration_reads_an_imported_services_ptv_record(municipality):
    item = items()["itemList"][1]
    with municipality_context(municipality):
        service = ServiceFactory(municipality=municipality, ptv_id=item["id"], ptv_raw={"adapter": "v11", "item": item})

    MIGRATION.ptv_to_links(apps, service, item)

    assert links_of(service) == HOIVA_LINKS  # as the import makes them, so the export keeps the record


# -- administration -------------------------------------------------------------------------------------

def test_a_bad_business_id_is_refused_in_the_admin_with_a_message(client, municipality):
    user = UserFactory(username="toimittaja", is_staff=True)
    MembershipFactory(municipality=municipality, user=user, role=Role.CATALOGUE_EDITOR)
    client.force_login(user)
    url = reverse("admin:catalogue_organisation_add")
    form = {"name_fi": "Hoiva Oy", "name_sv": "", "name_en": "", "website": ""}

    response = client.post(url, {**form, "business_id": "1234567-8"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "Give the business ID as 1234567-8 with a valid check digit." in response.content.decode()
    assert not Organisation.all_objects.filter(municipality=municipality).exists()

    response = client.post(url, {**form, "business_id": "32219912"}, HTTP_ACCEPT_LANGUAGE="en")  # without the dash
    assert response.status_code == 302
    assert Organisation.all_objects.get(municipality=municipality).business_id == "3221991-2"


# -- the service's page and the API ----------------------------------------------------------------------

@pytest.fixture
def produced(municipality):
    """A service made by the municipality, bought from one company and offered with service vouchers."""
    cache.clear()
    with municipality_context(municipality):
        service = ServiceFactory(
            municipality=municipality, slug="yksityinen-vaka", vouchers_in_use=True,
            name={"fi": "Yksityinen varhaiskasvatus", "sv": "Privat småbarnspedagogik", "en": "Private day care"},
            service_vouchers=[
                {"language": "fi", "name": "Tenavien sivut", "url": "https://tenavat.example/", "info": "Kaksi ryhmää",
                 "order": 1},
                {"language": "sv", "name": "Tenavats sidor", "url": "https://tenavat.example/sv", "info": "", "order": 1}])
        city = Organisation.objects.create(name=municipality.name, is_municipality=True)
        joint = Organisation.objects.create(
            name={"fi": "Järvelän kuntayhtymä", "sv": "Samkommunen Järvelä", "en": "Järvelä joint authority"},
            website="https://kuntayhtyma.example/", ptv_id=KY)
        hoiva = Organisation.objects.create(name={"fi": "Hoiva Oy", "sv": "Hoiva Ab"}, business_id="3221991-2")
        tenavat = Organisation.objects.create(
            name={"fi": "Päiväkoti Tenavat Oy", "sv": "Daghemmet Tenavat Ab", "en": "Tenavat Day Care Ltd"})
        for order, (role, provision, org, info) in enumerate([
            ("Responsible", "", city, {}), ("OtherResponsible", "", joint, {}),
            ("Producer", "SelfProducedServices", city, {}), ("Producer", "ProcuredServices", hoiva, {}),
            ("Producer", "VoucherServices", tenavat, {}),
            ("Producer", "VoucherServices", None,
             {"fi": "Muut yksityiset päiväkodit", "sv": "Andra privata daghem", "en": "Other private day care centres"}),
        ]):
            ServiceOrganisation.objects.create(service=service, role=role, provision_type=provision, organisation=org,
                                               info=info, order=order)
    yield service
    cache.clear()


def producers_text(client, path):
    html = client.get(path).content.decode()
    start = html.index('<ul class="plain organisations">')
    return html[start:html.index("</dl>", start)]


def test_the_page_lists_responsible_organisations_and_producers_by_provision_type(client, produced):
    text = producers_text(client, "/esimerkki/en/palvelut/yksityinen-vaka/")

    assert 'Also responsible: <a href="https://kuntayhtyma.example/">Järvelä joint authority</a>' in text
    assert "Esimerkki" not in text  # the municipality as the responsible one goes without saying
    order = [text.index(s) for s in ("The municipality itself", "Purchased from:", "Service voucher producers:")]
    assert order == sorted(order)
    assert 'Purchased from: <span lang="fi">Hoiva Oy</span>' in text  # no English name: the Finnish one, marked
    assert "Service voucher producers: Tenavat Day Care Ltd, Other private day care centres" in text
    # No English vouchers: the Finnish list, marked as Finnish.
    assert '<ul class="vouchers" lang="fi">' in text
    assert '<a href="https://tenavat.example/">Tenavien sivut</a> – Kaksi ryhmää' in text


@pytest.mark.parametrize("lang,path,names", [
    ("fi", "/esimerkki/fi/palvelut/yksityinen-vaka/",
     ["Järvelän kuntayhtymä", "Päiväkoti Tenavat Oy, Muut yksityiset päiväkodit", ">Tenavien sivut</a>"]),
    ("sv", "/esimerkki/sv/tjanster/yksityinen-vaka/",
     ["Samkommunen Järvelä", "Daghemmet Tenavat Ab, Andra privata daghem", ">Tenavats sidor</a>", "Hoiva Ab"]),
])
def test_the_page_names_organisations_in_the_readers_language(client, produced, lang, path, names):
    text = producers_text(client, path)
    for name in names:
        assert name in text
    assert 'lang="fi"' not in text


def test_the_api_gives_organisations_and_vouchers(client, produced):
    data = client.get(f"/api/v1/esimerkki/services/{produced.public_id}/").json()

    assert data["organisations"][1] == {
        "role": "OtherResponsible", "provision_type": "",
        "organisation": {"ptv_id": KY, "name": {"fi": "Järvelän kuntayhtymä", "sv": "Samkommunen Järvelä",
                                                "en": "Järvelä joint authority"},
                         "business_id": "", "website": "https://kuntayhtyma.example/"},
        "additional_information": {}}
    assert [(o["role"], o["provision_type"]) for o in data["organisations"]] == [
        ("Responsible", ""), ("OtherResponsible", ""), ("Producer", "SelfProducedServices"),
        ("Producer", "ProcuredServices"), ("Producer", "VoucherServices"), ("Producer", "VoucherServices")]
    assert data["organisations"][3]["organisation"]["business_id"] == "3221991-2"
    assert data["organisations"][5]["organisation"] is None
    assert data["organisations"][5]["additional_information"]["en"] == "Other private day care centres"
    assert data["vouchers_in_use"] is True
    assert data["service_vouchers"] == [
        {"language": "fi", "name": "Tenavien sivut", "url": "https://tenavat.example/",
         "additional_information": "Kaksi ryhmää"},
        {"language": "sv", "name": "Tenavats sidor", "url": "https://tenavat.example/sv", "additional_information": ""}]


def test_an_editor_names_a_services_producers_in_the_admin(client, municipality):
    from ..core.test_admin import service_form

    user = UserFactory(username="toimittaja", is_staff=True)
    MembershipFactory(municipality=municipality, user=user, role=Role.CATALOGUE_EDITOR)
    client.force_login(user)
    with municipality_context(municipality):
        hoiva = Organisation.objects.create(name={"fi": "Hoiva Oy"})
    link = {"organisation_links-TOTAL_FORMS": "1", "organisation_links-0-role": "Producer",
            "organisation_links-0-organisation": str(hoiva.pk), "organisation_links-0-order": "0",
            "organisation_links-0-info_fi": "", "organisation_links-0-info_sv": "", "organisation_links-0-info_en": ""}
    url = reverse("admin:catalogue_service_add")

    refused = client.post(url, {**service_form(slug="hoiva"), **link, "organisation_links-0-provision_type": ""},
                          HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 200
    assert "Choose how the producer produces the service." in refused.content.decode()
    assert not Service.all_objects.filter(slug="hoiva").exists()  # nothing half-written

    saved = client.post(url, {**service_form(slug="hoiva"), **link,
                              "organisation_links-0-provision_type": "ProcuredServices"}, HTTP_ACCEPT_LANGUAGE="en")
    assert saved.status_code == 302
    assert links_of(Service.all_objects.get(slug="hoiva")) == [("Producer", "ProcuredServices", "Hoiva Oy", {})]
