"""Service guidance in a real browser: a resident asks on the portal (no JavaScript needed), gets services
grouped by life event, asks a follow-up, gets a clear message for bad input with the text kept; an agent
asks on a resident's card. axe-core finds no WCAG 2.1 A/AA violation on any of these pages."""

import pytest

from luukku.people.models import Person

from .helpers import Checker, log_in, press

pytestmark = pytest.mark.browser


def test_guidance_pages_are_accessible_and_work(live_server, browser, demo):
    aino = Person.all_objects.get(municipality=demo, user__username="asukas")
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(20_000)
    check = Checker(page)

    base = f"{live_server.url}/{demo.slug}/en"
    page.goto(f"{base}/palveluohjaus/")
    check("the empty page")
    page.locator("#id_kysymys").fill("we are moving here with two children")
    press(page, "button[type=submit].button-primary")
    assert page.locator("#id_kysymys").input_value() == "we are moving here with two children"
    assert page.locator("[data-service=muuttoilmoitus]").is_visible()
    check("an answer")
    page.locator("#id_follow_up").fill("and my mother cannot cope at home any more")
    with page.expect_navigation():
        page.get_by_role("button", name="Ask", exact=True).click()
    assert "Earlier in this conversation" in page.content()
    assert page.locator("[data-service=ikaihmisten-palvelut]").count() == 1
    check("a follow-up answer")
    long_text = "we are moving here " * 300
    page.locator("#id_kysymys").fill(long_text)
    press(page, "button[type=submit].button-primary")
    assert page.locator(".error-summary a[href='#id_kysymys']").is_visible()
    assert page.locator("#id_kysymys").input_value() == long_text.strip() or \
        page.locator("#id_kysymys").input_value() == long_text
    check("too long a text")

    card = f"{base}/virkailija/asiakkaat/{aino.public_id}/"
    log_in(page, base, "palvelupiste", next_url=card.removeprefix(live_server.url))
    page.goto(card)
    page.locator("#id_kysymys").fill("what do we need to do for our youngest next autumn")
    with page.expect_navigation():
        page.get_by_role("button", name="Find services").click()
    assert "What the population register tells" in page.content() and "Helmi" in page.content()
    check("the agent's guidance")
    context.close()
    assert not check.failures, "\n\n".join(check.failures)
