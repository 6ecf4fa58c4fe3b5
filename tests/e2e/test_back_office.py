"""Issue 4 in a real browser, across silos: Aino sends a composting notice; the environmental
handler asks her for more; she answers; the handler transfers the case to building control, whose
handler decides it from a template; Aino reads the decision with its appeal instructions and sees
where her case went. axe-core checks every page on the way. (The front office — an agent starting
a case for a resident — runs in tests/frontoffice/test_browser.py.)"""

import re

import pytest
from django.contrib.auth import get_user_model

from luukku.cases.models import Case, Decision, Status, Transfer
from luukku.core.models import Role, StaffMembership, Unit

from .helpers import Checker, login, press

pytestmark = pytest.mark.browser

REQUEST = "Kertoisitteko vielä, kuinka monta taloutta kompostoria käyttää?"
ANSWER = "Kompostoria käyttää kaksi taloutta."
REASON = "Kompostorikatos tarvitsee rakennusvalvonnan arvion."


def test_a_case_crosses_units_and_the_resident_reads_the_decision(live_server, browser, demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    base = f"{live_server.url}/{demo.slug}/fi"
    building = Unit.all_objects.get(municipality=demo, slug="rakennusvalvonta")
    inspector = get_user_model().objects.create_user("e2e-rakennus", password="Koivula-e2e-rakennus-2026",
                                                     first_name="Rauni", last_name="Rakennus", is_staff=True)
    StaffMembership.all_objects.create(municipality=demo, user=inspector, unit=building, role=Role.CASE_HANDLER)

    # Aino sends a composting notice (two pages, contact details prefilled).
    aino = login(browser, base, "asukas")
    check = Checker(aino)
    aino.goto(f"{base}/asiointi/kompostointi-ilmoitus/")
    check("resident: start")
    press(aino, "main form button.button-primary")
    aino.locator("#field-composter_type input[value=bokashi]").check()
    aino.locator("[name=start]").fill("1.6.2027")
    check("resident: page 1")
    press(aino, "main form button.button-primary")
    check("resident: page 2")
    press(aino, "main form button.button-primary")
    check("resident: review")
    press(aino, "main form button.button-primary")
    assert "/asiointi/kuitti/" in aino.url
    case = Case.all_objects.get(public_id=aino.url.rstrip("/").rsplit("/", 1)[1])
    assert case.unit.slug == "ymparistonsuojelu" and case.status == Status.SUBMITTED

    # The environmental handler finds it in her unit's queue, takes it and asks for more.
    handler = login(browser, base, "ymparisto")
    hcheck = Checker(handler)
    handler.goto(f"{base}/virkailija/")
    hcheck("handler: home")
    press(handler, f"main a[href$='/virkailija/jono/{case.unit.public_id}/']")
    hcheck("handler: queue")
    assert case.reference in handler.locator("main").inner_text()
    press(handler, f"main a[href$='/virkailija/asiat/{case.public_id}/']")
    hcheck("handler: case")
    press(handler, "#claim-form button")
    handler.locator("#request-form textarea").fill(REQUEST)
    press(handler, "#request-form button")
    hcheck("handler: case waiting for the resident")
    case.refresh_from_db()
    assert case.status == Status.WAITING_FOR_RESIDENT and case.paused_since is not None

    # Aino answers on her case page.
    aino.goto(f"{base}/omat-asiat/{case.public_id}/")
    check("resident: case with a request")
    assert REQUEST in aino.locator("main").inner_text()
    aino.locator("#answer-body").fill(ANSWER)
    press(aino, "section.information-request button[type=submit]")
    case.refresh_from_db()
    assert case.status == Status.IN_HANDLING and case.paused_since is None

    # The handler transfers it to building control, with a reason.
    handler.reload()
    assert ANSWER in handler.locator("main").inner_text()
    handler.locator("#more-actions summary").click()  # the transfer is folded among the other actions
    handler.locator("#transfer-unit").select_option(str(building.public_id))
    handler.locator("#transfer-form textarea").fill(REASON)
    press(handler, "#transfer-form button")
    hcheck("handler: case after the transfer")
    case.refresh_from_db()
    assert case.unit_id == building.pk and case.assignee_id is None
    assert Transfer.all_objects.get(case=case).reason == REASON

    # Building control's handler sees it in their queue and decides it from the template.
    other = login(browser, base, "e2e-rakennus")
    ocheck = Checker(other)
    other.goto(f"{base}/virkailija/jono/{building.public_id}/")
    ocheck("building control: queue")
    press(other, f"main a[href$='/virkailija/asiat/{case.public_id}/']")
    press(other, "#claim-form button")
    press(other, "#decision-choice button")
    ocheck("building control: decision form")
    press(other, "#decision-form button[type=submit]")  # nothing chosen: the outcome is required
    ocheck("building control: decision form with errors")
    assert other.locator("#decision-result[aria-describedby], #decision-result .error-message, "
                         "[id^=decision-result] ~ .error-message, .error-summary").count() >= 1
    other.locator("#decision-result input[value=conditions]").check()
    other.locator("#decision-conditions").fill("Katos rakennetaan vähintään 4 metrin päähän rajasta.")
    press(other, "#decision-form button[type=submit]")
    ocheck("building control: decision preview")
    assert "4 metrin" in other.locator("#decision-preview").inner_text()
    press(other, "#decision-sign button[value=sign]")
    ocheck("building control: decided case")
    case.refresh_from_db()
    decision = Decision.all_objects.get(case=case)
    assert case.status == Status.DECIDED and "4 metrin" in decision.body
    assert "30" in decision.appeal_instructions

    # Aino reads the decision with its appeal instructions and sees where her case went.
    aino.goto(f"{base}/omat-asiat/{case.public_id}/")
    check("resident: decided case")
    main = aino.locator("main")
    assert "4 metrin" in main.inner_text()
    appeal = aino.locator("section.appeal-instructions").first
    assert appeal.is_visible() and "30" in appeal.inner_text()
    assert REASON in main.inner_text() and "Rakennusvalvonta" in main.inner_text()
    link = aino.locator(f"main a[href*='{decision.public_id}']").first
    pdf = aino.request.get(f"{live_server.url}{link.get_attribute('href')}")
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    aino.goto(f"{base}/omat-asiat/")
    check("resident: my cases")
    assert re.search(re.escape(case.reference), aino.locator("main").inner_text())

    failures = check.failures + hcheck.failures + ocheck.failures
    assert len(check.seen) + len(hcheck.seen) + len(ocheck.seen) == 17
    assert not failures, "\n\n".join(failures)
