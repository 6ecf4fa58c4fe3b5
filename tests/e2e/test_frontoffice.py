"""The front office in a real browser: an agent of the demo municipality finds
Aino by identity code, opens her card, starts a daycare application for her child on one page and
logs a contact; axe-core finds no WCAG 2.1 A/AA violation on any of these pages, errors included."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from luukku.people.models import Person

from .helpers import WCAG_21_AA, log_in

pytestmark = pytest.mark.browser



def test_an_agent_serves_a_resident_with_accessible_pages(live_server, browser, demo):
    aino = Person.all_objects.get(municipality=demo, user__username="asukas")
    # (axe-core needs JavaScript to run; the pages themselves have none, CSP forbids inline code)
    context = browser.new_context(locale="fi-FI")
    page = context.new_page()
    page.set_default_timeout(20_000)
    axe, failures = Axe(), []

    def check(what):
        results = axe.run(page, options=WCAG_21_AA)
        if results.violations_count:
            failures.append(f"{what}:\n{results.generate_report()}")

    base = f"{live_server.url}/{demo.slug}/fi"
    log_in(page, base, "palvelupiste", next_url=f"/{demo.slug}/fi/virkailija/asiakkaat/")  # and the code
    assert page.url.endswith("/virkailija/asiakkaat/")
    check("search")
    page.locator("#id_hetu").fill(aino.hetu[:-1] + "?")
    with page.expect_navigation():
        page.locator("#id_hetu").press("Enter")
    check("search with an error")
    assert page.locator(".error-summary a[href='#id_hetu']").is_visible()
    page.locator("#id_hetu").fill(aino.hetu)
    with page.expect_navigation():
        page.locator("#id_hetu").press("Enter")
    assert aino.hetu not in page.content()
    check("search results")
    with page.expect_navigation():
        page.get_by_role("link", name="Asukas, Aino Maria").click()
    assert aino.hetu[:7] + "****" in page.content() and aino.hetu not in page.content()
    check("resident card")

    card = page.url
    with page.expect_navigation():
        page.locator("a.button", has_text="Kirjaa yhteydenotto").or_(page.locator("a.button", has_text="Log a contact")).first.click()
    with page.expect_navigation():
        page.locator("button[type=submit].button-primary").click()
    check("contact form with errors")
    page.locator("#id_channel_1").check()
    page.locator("#id_topic").fill("Kysyi päivähoitopaikasta")
    page.locator("#id_outcome_3").check()  # needs a follow-up
    page.locator("#id_duration_minutes").fill("7")
    page.locator("#id_follow_up_task").fill("Soita takaisin, kun jonotilanne on tiedossa")
    page.locator("#id_follow_up_due").fill("1.1.2100")
    with page.expect_navigation():
        page.locator("button[type=submit].button-primary").click()
    assert page.url == card and "Kysyi päivähoitopaikasta" in page.content()
    assert "Soita takaisin, kun jonotilanne on tiedossa" in page.content()
    check("resident card with a follow-up")
    page.goto(card.split("asiakkaat/")[0] + "jatkotoimet/")
    check("follow-ups")
    with page.expect_navigation():
        page.locator("tr", has_text="Soita takaisin").locator("button[type=submit]").click()
    assert "Soita takaisin" not in page.locator("main").inner_text()
    page.goto(card)

    page.goto(f"{card}uusi-asia/")
    check("case types")
    page.goto(f"{card}uusi-asia/varhaiskasvatushakemus/")
    check("the one-page form")
    with page.expect_navigation():
        page.locator("button[type=submit].button-primary").click()
    check("the one-page form with errors")
    page.locator("#id_frontoffice-channel_0").check()
    page.locator("#id_frontoffice-for_whom_0").check()
    page.locator("#id_start_date").fill("1.8.2027")
    page.locator("#id_urgent_1").check()
    page.locator("#id_hours_0").check()
    page.locator("#id_evening_care_1").check()
    page.locator("#id_units_0").check()
    with page.expect_navigation():
        page.locator("button[type=submit].button-primary").click()
    assert "/uusi-asia/valmis/" in page.url, page.content()[:2000]
    check("case started")
    context.close()
    assert not failures, "\n\n".join(failures)
