"""Consents: the resident gives and revokes them on a page in My cases; a hand-over to a partner
checks a consent or a recorded legal basis at that moment and logs the disclosure with its purpose
and basis; without either it is refused with a clear message, and nothing is handed over."""

import html as htmllib

import pytest
from django.utils import translation
from django.core.exceptions import ValidationError

from luukku.cases import services
from luukku.cases.models import Case, Handover, PartnerOrganisation, Status
from luukku.core.models import AuditEvent
from luukku.privacy import consents
from luukku.privacy.models import Consent, Disclosure

from ..cases.staff_helpers import case_url, handler_named  # noqa: F401
from .helpers import lawful

pytestmark = pytest.mark.django_db
ALL = ["identity", "contact", "case", "decisions"]


def page(lang="fi"):
    return f"/esimerkki/{lang}/omat-asiat/suostumukset/"


def text(response):
    return htmllib.unescape(response.content.decode())


@pytest.fixture
def county(municipality):
    return PartnerOrganisation.all_objects.create(
        municipality=municipality, name={"fi": "Esimerkin hyvinvointialue", "sv": "Exempel välfärdsområde",
                                         "en": "Example wellbeing county"})


@pytest.fixture
def foreign_partner(other_municipality):
    return PartnerOrganisation.all_objects.create(municipality=other_municipality, name={"fi": "Vieras alue"})


@pytest.mark.parametrize("lang, name, purpose", [
    ("fi", "Esimerkin hyvinvointialue", "case_handling"),
    ("sv", "Exempel välfärdsområde", "service_coordination"),
    ("en", "Example wellbeing county", "case_handling"),
])
def test_resident_gives_and_revokes_a_consent(client, aino, county, lang, name, purpose):
    client.force_login(aino.user)
    assert name in text(client.get(page(lang)))
    response = client.post(page(lang), {"partner": str(county.public_id), "categories": ["contact", "case"],
                                        "purpose": purpose})
    assert response.status_code == 302
    consent = Consent.all_objects.get(person=aino)
    assert (consent.partner, consent.purpose, consent.categories) == (county, purpose, ["case", "contact"])
    assert consent.revoked_at is None
    assert client.post(page(lang) + f"{consent.public_id}/peru/").status_code == 302
    consent.refresh_from_db()
    assert consent.revoked_at is not None


@pytest.mark.parametrize("partner", ["", "not-a-uuid", "00000000-0000-0000-0000-000000000000", "foreign"])
def test_consent_for_an_unknown_organisation_saves_nothing_and_keeps_the_choices(client, aino, county,
                                                                               foreign_partner, partner):
    client.force_login(aino.user)
    value = str(foreign_partner.public_id) if partner == "foreign" else partner
    response = client.post(page("en"), {"partner": value, "categories": ["contact"], "purpose": "case_handling"})
    body = text(response)
    assert response.status_code == 400 and "Choose one of the organisations in the list." in body
    assert 'value="contact" id="id_categories_1" checked' in body
    assert 'value="case_handling" id="id_purpose_0" checked' in body
    assert not Consent.all_objects.exists()


def test_consent_without_data_or_purpose_is_refused(client, aino, county):
    client.force_login(aino.user)
    r = client.post(page("en"), {"partner": str(county.public_id), "purpose": "case_handling"})
    assert r.status_code == 400 and "Choose at least one kind of data from the list." in text(r)
    r = client.post(page("en"), {"partner": str(county.public_id), "categories": ["case"], "purpose": "selling"})
    assert r.status_code == 400 and "Choose the purpose from the list." in text(r)
    assert not Consent.all_objects.exists()


def test_nobody_else_sees_or_revokes_a_consent(client, aino, bertil, county):
    consent = consents.give(aino, county.public_id, ALL, "case_handling")
    client.force_login(bertil.user)
    assert client.post(page() + f"{consent.public_id}/peru/").status_code == 404
    assert "Esimerkin hyvinvointialue</h3>" not in text(client.get(page()))
    consent.refresh_from_db()
    assert consent.revoked_at is None


def test_hand_over_without_consent_or_basis_is_refused(aino, make_case, handler, county):
    case = make_case(aino)
    with pytest.raises(ValidationError) as refused, translation.override("en"):
        services.hand_over(case, handler, county, "Kuuluu hyvinvointialueelle.")
    assert refused.value.code == "no_consent" and "Aino Asukas has not consented" in str(refused.value.messages[0])
    fresh = Case.all_objects.get(pk=case.pk)
    assert fresh.status != Status.TRANSFERRED and fresh.handed_over_to is None
    assert not Handover.all_objects.exists() and not Disclosure.all_objects.exists()


