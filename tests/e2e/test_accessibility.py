"""axe-core finds no WCAG 2.1 A/AA violation on the resident pages, in Finnish and Swedish,
and the pages work with JavaScript turned off. Screenshots go to docs/screenshots/ when
LUUKKU_SCREENSHOTS=1."""

import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from luukku.catalogue.models import Code, CodeKind, Service

from .helpers import WCAG_21_AA

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _pages(demo):
    life_event = Code.objects.filter(kind=CodeKind.LIFE_EVENT, services__municipality=demo).exclude(slug="").first()
    service = Service.all_objects.get(municipality=demo, slug="varhaiskasvatus")
    return {
        "front": "",
        "life-event": f"elamantilanteet/{life_event.slug}/",
        "service": f"palvelut/{service.slug}/",
        "search": "haku/?q=p%C3%A4iv%C3%A4kotipaikan",
        # A life event beside the services, and a right-to-left query that finds nothing.
        "search-life-event": "haku/?q=muuttaessa",
        "search-rtl": "haku/?q=%D7%A9%D7%9C%D7%95%D7%9D",
    }


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_resident_pages_have_no_wcag_violations(live_server, page, demo, lang):
    axe = Axe()
    failures = []
    for name, path in _pages(demo).items():
        url = f"{live_server.url}/{demo.slug}/{lang}/{path}"
        response = page.goto(url)
        assert response.status == 200, url
        assert page.locator("html").get_attribute("lang") == lang
        results = axe.run(page, options=WCAG_21_AA)
        if results.violations_count:
            failures.append(f"{name} ({lang}):\n{results.generate_report()}")
        if os.environ.get("LUUKKU_SCREENSHOTS"):
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / f"{name}-{lang}.png"), full_page=True)
    assert not failures, "\n\n".join(failures)


def test_search_works_without_javascript(live_server, browser, demo):
    context = browser.new_context(java_script_enabled=False, locale="fi-FI")
    page = context.new_page()
    page.goto(f"{live_server.url}/{demo.slug}/fi/")
    page.get_by_role("searchbox").fill("venepaikat")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/haku/" in page.url
    assert page.get_by_role("link", name="Venepaikat").first.is_visible()
    context.close()


def test_keyboard_user_reaches_content_with_the_skip_link(live_server, page, demo):
    page.goto(f"{live_server.url}/{demo.slug}/fi/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#main"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_pages_load_no_blocked_resources_under_the_content_security_policy(live_server, page, demo):
    violations = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    for path in _pages(demo).values():
        page.goto(f"{live_server.url}/{demo.slug}/fi/{path}")
    assert violations == []


def test_crawl_of_the_portal_finds_no_wcag_violations(live_server, page, demo):
    """Every page reachable from the front page (one of each kind: the first link per URL shape),
    plus the login page, the API docs and a 404."""
    import re
    from urllib.parse import urljoin, urlparse

    axe = Axe()
    start = f"{live_server.url}/{demo.slug}/fi/"
    extra = [f"{live_server.url}/{demo.slug}/sv/kirjaudu/", f"{live_server.url}/api/docs/",
             f"{live_server.url}/{demo.slug}/fi/palvelut/ei-ole-olemassa/"]
    queue, seen_shapes, failures, visited = [start, *extra], set(), [], 0
    while queue and visited < 40:
        url = queue.pop(0)
        shape = re.sub(r"/[^/]+/$", "/*/", urlparse(url).path) if "/palvelut/" in url or "/elamantilanteet/" in url \
            or "/toimialat/" in url or "/yritykselle/" in url else urlparse(url).path
        if shape in seen_shapes:
            continue
        seen_shapes.add(shape)
        page.goto(url)
        visited += 1
        results = axe.run(page, options=WCAG_21_AA)
        if results.violations_count:
            failures.append(f"{url}:\n{results.generate_report()}")
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))"):
            target = urljoin(url, href).split("#")[0]
            if target.startswith(start) and "?" not in target and target not in queue:
                queue.append(target)
    assert visited >= 8
    assert not failures, "\n\n".join(failures)
