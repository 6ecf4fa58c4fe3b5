"""Issue 16 point 5 in a real browser: the manager starts a self-assessment round and makes a link; a
respondent (not a user) answers two themes, leaves half-way, returns by the same link in a new
browser, finds their answers kept, finishes; the manager's report shows the levels and the matching
challenges with their solution examples. axe-core checks the questionnaire and the report."""

import os
from pathlib import Path

import pytest

from luukku.maturity.models import Invitation, Round

from .helpers import Checker, login, press

pytestmark = pytest.mark.browser
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _screenshot(page, name):
    """LUUKKU_SCREENSHOTS=1 writes the page, whole, to docs/screenshots/."""
    if os.environ.get("LUUKKU_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def _answer_page(page, value):
    for fieldset in page.locator("fieldset.maturity-question").all():
        fieldset.locator(f"input[type=radio][value='{value}']").check()


def test_a_respondent_leaves_half_way_returns_and_finishes_and_the_report_shows_it(live_server, browser, demo):
    base = f"{live_server.url}/{demo.slug}/fi"

    manager = login(browser, base, "johtaja")
    mcheck = Checker(manager)
    manager.goto(f"{base}/virkailija/kypsyys/")
    mcheck("maturity: rounds")
    manager.locator("#round-name").fill("Itsearvio 2026")
    manager.locator("#round-population").fill("24500")
    press(manager, "#round-form button[type=submit]")
    mcheck("maturity: round")
    manager.locator("#invite-level").select_option("service")
    manager.locator("#invite-count").fill("1")
    press(manager, "#invite-form button[type=submit]")
    mcheck("maturity: new link")
    link = manager.locator(".maturity-links code").first.inner_text().strip()
    assert f"/{demo.slug}/fi/kypsyys/" in link

    # The respondent: no login. Two themes answered, then a third half-way and "continue later".
    first = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fi-FI")
    respondent = first.new_page()
    rcheck = Checker(respondent)
    respondent.goto(link)
    assert respondent.url.endswith("/1/")
    rcheck("questionnaire: page 1")
    _screenshot(respondent, "maturity-questionnaire")
    _answer_page(respondent, "1")
    press(respondent, "button[value=next]")
    _answer_page(respondent, "1")
    press(respondent, "button[value=next]")
    assert respondent.url.endswith("/3/")
    respondent.locator("#q-experience-strategic-1").check()
    press(respondent, "button[value=later]")
    rcheck("questionnaire: saved for later")
    first.close()

    # Back by the same link in a new browser: page 3, the answer given there kept.
    second = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fi-FI")
    respondent = second.new_page()
    rcheck.page = respondent
    respondent.goto(link)
    assert respondent.url.endswith("/3/")
    assert respondent.locator("#q-experience-strategic-1").is_checked()
    # A question left out is asked for in words, on the page.
    press(respondent, "button[value=next]")
    assert respondent.locator("#error-summary").count() == 1
    rcheck("questionnaire: an unanswered question")
    for number in range(3, 7):
        _answer_page(respondent, "1")
        press(respondent, "button[value=next]")
    assert respondent.url.endswith("/7/")
    respondent.locator("#q-wellbeing-immature").check()
    respondent.locator("#q-reforms-dk").check()
    rcheck("questionnaire: the big picture")
    press(respondent, "button[value=next]")
    assert respondent.url.endswith("/valmis/")
    rcheck("questionnaire: summary")
    press(respondent, "#finish button[type=submit]")
    rcheck("questionnaire: finished")
    second.close()
    invitation = Invitation.all_objects.get(round__municipality=demo)
    assert invitation.finished_at is not None and invitation.answers.count() == 20

    # The report: level 1 everywhere, the challenges of level 1 with their solution examples.
    round_ = Round.all_objects.get(municipality=demo)
    manager.goto(f"{base}/virkailija/kypsyys/{round_.public_id}/raportti/")
    mcheck("maturity: report")
    _screenshot(manager, "maturity-report")
    levels = manager.locator("#levels-table tbody tr[data-theme='steering'] td").all_inner_texts()
    assert all("1" in cell for cell in levels)
    shown = manager.locator("#challenges [data-challenge]").evaluate_all("els => els.map(e => e.dataset.challenge)")
    assert shown == ["1", "2", "3", "4", "6", "7"]
    assert manager.locator("#challenges .maturity-solution").count() >= 3
    assert manager.locator("svg[role=img] desc").count() == 1
    assert not mcheck.failures and not rcheck.failures, "\n\n".join(mcheck.failures + rcheck.failures)
