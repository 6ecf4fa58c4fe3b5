"""WCAG 1.4.10 Reflow: every resident page shape at 320 CSS px (a phone, or 400 % zoom of a
1 280 px window) has no sideways scrolling and nothing cut off: the header's account links and the
logout button stay on the screen. One browser context walks the pages anonymously, then signed in."""

import os
import re
from pathlib import Path

import pytest

from .helpers import Checker, log_in

pytestmark = pytest.mark.browser

WIDTH = 320
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
# Elements whose right edge is past the viewport (what to fix when the page overflows).
OVERFLOW = """() => {
  const width = window.innerWidth, out = [];
  for (const el of document.querySelectorAll('body *')) {
    const box = el.getBoundingClientRect();
    const spills = el.children.length === 0 && el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0;
    if (box.width && (box.right > width + 1 || spills) && getComputedStyle(el).visibility !== 'hidden') {
      out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
               (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : '') +
               ' right=' + Math.round(box.right));
    }
  }
  return {scroll: document.documentElement.scrollWidth, inner: width, offenders: out.slice(0, 8)};
}"""


def measure(page, name, failures):
    result = page.evaluate(OVERFLOW)
    if result["scroll"] > result["inner"]:
        failures.append(f"{name} {page.url}: scrollWidth {result['scroll']} > {result['inner']}: {result['offenders']}")


def visible_on_screen(page, locator) -> bool:
    box = locator.bounding_box()
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= WIDTH + 1


def test_every_resident_page_reflows_at_320_px(live_server, browser, demo):
    from luukku.cases.models import Case
    from luukku.eservices.models import CaseType

    # The e-service step is reached with the demo's password login (strong identification is
    # tested in test_eservices.py).
    CaseType.all_objects.filter(slug="varhaiskasvatushakemus").update(requires_strong_identification=False)
    context = browser.new_context(viewport={"width": WIDTH, "height": 720}, locale="fi-FI")
    page = context.new_page()
    page.set_default_timeout(20_000)
    base = f"{live_server.url}/{demo.slug}/fi"
    failures = []
    check = Checker(page)  # axe on the pages this issue changed
    try:
        anonymous = {
            "front (anonymous)": "/",
            "service": "/palvelut/varhaiskasvatus/",
            "life events": "/elamantilanteet/",
            "search": "/haku/?q=p%C3%A4iv%C3%A4koti",
            "feedback form": "/palaute/",
        }
        for name, path in anonymous.items():
            page.goto(base + path)
            measure(page, name, failures)
        # The feedback categories by theme: the question is short on a phone, a theme opens to choose.
        page.goto(base + "/palaute/")
        assert page.locator("#field-category").bounding_box()["height"] < 1200
        page.locator("details.category-group summary").first.click()
        page.locator("details.category-group[open] input[name=category]").first.check()
        measure(page, "feedback form, a theme open", failures)
        check("feedback form, a theme open")
        page.goto(base + "/elamantilanteet/")
        page.locator("main a[href*='/elamantilanteet/']").first.click()
        page.wait_for_load_state()
        measure(page, "life event", failures)

        log_in(page, base, "asukas")
        # The account links and the logout button are on the screen, not cut off.
        logout = page.locator("header form[action$='/kirjaudu-ulos/'] button")
        if not visible_on_screen(page, logout):
            failures.append(f"the logout button is off-screen: {logout.bounding_box()}")
        signed_in = {
            "front (signed in)": "/",
            "My cases": "/omat-asiat/",
            "notification settings": "/ilmoitukset/",
            "my data": "/omat-tiedot/",
            "feedback form (signed in)": "/palaute/",
            "service (signed in)": "/palvelut/varhaiskasvatus/",
        }
        for name, path in signed_in.items():
            page.goto(base + path)
            measure(page, name, failures)
        page.goto(base + "/")
        assert page.locator("[data-personal]").count() == 1  # the personal front page
        check("front (signed in)")
        if os.environ.get("LUUKKU_SCREENSHOTS"):
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            for width in (1280, 390):
                page.set_viewport_size({"width": width, "height": 900})
                page.screenshot(path=str(SCREENSHOTS / f"personal-front-{width}-fi.png"), full_page=True)
            page.set_viewport_size({"width": WIDTH, "height": 720})
        case = Case.all_objects.filter(applicant__user__username="asukas").order_by("-submitted_at").first()
        page.goto(f"{base}/omat-asiat/{case.public_id}/")
        measure(page, "case page", failures)

        page.goto(base + "/asiointi/varhaiskasvatushakemus/")
        measure(page, "e-service start", failures)
        page.locator("main form input[name=for_whom]").first.check()
        with page.expect_navigation():
            page.locator("main form button.button-primary").first.click()
        assert re.search(r"/asiointi/luonnos/[0-9a-f-]+/1/$", page.url), page.url
        measure(page, "e-service form step", failures)
    finally:
        context.close()
    assert not failures, "\n".join(failures)
    assert not check.failures, "\n\n".join(check.failures)
