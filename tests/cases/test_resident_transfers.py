"""What the resident sees when a case moves: the unit handling it, transfers with their reasons,
a hand-over to a partner with the partner's own instructions, sub-status texts, and the appeal
instructions under a decision."""

import pytest
from django.utils import translation
from django.utils.translation import gettext

from luukku.cases import services
from luukku.cases.models import DecisionTemplate, PartnerOrganisation, Status, SubStatus

from ..factories import MembershipFactory, UnitFactory, UserFactory
from ..privacy.helpers import lawful

pytestmark = pytest.mark.django_db


def url(path=""):
    return f"/esimerkki/fi/omat-asiat/{path}"


def fi(msgid, **params):
    with translation.override("fi"):
        return gettext(msgid) % params if params else gettext(msgid)


@pytest.fixture
def as_aino(client, aino):
    client.force_login(aino.user)
    return client


@pytest.fixture
def family_unit(municipality):
    unit = UnitFactory(municipality=municipality, slug="perhepalvelut", name={"fi": "Perhepalvelut",
                                                                            "sv": "Familjetjänster"})
    from luukku.core.models import Role

    MembershipFactory(municipality=municipality, user=UserFactory(username="perhe"), unit=unit,
                      role=Role.CASE_HANDLER)
    return unit


def test_transfer_shows_in_the_timeline_and_as_the_handling_unit(as_aino, aino, make_case, handler, unit,
                                                                 family_unit):
    case = make_case(aino)
    html = as_aino.get(url(f"{case.public_id}/")).content.decode()
    assert fi("Handling unit") in html and "Yksikkö varhaiskasvatus" in html
    services.transfer_to_unit(case, handler, family_unit, "Asia kuuluu perhepalveluille.")
    html = as_aino.get(url(f"{case.public_id}/")).content.decode()
    assert fi("Transferred to %(name)s", name="Perhepalvelut") + ": Asia kuuluu perhepalveluille." in html
    facts = html.split(fi("Handling unit"), 1)[1][:200]
    assert "Perhepalvelut" in facts
    listing = as_aino.get(url()).content.decode()
    assert f"{fi('Handling unit')}: Perhepalvelut" in listing


def test_hand_over_names_the_partner_with_its_instructions_and_the_reason(as_aino, aino, make_case, handler,
                                                                          municipality):
    partner = PartnerOrganisation.all_objects.create(
        municipality=municipality, name={"fi": "Esimerkin hyvinvointialue", "sv": "Exempel välfärdsområde"},
        business_id="3221990-4", email="kirjaamo@hva.example",
        resident_info={"fi": "Kysy asiasta hyvinvointialueen asiakasohjauksesta, puh. 0800 000 000."})
    case = make_case(aino)
    lawful(case.case_type)
    services.hand_over(case, handler, partner, "Asia kuuluu hyvinvointialueelle.")
    html = as_aino.get(url(f"{case.public_id}/")).content.decode()
    assert fi("Your case was transferred to %(name)s", name="Esimerkin hyvinvointialue") in html
    assert "Kysy asiasta hyvinvointialueen asiakasohjauksesta, puh. 0800 000 000." in html
    assert "Asia kuuluu hyvinvointialueelle." in html and "kirjaamo@hva.example" in html
    listing = as_aino.get(url()).content.decode()
    assert fi("Transferred to %(name)s", name="Esimerkin hyvinvointialue") in listing
    # In Swedish the partner's Swedish name; the Finnish-only instructions keep their own language.
    html = as_aino.get(f"/esimerkki/sv/omat-asiat/{case.public_id}/").content.decode()
    assert "Exempel välfärdsområde" in html and '<div lang="fi"><p>Kysy asiasta' in html


def test_sub_status_text_replaces_the_status_text(as_aino, aino, make_case, handler, case_type, municipality):
    sub = SubStatus.all_objects.create(
        municipality=municipality, case_type=case_type, status=Status.IN_HANDLING, code="odottaa-paikkaa",
        name={"fi": "Odottaa vapaata paikkaa"},
        resident_text={"fi": "Toivomassasi päiväkodissa ei ole nyt vapaata paikkaa."})
    silent = SubStatus.all_objects.create(municipality=municipality, case_type=case_type,
                                          status=Status.IN_HANDLING, code="suunnitteilla", name={"fi": "Suunnitteilla"})
    case = make_case(aino)
    services.claim(case, handler)
    services.change_status(case, Status.IN_HANDLING, by_user=handler, sub_status=sub)
    html = as_aino.get(url(f"{case.public_id}/")).content.decode()
    assert "Toivomassasi päiväkodissa ei ole nyt vapaata paikkaa." in html
    assert "Odottaa vapaata paikkaa" in html  # the step named in the timeline
    assert "Toivomassasi päiväkodissa" in as_aino.get(url()).content.decode()
    # A sub-status without a text of its own: the status's text is shown.
    services.change_status(case, Status.IN_HANDLING, by_user=handler, sub_status=silent)
    html = as_aino.get(url(f"{case.public_id}/")).content.decode()
    assert "Toivomassasi päiväkodissa" not in html.split('id="status-heading"')[1].split("</section>")[0]


def test_decision_shows_its_appeal_instructions_on_the_page(as_aino, aino, make_case, handler, case_type,
                                                            municipality):
    template = DecisionTemplate.all_objects.create(
        municipality=municipality, case_type=case_type, name={"fi": "Myönteinen"}, title={"fi": "Paikka myönnetty"},
        body={"fi": "Paikka alkaa {start}."},
        fields=[{"key": "start", "label": {"fi": "Alkaa"}, "type": "date", "required": True}],
        appeal_instructions={"fi": "Oikaisuvaatimus 30 päivän kuluessa lautakunnalle. Asia {reference}."})
    case = make_case(aino)
    services.decide_from_template(case, handler, template, {"start": "1.8.2026"}, "fi")
    html = as_aino.get(url(f"{case.public_id}/")).content.decode()
    decisions = html.split('id="decisions-heading"')[1].split('id="timeline-heading"')[0]
    assert "Paikka alkaa 1.8.2026." in decisions
    assert fi("Appeal instructions") in decisions
    assert f"Oikaisuvaatimus 30 päivän kuluessa lautakunnalle. Asia {case.reference}." in decisions
