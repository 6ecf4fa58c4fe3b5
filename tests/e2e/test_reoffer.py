"""Issue 14, points 8 and 9 in a real browser: in the demo's preschool campaign a Swedish-speaking
family finds its child offered the Swedish-language school and accepts it; a Finnish-speaking
family asks for a change, the early-education handler opens the request from its case, offers
another unit with room, and the family accepts the new offer. axe-core checks every page."""

import pytest
from django.contrib.auth import get_user_model

from luukku.people.models import Person
from luukku.people.services import link_user
from luukku.proactive import selectors, services, telling
from luukku.proactive.models import Campaign, Offer, OfferStatus

from .helpers import Checker, login, press

pytestmark = pytest.mark.browser


def _guardian_login(browser, base, offer, username):
    """A guardian of the offer's child with an account of their own, logged in."""
    guardian = telling.recipients_of(offer)[0]
    password = f"Koivula-{username}-2026"
    user = get_user_model().objects.create_user(username, password=password)
    link_user(Person.all_objects.get(pk=guardian.pk), user)
    return login(browser, base, username, password)


def _open(offers):
    return (offers.filter(status=OfferStatus.OFFERED, needs_letter=False, person__protected_address=False)
            .select_related("placement_unit", "rule").order_by("id"))


def test_a_swedish_family_gets_a_swedish_unit_and_a_change_request_is_reoffered_and_accepted(
        live_server, browser, demo):
    base = f"{live_server.url}/{demo.slug}/fi"
    campaign = Campaign.all_objects.get(municipality=demo, rule__slug="esiopetus")
    assert services.run(campaign) > 100
    offers = Offer.all_objects.filter(campaign=campaign)

    # A Swedish-speaking family: the child's place is at the Swedish-language school; they accept it.
    svensk = _open(offers).filter(person__language="sv").first()
    assert svensk.placement_unit.language == "sv"
    family = _guardian_login(browser, f"{live_server.url}/{demo.slug}/sv", svensk, "e2e-svensk")
    scheck = Checker(family)
    family.goto(f"{live_server.url}/{demo.slug}/sv/tarjoukset/{svensk.public_id}/")
    scheck("offer in Swedish")
    assert "Björkby svenska skola, förskola" in family.locator("main").inner_text()
    press(family, f"form[action*='{svensk.public_id}'] button.button-primary")
    scheck("offer accepted")
    svensk.refresh_from_db()
    assert svensk.status == OfferStatus.ACCEPTED and svensk.placement_unit.language == "sv"

    # A Finnish-speaking family asks for a change; the form lists the Swedish school, labelled.
    offer = _open(offers).filter(person__language="fi").first()
    parent = _guardian_login(browser, base, offer, "e2e-muutos")
    pcheck = Checker(parent)
    parent.goto(f"{base}/tarjoukset/{offer.public_id}/muutos/")
    pcheck("change form")
    choices = parent.locator("select[name=wished_unit]").inner_text()
    assert "Björkby svenska skola, esiopetus (ruotsinkielinen)" in choices
    parent.locator("textarea[name=reason]").fill("Sisarus on toisessa koulussa.")
    press(parent, "form[action*='/muutos/'] button[type=submit]")
    pcheck("offer, change requested")
    offer.refresh_from_db()
    assert offer.status == OfferStatus.CHANGE_REQUESTED
    first_unit = offer.placement_unit

    # The handler opens the case, follows its link to the offer and offers a unit with room.
    handler = login(browser, base, "kasittelija")
    hcheck = Checker(handler)
    handler.goto(f"{base}/virkailija/asiat/{offer.change_case.public_id}/")
    hcheck("change request case")
    press(handler, "a.case-link")
    hcheck("offer and units with room")
    free = selectors.free_places(selectors.change_units(offer))
    target = next(u for u in selectors.change_units(offer)
                  if u.pk != first_unit.pk and u.language == "fi" and free[u.pk] > 0)
    handler.locator("#reoffer-unit").select_option(str(target.public_id))
    handler.locator("#reoffer-note").fill("Sisaruksen koulussa vapautui paikka.")
    press(handler, "#reoffer-form button[type=submit]")
    hcheck("offer re-offered")
    offer.refresh_from_db()
    assert (offer.status, offer.placement_unit_id) == (OfferStatus.OFFERED, target.pk)
    assert offer.change_case.status == "decided"
    assert "Sisaruksen koulussa vapautui paikka." in handler.locator("#offer-history").inner_text()

    # The family sees the new place and the step in the history, and accepts it as the first.
    parent.goto(f"{base}/tarjoukset/{offer.public_id}/")
    pcheck("new offer")
    main = parent.locator("main").inner_text()
    assert target.name["fi"] in main and "Sisaruksen koulussa vapautui paikka." in main
    press(parent, f"form[action*='{offer.public_id}'] button.button-primary")
    pcheck("new offer accepted")
    offer.refresh_from_db()
    assert (offer.status, offer.placement_unit_id) == (OfferStatus.ACCEPTED, target.pk)

    failures = scheck.failures + pcheck.failures + hcheck.failures
    assert not failures, "\n\n".join(failures)
