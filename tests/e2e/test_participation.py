"""Issue 17 point 7 in a real browser: a resident finds the budget from "Take part" and proposes (a
place chosen on the map, an image with its text); the manager screens and costs it and makes a plan
of it; residents vote under the knapsack rule (a ballot over the amount is refused with the choices
kept); after the closing the manager publishes the results, which the public page shows, and the
plan's page shows its follow-up. axe-core checks every page."""

import datetime as dt

import pytest

from luukku.core import clock
from luukku.participation import services
from luukku.participation.models import Area, Ballot, Budget, Plan, Proposal, ProposalStatus
from luukku.people.models import Person

from ..photos import jpeg_with_gps
from .helpers import Checker, login, press

pytestmark = pytest.mark.browser


def _dates(budget, **fields):
    Budget.all_objects.filter(pk=budget.pk).update(**fields)


def test_propose_screen_cost_plan_vote_and_publish(live_server, browser, demo):
    base = f"{live_server.url}/{demo.slug}/fi"
    today, now = clock.today(), clock.now()
    budget = Budget.all_objects.create(
        municipality=demo, slug="omakunta", title="OmaKunta 2026", informing_starts=today - dt.timedelta(days=5),
        proposals_starts=today, screening_starts=today + dt.timedelta(days=10),
        voting_starts=now + dt.timedelta(days=20), voting_ends=now + dt.timedelta(days=30),
        results_starts=today + dt.timedelta(days=31), follow_up_starts=today + dt.timedelta(days=60),
        threshold_percent=30, minimum_age=12)
    whole = Area.all_objects.create(municipality=demo, budget=budget, name="Koko kunta", is_whole=True, amount=100_000)
    Area.all_objects.create(municipality=demo, budget=budget, name="Keskusta", amount=40_000)
    skatepark = Plan.all_objects.create(municipality=demo, budget=budget, area=whole, title="Skeittipuisto",
                                        price=70_000)

    resident = login(browser, base, "asukas")
    check = Checker(resident)
    resident.goto(f"{base}/")
    press(resident, f".main-nav a[href='/{demo.slug}/fi/osallistu/']")
    assert resident.locator("[data-budget=omakunta]").count() == 1
    check("take part")
    press(resident, "[data-budget=omakunta] h3 a")
    check("budget: proposals phase")
    press(resident, "#now a.button")
    check("propose")
    resident.locator("#area").select_option(str(whole.pk))
    resident.locator("#title").fill("Valaistus rantapolulle")
    resident.locator("#address").fill("Rantapolku")
    resident.locator("#use-map-centre").click()  # the map (JavaScript) fills the hidden coordinates
    assert resident.locator("#id_latitude").input_value() != ""
    resident.locator("#image-1").set_input_files(
        {"name": "polku.jpg", "mimeType": "image/jpeg", "buffer": jpeg_with_gps()})
    resident.locator("#image-1-alt").fill("Pimeä rantapolku illalla")
    check("propose: a place and an image")
    press(resident, "#propose-form button[type=submit]")
    assert resident.locator("#errors").count() == 1  # the text left out: said, the title kept
    assert resident.locator("#title").input_value() == "Valaistus rantapolulle"
    assert resident.locator("#address").input_value() == "Rantapolku"
    check("propose: an error")
    resident.locator("#text").fill("Rantapolku on pimeä iltaisin.")
    resident.locator("#image-1").set_input_files(
        {"name": "polku.jpg", "mimeType": "image/jpeg", "buffer": jpeg_with_gps()})
    press(resident, "#propose-form button[type=submit]")
    image = resident.locator("img.proposal-image")
    assert image.get_attribute("alt") == "Pimeä rantapolku illalla"
    image.scroll_into_view_if_needed()  # the image loads lazily: only once it is near the viewport
    resident.wait_for_function(  # served and decoded
        "() => { const img = document.querySelector('img.proposal-image'); "
        "return img && img.complete && img.naturalWidth > 0; }", timeout=15000)
    assert resident.locator("#proposal-map .leaflet-marker-icon").count() == 1
    check("proposal with an image and a place")
    proposal = Proposal.all_objects.get(budget=budget)
    assert proposal.address == "Rantapolku" and proposal.latitude is not None

    _dates(budget, screening_starts=today)
    manager = login(browser, base, "johtaja")
    mcheck = Checker(manager)
    manager.goto(f"{base}/virkailija/osallistuva-budjetointi/omakunta/")
    mcheck("staff: budget")
    row = f"tr[data-proposal='{proposal.public_id}']"
    press(manager, f"{row} button[value=feasible]")
    manager.locator(f"#price-{proposal.pk}").fill("35 000")
    manager.locator(f"#expl-{proposal.pk}").fill("Kaksitoista valaisinta ja kaapelointi.")
    press(manager, f"{row} button[value=cost]")
    manager.locator("#plan-title").fill("Valaistu rantapolku")
    manager.locator("#plan-area").select_option(str(whole.pk))
    manager.locator("#plan-price").fill("35000")
    manager.locator(f"#merge-{proposal.pk}").check()
    press(manager, "#plan-form button[type=submit]")
    mcheck("staff: a plan made")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.MERGED
    lights = proposal.plan

    _dates(budget, voting_starts=clock.now() - dt.timedelta(hours=1))
    resident.goto(f"{base}/osallistuva-budjetointi/omakunta/aanesta/")
    check("vote")
    resident.locator(f"#plan-{skatepark.pk}").check()
    resident.locator(f"#plan-{lights.pk}").check()
    press(resident, "button[name=check]")
    assert "105 000 €" in resident.locator(f"#total-{whole.pk}").inner_text().replace("\xa0", " ")
    press(resident, "button[name=vote]")  # 105 000 € of 100 000 €: refused, the choices kept
    assert resident.locator("#errors").count() == 1
    assert resident.locator(f"#plan-{skatepark.pk}").is_checked() and resident.locator(f"#plan-{lights.pk}").is_checked()
    check("vote: over the amount")
    resident.locator(f"#plan-{skatepark.pk}").uncheck()
    press(resident, "button[name=vote]")
    assert resident.locator("#voted").count() == 1
    check("vote: counted")
    assert Ballot.all_objects.filter(budget=budget).count() == 1

    _dates(budget, voting_ends=clock.now() - dt.timedelta(seconds=1))
    manager.goto(f"{base}/virkailija/osallistuva-budjetointi/omakunta/")
    press(manager, "#publish-form button")
    assert manager.locator("#published").count() == 1
    mcheck("staff: results published")
    resident.goto(f"{base}/osallistuva-budjetointi/omakunta/")
    table = resident.locator(f"table[data-area='{whole.pk}']").inner_text()
    assert "Valaistu rantapolku" in table and "Skeittipuisto" in table
    check("budget: results")
    services.add_follow_up(lights, text="Valaisimet on tilattu.", progress=30)
    press(resident, f"table[data-area='{whole.pk}'] a:has-text('Valaistu rantapolku')")
    assert "Valaisimet on tilattu." in resident.locator("#follow-up-steps").inner_text()
    assert resident.locator("#plan-votes").inner_text() == "1"
    check("plan: votes and follow-up")
    assert Person.all_objects.filter(municipality=demo).exists()
    assert check.failures + mcheck.failures == []
