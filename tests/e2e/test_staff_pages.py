"""The back office in a real browser: the demo handler logs in, sees her unit's queue, opens a case,
takes it with JavaScript turned off, makes a refused change (the error summary links to the field)
and reads the figures. axe-core checks every page (fi, and the case page in sv)."""

import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from luukku.cases.models import Case
from luukku.core.models import Unit
from luukku.demo.cases import _submit
from luukku.people.models import Person
from luukku.people.selectors import children_of

from .helpers import WCAG_21_AA, log_in

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _login(page, base, username):
    log_in(page, base, username, next_url="/koivula/fi/virkailija/")


def _open_case(demo):
    aino = Person.all_objects.get(municipality=demo, user__username="asukas")
    children = children_of(aino)
    child = children[0][0]
    return _submit(demo, "varhaiskasvatushakemus", aino, children, {
        "child": str(child.public_id), "start_date": "2026-08-03", "urgent": "no", "hours": "full",
        "evening_care": "no", "units": ["kuusikko"], "language": "fi", "applicant_name": aino.full_name,
        "applicant_email": "aino@example.fi", "applicant_phone": "0401234567",
    })


def test_staff_pages_have_no_wcag_violations_and_work_without_javascript(live_server, browser, demo):
    case = _open_case(demo)
    assert case is not None
    unit = Unit.all_objects.get(pk=case.unit_id)
    base = f"{live_server.url}/{demo.slug}/fi"

    # Without JavaScript: take the case, then send an empty note (the error summary links to the field).
    plain = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = plain.new_page()
    _login(page, base, "kasittelija")
    page.goto(f"{base}/virkailija/asiat/{case.public_id}/")
    with page.expect_navigation():
        page.locator("#claim-form button").click()
    assert Case.all_objects.get(pk=case.pk).assignee.username == "kasittelija"
    assert page.locator(".notice").count() == 1
    page.locator("#more-actions summary").click()  # folded actions open without JavaScript too
    with page.expect_navigation():
        page.locator("#note-form button").click()
    assert page.locator("#error-summary a").first.get_attribute("href") == "#note-body"
    assert page.locator("#note-body").get_attribute("aria-invalid") == "true"
    plain.close()

    # axe-core on every page (it needs JavaScript in the page).
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    _login(page, base, "kasittelija")
    axe, failures = Axe(), []

    def check(name, path, lang="fi"):
        if path is not None:
            response = page.goto(f"{live_server.url}/{demo.slug}/{lang}/{path}")
            assert response.status < 500, (name, response.status)
        results = axe.run(page, options=WCAG_21_AA)
        if results.violations_count:
            failures.append(f"{name} ({lang}):\n{results.generate_report()}")
        if os.environ.get("LUUKKU_SCREENSHOTS"):
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / f"staff-{name}-{lang}.png"), full_page=True)

    check("home", "virkailija/")
    check("queue", f"virkailija/jono/{unit.public_id}/")
    check("queue-bad-filter", f"virkailija/jono/{unit.public_id}/?status=lost")
    check("case", f"virkailija/asiat/{case.public_id}/")
    check("case", f"virkailija/asiat/{case.public_id}/", lang="sv")
    page.locator("#more-actions summary").click()  # the status change is folded among the other actions
    with page.expect_navigation():
        page.locator("#status-form button").click()  # no status chosen: refused, the field says why
    check("case-error", None)
    if page.locator("#decision-choice button").count():
        with page.expect_navigation():
            page.locator("#decision-choice button").click()
        check("decision", None)
    context.close()
    assert not failures, "\n\n".join(failures)
