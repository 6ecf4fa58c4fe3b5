"""A service page has one primary action: the in-app e-service when there is one, else the external
one; external links are secondary and say (in words, with an icon that has a name) that they open
another site. A resident with an open offer for the service is told they need not apply. English
pages (/en/): the text does not depend on compiled translations."""

import re

import pytest
from django.core.cache import cache

from luukku.catalogue.models import ChannelKind
from luukku.eservices.models import CaseType
from luukku.proactive import services
from luukku.proactive.models import Offer

from ..cases.conftest import make_person
from ..factories import ChannelFactory, ServiceFactory, UserFactory
from ..proactive.conftest import (  # noqa: F401
    SOUTH_HOME,
    campaign,
    change_type,
    education,
    family,
    frozen_today,
    places,
    rule,
)

pytestmark = pytest.mark.django_db
PAGE = "/esimerkki/en/palvelut/esiopetus/"


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()  # anonymous pages are cached; each test builds its own catalogue
    yield
    cache.clear()


@pytest.fixture
def service(municipality):
    service = ServiceFactory(municipality=municipality, slug="esiopetus", name={"fi": "Esiopetus", "en": "Preschool"})
    service.channels.add(ChannelFactory(municipality=municipality, kind=ChannelKind.E_SERVICE, name={"fi": "Wilma"},
                                        urls={"fi": "https://wilma.example/", "en": "https://wilma.example/"}))
    return service


@pytest.fixture
def in_app(municipality, service, education):
    return CaseType.all_objects.create(municipality=municipality, slug="esiopetushakemus", service=service,
                                       unit=education, name={"fi": "Esiopetushakemus", "en": "Preschool application"},
                                       sla_days=10, who_may_apply="either")


def primary(html: str) -> list[str]:
    return re.findall(r'<a class="button button-primary[^"]*" href="([^"]+)"', html)


def test_without_an_in_app_e_service_the_external_one_is_primary_and_says_it_is_external(client, service):
    html = client.get(PAGE).content.decode()
    assert primary(html) == ["https://wilma.example/"]
    assert "The e-service is on another site." in html
    assert 'role="img" aria-label="opens another site"' in html


def test_the_in_app_e_service_is_the_one_primary_action_and_the_external_one_is_secondary(client, service, in_app):
    html = client.get(PAGE).content.decode()
    assert primary(html) == ["/esimerkki/en/asiointi/esiopetushakemus/"]
    assert "Apply online: Preschool application" in html
    external = html.split('class="link-list secondary-actions"', 1)[1].split("</ul>", 1)[0]
    assert 'href="https://wilma.example/"' in external and 'aria-label="opens another site"' in external


@pytest.fixture
def offered(municipality, rule, service, in_app, campaign):
    rule.service = service
    rule.save()
    fam = family(municipality, "Virtanen", SOUTH_HOME)
    services.run(campaign)
    fam["offer"] = Offer.all_objects.get(person=fam["children"][0])
    return fam


def test_a_guardian_with_an_open_offer_is_told_not_to_apply_and_gets_the_offer_as_the_primary_action(client,
                                                                                                       offered):
    client.force_login(offered["guardians"][0].user)
    html = client.get(PAGE).content.decode()
    offer_url = f"/esimerkki/en/tarjoukset/{offered['offer'].public_id}/"
    assert "data-offer-notice" in html and "You don't need to apply" in html
    assert "Lapsi1 Toinen Virtanen has an offer for this service." in html
    assert primary(html) == [offer_url]  # applying is still possible, but no longer the primary action
    assert "To apply for someone else, use the e-service:" in html


def test_the_notice_goes_once_the_offer_is_answered_and_strangers_never_see_it(client, municipality, offered):
    first, offer = offered["guardians"][0], offered["offer"]
    stranger = make_person(municipality, "Bertil", "Björkman", user=UserFactory(username="bertil"))
    client.force_login(stranger.user)
    assert "data-offer-notice" not in client.get(PAGE).content.decode()
    services.answer(offer, by_person=first, action="accept", version=offer.version)
    client.force_login(first.user)
    html = client.get(PAGE).content.decode()
    assert "data-offer-notice" not in html and len(primary(html)) == 1