def test_the_handler_sees_the_refusal_on_the_case_page(client, aino, make_case, handler_named, county):
    case = make_case(aino)
    client.force_login(handler_named)
    response = client.post(case_url(case, "luovutus/"), {"partner": str(county.public_id), "reason": "County's task"})
    assert response.status_code == 400
    assert "Aino Asukas has not consented to sharing this data with Example wellbeing county" in text(response)
    assert 'County&#x27;s task' in response.content.decode() or "County's task" in text(response)
    assert not Handover.all_objects.exists()


def test_hand_over_with_consent_logs_the_purpose_and_the_consent(aino, make_case, handler, county):
    consent = consents.give(aino, county.public_id, ALL, "case_handling")
    case = make_case(aino)
    handover = services.hand_over(case, handler, county, "Kuuluu hyvinvointialueelle.")
    disclosure = Disclosure.all_objects.get(case=case)
    assert (disclosure.consent, disclosure.law, disclosure.purpose, disclosure.channel) == \
        (consent, "", "case_handling", "handover")
    audit = AuditEvent.all_objects.get(action="data.disclosed")
    assert audit.subject_id == aino.public_id and audit.actor == handler
    assert audit.purpose == f"case_handling; consent:{consent.public_id}"
    assert handover.partner == county


def test_a_partial_or_revoked_consent_is_not_enough(aino, make_case, handler, county):
    partial = consents.give(aino, county.public_id, ["case", "decisions"], "case_handling")
    other_purpose = consents.give(aino, county.public_id, ALL, "service_coordination")
    case = make_case(aino)
    with pytest.raises(ValidationError):
        services.hand_over(case, handler, county, "x")
    full = consents.give(aino, county.public_id, ALL, "case_handling")
    consents.revoke(full)
    with pytest.raises(ValidationError):
        services.hand_over(case, handler, county, "x")
    assert partial and other_purpose and not Handover.all_objects.exists()


def test_a_legal_basis_of_the_case_type_needs_no_consent_and_is_logged(aino, make_case, handler, county, case_type):
    lawful(case_type, law="Sosiaalihuoltolaki 41 §")
    case = make_case(aino)
    services.hand_over(case, handler, county, "Kuuluu hyvinvointialueelle.")
    disclosure = Disclosure.all_objects.get(case=case)
    assert disclosure.consent is None and disclosure.law == "Sosiaalihuoltolaki 41 §"
    assert AuditEvent.all_objects.get(action="data.disclosed").purpose == "case_handling; law:Sosiaalihuoltolaki 41 §"


def test_a_basis_for_another_partner_does_not_apply(aino, make_case, handler, county, case_type, municipality):
    other = PartnerOrganisation.all_objects.create(municipality=municipality, name={"fi": "Toinen"})
    lawful(case_type, partner=other)
    with pytest.raises(ValidationError):
        services.hand_over(make_case(aino), handler, county, "x")


def test_a_guardian_consents_for_a_child_and_the_hand_over_of_the_childs_case_goes(client, aino, child, bertil,
                                                                                  make_case, handler, county):
    client.force_login(aino.user)
    assert "Eetu Asukas" in text(client.get(page("en")))
    response = client.post(page("en"), {"for_whom": str(child.public_id), "partner": str(county.public_id),
                                        "categories": ALL, "purpose": "case_handling"})
    assert response.status_code == 302
    consent = Consent.all_objects.get(person=child)
    assert consent.given_by == aino
    services.hand_over(make_case(aino, child), handler, county, "Kuuluu hyvinvointialueelle.")
    assert Disclosure.all_objects.get().consent == consent
    # Someone who is not the child's guardian can neither give nor revoke it.
    client.force_login(bertil.user)
    refused = client.post(page("en"), {"for_whom": str(child.public_id), "partner": str(county.public_id),
                                       "categories": ALL, "purpose": "case_handling"})
    assert refused.status_code == 400 and "Choose for whom you give the consent." in text(refused)
    assert client.post(page("en") + f"{consent.public_id}/peru/").status_code == 404
    assert Consent.all_objects.count() == 1 and Consent.all_objects.get().revoked_at is None
