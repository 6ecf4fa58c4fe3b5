"""The staff workspace in a real browser: a service-point agent logs in (with the second factor) and
lands on the front-office desk, and every link of her menu opens (nothing answers 403); then the
staff page shapes (desk, queue, case, feedback page, dashboard) reflow at 320 px with no sideways
scrolling (WCAG 1.4.10) and the dashboard's tables fit 1 280 px. axe-core checks each page.
LUUKKU_SCREENSHOTS=1 writes the desk and the case page at 1 280 px to docs/screenshots/."""

import os
from pathlib import Path

import pytest

from luukku.cases.models import OPEN_STATUSES, Case
from luukku.feedback.models import Feedback

from .helpers import Checker, log_in

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
WIDE, NARROW = {"width": 1280, "height": 900}, {"width": 320, "height": 800}
NO_SIDEWAYS = "document.documentElement.scrollWidth <= window.innerWidth"
# What sticks out, for the failure message: the innermost elements wider than the window.
WIDER = """[...document.querySelectorAll('main *, header *')].filter(e => e.getBoundingClientRect().right >
  window.innerWidth + 1 && ![...e.children].some(c => c.getBoundingClientRect().right > window.innerWidth + 1))
  .slice(0, 1).map(e => { const out = []; for (let a = e; a; a = a.parentElement) out.push(a.tagName + '.' + a.className + '#' + a.id + ' ' + Math.round(a.getBoundingClientRect().width) + ' ' + getComputedStyle(a).display); return out.join(' < '); })"""


def _menu(page) -> list[tuple[str, str]]:
    return [(a.get_attribute("data-nav"), a.get_attribute("href")) for a in page.locator(".staff-nav a").all()]


def _screenshot(page, name):
    if os.environ.get("LUUKKU_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def test_an_agent_lands_on_her_desk_and_every_staff_page_fits_the_screen(live_server, browser, demo):
    base = f"{live_server.url}/{demo.slug}/fi"
    context = browser.new_context(viewport=WIDE, locale="fi-FI")
    page = context.new_page()
    page.set_default_timeout(20_000)
    check = Checker(page)

    # The agent: the login and the code, then straight to the front office; her menu opens everywhere.
    log_in(page, base, "palvelupiste")
    assert page.url.endswith("/virkailija/asiakkaat/")
    assert page.locator(".main-nav").count() == 0 and page.locator(".site-footer").count() == 0
    check("agent: desk")
    _screenshot(page, "staff-workspace-desk")
    menu = _menu(page)
    assert {key for key, _href in menu} == {"frontoffice", "frontoffice_follow_ups", "feedback", "booking"}
    for key, href in menu:
        response = page.goto(f"{live_server.url}{href}")
        assert response.status == 200, (key, href, response.status)
        check(f"agent: {key}")
    page.set_viewport_size(NARROW)
    page.goto(f"{base}/virkailija/")
    assert page.evaluate(NO_SIDEWAYS), "the agent's desk scrolls sideways at 320 px"
    page.locator("form[action$='/kirjaudu-ulos/'] button").click()  # the logout is on screen at 320 px
    page.wait_for_url("**/fi/")

    # Every page shape of the workspace, as the administrator (who opens them all), at 320 px.
    case = Case.all_objects.filter(municipality=demo, status__in=OPEN_STATUSES).order_by("submitted_at").first()
    feedback = Feedback.all_objects.filter(municipality=demo).order_by("submitted_at").first()
    page.set_viewport_size(WIDE)
    log_in(page, base, "paakayttaja")
    shapes = {
        "desk": f"{base}/virkailija/",
        "queue": f"{base}/virkailija/jono/{case.unit.public_id}/",
        "case": f"{base}/virkailija/asiat/{case.public_id}/",
        "feedback": f"{base}/virkailija/palaute/{feedback.public_id}/",
        "feedback queue": f"{base}/virkailija/palaute/jono/{feedback.unit.public_id}/",
        "dashboard": f"{base}/virkailija/tietojohtaminen/",
        "follow-ups": f"{base}/virkailija/jatkotoimet/",
    }
    page.goto(shapes["case"])
    _screenshot(page, "staff-workspace-case")
    page.set_viewport_size(NARROW)
    for name, url in shapes.items():
        response = page.goto(url)
        assert response.status == 200, (name, response.status)
        assert page.evaluate(NO_SIDEWAYS), (name, page.evaluate(WIDER))
        check(f"320 px: {name}")

    # The managers' dashboard: every table on a 1 280 px screen, the page not wider than the window.
    page.set_viewport_size(WIDE)
    page.goto(shapes["dashboard"])
    assert page.evaluate(NO_SIDEWAYS)
    assert page.evaluate("[...document.querySelectorAll('table.data-table')].every(t => "
                         "t.getBoundingClientRect().right <= window.innerWidth)")
    context.close()
    assert not check.failures, "\n\n".join(check.failures)
