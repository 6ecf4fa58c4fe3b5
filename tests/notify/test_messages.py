"""What a notification says: per kind, in the person's language, naming the case reference, the
case type (and the new unit or partner organisation), what to do and the link to My cases; never
the decision, the answers, the handler's text or an address."""

import pytest

from luukku.cases import services as cases
from luukku.cases.models import PartnerOrganisation, Status
from luukku.core.models import Domain
from luukku.notify import messages
from luukku.notify.models import Notification

from ..factories import UnitFactory
from .conftest import choose

pytestmark = pytest.mark.django_db

WHAT_TO_DO = {
    "case.submitted": "You do not need to do anything now",
    "case.information_requested": "Read the request and answer it in My cases",
    "case.reminder": "Answer the request in My cases",
    "case.message": "Read the message in My cases",
    "case.decided": "Read the decision and the instructions for appeal in My cases",
    "case.closed": "You can still read the case in My cases",
    "case.withdrawn": "If you did not withdraw it yourself, contact us",
    "case.transferred_to_unit": "You can see the reason in My cases",
    "case.transferred": "My cases tells you how to reach them",
}


@pytest.fixture
def case(aino, make_case):
    aino.street_address, aino.postal_code, aino.post_office = "Kotikatu 3 A 1", "01999", "Koivula"
    aino.save()
    return make_case(aino)


@pytest.mark.parametrize("kind", sorted(WHAT_TO_DO))
def test_every_kind_names_the_case_and_says_what_to_do(kind, case, aino):
    subject, body, link = messages.render(kind, person=aino, case=case, language="en", context={})
    assert subject.startswith("Example: ") and case.reference in subject
    assert case.reference in body and "Early childhood application" in body
    assert WHAT_TO_DO[kind] in body
    assert link == f"/esimerkki/en/omat-asiat/{case.public_id}/"
    assert f"http://127.0.0.1:8000{link}" in body
    assert "Kotikatu" not in body + subject and "01999" not in body


def test_a_transfer_to_another_unit_names_the_new_unit(case, aino, handler, municipality):
    other = UnitFactory(municipality=municipality, slug="tekniikka", name={"fi": "Kuntatekniikka",
                                                                          "en": "Municipal engineering"})
    cases.transfer_to_unit(case, handler, other, "Kuuluu tekniikalle")
    notification = Notification.all_objects.get(case=case, kind="case.transferred_to_unit")
    assert "Kuntatekniikka" in notification.subject and "Kuntatekniikka" in notification.body
    assert "Kuuluu tekniikalle" not in notification.body  # the reason is read behind the login


def test_a_hand_over_names_the_partner_organisation(case, aino, municipality):
    partner = PartnerOrganisation.all_objects.create(municipality=municipality, name={"fi": "Hyvinvointialue",
                                                                                      "sv": "Välfärdsområdet"})
    case.handed_over_to = partner
    subject, body, _link = messages.render("case.transferred", person=aino, case=case, language="sv", context={})
    assert "Välfärdsområdet" in subject and "Välfärdsområdet" in body
    assert "/esimerkki/sv/omat-asiat/" in body


def test_the_decision_and_the_answers_never_go_out(case, aino, handler):
    cases.change_status(case, Status.IN_HANDLING, by_user=handler)
    cases.request_information(case, handler, "Tarvitsemme-palkkatodistuksen-77")
    cases.send_message(case, by_user=handler, body="Handler-message-text-31")
    decided = cases.decide(case, handler, "Decision-title-88", "Decision-body-88: granted", "fi")
    assert decided
    texts = " ".join(n.subject + n.body for n in Notification.all_objects.filter(case=case))
    assert {n.kind for n in Notification.all_objects.filter(case=case)} >= {
        "case.submitted", "case.information_requested", "case.message", "case.decided"}
    for secret in ("Tarvitsemme-palkkatodistuksen-77", "Handler-message-text-31", "Decision-title-88",
                   "Decision-body-88", "2026-08-01", "Kotikatu", aino.hetu):
        assert secret not in texts


def test_the_person_s_chosen_language_and_the_municipality_s_own_host(case, aino, municipality):
    Domain.objects.create(host="asiointi.esimerkki.fi", municipality=municipality)
    choose(aino, "email", language="sv")
    cases.withdraw(case, aino, "")
    notification = Notification.all_objects.get(case=case, kind="case.withdrawn")
    assert notification.language == "sv"
    assert notification.link == f"/esimerkki/sv/omat-asiat/{case.public_id}/"
    assert f"https://asiointi.esimerkki.fi{notification.link}" in notification.body
    assert "Ansökan om småbarnspedagogik" in notification.body  # the case type in Swedish


def test_a_language_the_municipality_does_not_offer_falls_back(case, aino, municipality):
    municipality.languages = ["fi", "sv"]
    municipality.save()
    choose(aino, "email", language="en")
    cases.withdraw(case, aino, "")
    assert Notification.all_objects.get(case=case, kind="case.withdrawn").language == "fi"
