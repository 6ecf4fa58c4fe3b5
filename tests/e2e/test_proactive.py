"""Issue 6 in a real browser: the manager previews the demo's preschool campaign and runs it; Aino
accepts the place offered to Helmi from My cases; another guardian asks for a change, which lands in
the early-education unit's queue, where the handler takes it. axe-core checks every page."""

import pytest
from django.contrib.auth import get_user_model

from luukku.cases.models import Case
from luukku.people.models import Person
from luukku.people.services import link_user
from luukku.proactive import services, telling
from luukku.proactive.models import Campaign, CampaignStatus, Offer, OfferStatus

from .helpers import Checker, login, press

pytestmark = pytest.mark.browser


def test_a_campaign_is_previewed_run_accepted_and_a_change_is_handled(live_server, browser, demo):
    base = f"{live_server.url}/{demo.slug}/fi"
    campaign = Campaign.all_objects.get(municipality=demo, rule__slug="esiopetus", status=CampaignStatus.DRAFT)

    # The manager previews the run, then starts it; the worker's run is done here in the test.
    manager = login(browser, base, "johtaja")
    mcheck = Checker(manager)
    manager.goto(f"{base}/virkailija/ennakoivat/")
    mcheck("proactive services")
    press(manager, f"a[href*='{campaign.public_id}']")
    mcheck("campaign: dry run")
    assert manager.locator("#start-form").count() == 1
    manager.locator("#start-confirm").check()
    press(manager, "#start-form button[type=submit]")
    mcheck("campaign: running")
    assert manager.locator("#run-progress").count() == 1
    created = services.run(campaign)
    assert created > 100
    manager.reload()
    mcheck("campaign: done, figures")
    assert Campaign.all_objects.get(pk=campaign.pk).status == CampaignStatus.DONE

    # Aino finds Helmi's offer in My cases and accepts it in one step.
    helmi = Offer.all_objects.get(campaign=campaign, person__first_names="Helmi Sofia", person__last_name="Asukas")
    aino = login(browser, base, "asukas")
    acheck = Checker(aino)
    aino.goto(f"{base}/omat-asiat/")
    acheck("My cases with the offer")
    press(aino, f"a[href*='/tarjoukset/{helmi.public_id}/']")
    acheck("offer")
    press(aino, f"form[action*='{helmi.public_id}'] button.button-primary")
    acheck("offer, accepted")
    helmi.refresh_from_db()
    assert helmi.status == OfferStatus.ACCEPTED and helmi.answered_by.user.username == "asukas"

    # A guardian of another child asks for a change.
    other = (Offer.all_objects.filter(campaign=campaign, status=OfferStatus.OFFERED, needs_letter=False,
                                      person__protected_address=False).exclude(pk=helmi.pk).order_by("id").first())
    guardian = telling.recipients_of(other)[0]
    user = get_user_model().objects.create_user("e2e-huoltaja", password="Koivula-e2e-huoltaja-2026")
    link_user(Person.all_objects.get(pk=guardian.pk), user)
    parent = login(browser, base, "e2e-huoltaja")
    pcheck = Checker(parent)
    parent.goto(f"{base}/tarjoukset/{other.public_id}/")
    pcheck("offer of another family")
    press(parent, f"a[href*='/tarjoukset/{other.public_id}/muutos/']")
    pcheck("change form")
    parent.locator("select[name=wished_unit]").select_option(index=1)
    parent.locator("textarea[name=reason]").fill("Isovanhemmat asuvat toisen koulun vieressä ja hakevat lapsen.")
    press(parent, "form[action*='/muutos/'] button[type=submit]")
    pcheck("offer, change requested")
    other.refresh_from_db()
    assert other.status == OfferStatus.CHANGE_REQUESTED and other.change_case is not None

    # The early-education handler finds the request on the follow-up list and takes the case.
    handler = login(browser, base, "kasittelija")
    hcheck = Checker(handler)
    handler.goto(f"{base}/virkailija/ennakoivat/kampanjat/{campaign.public_id}/seuranta/muutospyynnot/")
    hcheck("change requests")
    press(handler, f"a[href*='{other.change_case.public_id}']")
    hcheck("change request case")
    press(handler, "#claim-form button[type=submit]")
    case = Case.all_objects.get(pk=other.change_case_id)
    assert case.assignee is not None and case.assignee.username == "kasittelija"

    failures = mcheck.failures + acheck.failures + pcheck.failures + hcheck.failures
    assert not failures, "\n\n".join(failures)
