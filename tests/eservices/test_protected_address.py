"""A protected address (turvakielto) never travels: a family of one protected guardian (Aino) and one
unprotected (Mikko), both guardians of Eero. Aino applies; Mikko, the handler, the receipt and decision
PDFs, the APIs and the hand-over package see that the address is protected, never the address."""

import datetime
import io
import json
import zipfile

import pytest
from django.test import Client

from luukku.cases import handover as package
from luukku.cases import services as case_services
from luukku.cases.models import Case, Handover, PartnerOrganisation
from luukku.core.models import Role
from luukku.eservices.models import Draft
from luukku.eservices.prefill import PROTECTED_ADDRESS
from luukku.people.models import Mandate, MandateKind
from tests.cases.pdftext import pdf_text

from ..factories import MembershipFactory, UserFactory
from .conftest import make_person, url
from .test_flow import fill_daycare, start_daycare

pytestmark = pytest.mark.django_db

SECRET = "Koivulantie 12 B 4"


@pytest.fixture
def protected_family(municipality, family):
    parent = family["parent"]
    parent.protected_address = True
    parent.save()
    mikko = make_person(municipality, "Mikko", "Asukas", datetime.date(1983, 11, 2),
                        user=UserFactory(username="mikko"), street_address="Pajutie 6", postal_code="41990",
                        post_office="Koivula")
    Mandate.all_objects.create(municipality=municipality, principal=family["child"], agent=mikko,
                               kind=MandateKind.GUARDIAN, valid_from=datetime.date(2022, 3, 14))
    return {**family, "mikko": mikko}


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _submitted_case(municipality, resident, family):
    draft = start_daycare(resident, municipality, family["child"])
    assert draft.data["applicant_address"] == PROTECTED_ADDRESS
    page3 = resident.get(url(municipality, "page", draft.public_id, 3, lang="en")).content.decode()
    assert SECRET not in page3 and "Protected address" in page3
    assert 'name="applicant_address__street"' not in page3  # nothing asked: the register has it
    fill_daycare(resident, municipality, draft, family["child"], urgent="no")
    review = resident.get(url(municipality, "review", draft.public_id, lang="en")).content.decode()
    assert SECRET not in review and "Protected address" in review
    assert resident.post(url(municipality, "review", draft.public_id), {"definition_version": "1"}).status_code == 302
    return Case.all_objects.get(draft=draft)


def test_the_prefill_never_copies_a_protected_address_and_the_other_guardian_never_sees_it(
        municipality, daycare, protected_family, resident):
    case = _submitted_case(municipality, resident, protected_family)
    assert case.data["applicant_address"] == PROTECTED_ADDRESS
    assert SECRET not in json.dumps(case.data)
    mikko = _client(protected_family["mikko"].user)
    page = mikko.get(f"/{municipality.slug}/en/omat-asiat/{case.public_id}/")
    assert page.status_code == 200
    assert SECRET not in page.content.decode() and "Protected address" in page.content.decode()
    api = mikko.get(f"/api/v1/{municipality.slug}/me/cases/{case.public_id}/", HTTP_ACCEPT_LANGUAGE="en")
    assert api.status_code == 200 and SECRET not in api.content.decode()
    address = next(a for a in api.json()["answers"] if a["key"] == "applicant_address")
    assert address["value"].startswith("Suojattu osoite") or address["value"].startswith("Protected address")
    receipt = mikko.get(f"/{municipality.slug}/fi/omat-asiat/{case.public_id}/kuitti.pdf")
    assert receipt.status_code == 200
    assert "Koivulantie" not in pdf_text(receipt.content)


def test_staff_pages_the_staff_api_and_the_hand_over_show_no_protected_address(
        municipality, daycare, protected_family, resident):
    case = _submitted_case(municipality, resident, protected_family)
    handler = UserFactory(username="kasittelija")
    MembershipFactory(municipality=municipality, user=handler, role=Role.CASE_HANDLER, unit=case.unit)
    staff = _client(handler)
    page = staff.get(f"/{municipality.slug}/en/virkailija/asiat/{case.public_id}/")
    assert page.status_code == 200 and SECRET not in page.content.decode()
    api = staff.get(f"/api/v1/{municipality.slug}/staff/cases/{case.public_id}/")
    assert api.status_code == 200 and SECRET not in api.content.decode()
    case_services.claim(case, handler)
    decision = case_services.decide(case, handler, "Päätös", "Myönnetään.", "fi")
    with decision.pdf.open("rb") as handle:
        assert "Koivulantie" not in pdf_text(handle.read())
    partner = PartnerOrganisation.all_objects.create(municipality=municipality, name={"fi": "Hyvinvointialue"})
    data, _manifest, _sha = package.build_package(
        case, Handover(municipality=municipality, case=case, partner=partner, reason="Testi"))
    archive = zipfile.ZipFile(io.BytesIO(data))
    doc = archive.read("case.json").decode()
    assert SECRET not in doc and json.loads(doc)["applicant"]["protected_address"] is True


def test_a_draft_begun_before_the_rule_loses_the_protected_address_when_it_becomes_a_case(
        municipality, daycare, protected_family, resident):
    draft = start_daycare(resident, municipality, protected_family["child"])
    # As drafts prefilled before the fix hold it; and an address typed in by hand is caught the same way.
    Draft.all_objects.filter(pk=draft.pk).update(data={
        **draft.data, "applicant_address": {"street": SECRET, "postal_code": "41990", "post_office": "Koivula"}})
    fill_daycare(resident, municipality, draft, protected_family["child"], urgent="no")
    resident.post(url(municipality, "review", draft.public_id), {"definition_version": "1"})
    case = Case.all_objects.get(draft=draft)
    assert case.data["applicant_address"] == PROTECTED_ADDRESS and SECRET not in json.dumps(case.data)


def test_an_unprotected_address_is_still_prefilled(municipality, daycare, family, resident):
    draft = start_daycare(resident, municipality, family["child"])
    assert draft.data["applicant_address"] == {"street": SECRET, "postal_code": "41990", "post_office": "Koivula"}


def test_the_migration_scrubs_protected_addresses_from_cases_already_submitted(
        municipality, daycare, protected_family, resident):
    import importlib

    from django.apps import apps

    scrub = importlib.import_module("luukku.cases.migrations.0008_scrub_protected_addresses_from_answers").scrub
    case = _submitted_case(municipality, resident, protected_family)
    leaked = {**case.data, "applicant_address": {"street": SECRET, "postal_code": "41990", "post_office": "Koivula"}}
    Case.all_objects.filter(pk=case.pk).update(data=leaked)  # as cases submitted before the fix hold it
    scrub(apps, None)
    case.refresh_from_db()
    assert case.data["applicant_address"] == PROTECTED_ADDRESS and SECRET not in json.dumps(case.data)
    assert case.data["applicant_name"] == leaked["applicant_name"]  # the other answers stay as they were
