"""Issue 13 in a real browser: a handler opens a resident's case, and the resident then finds that
very read in "who has handled my data" — by unit and role, never the handler's name — reached from
My cases; the data-protection officer finds it by her identity code. axe-core checks the pages."""

import re

import pytest

from luukku.cases.models import Case
from luukku.core.models import AuditEvent
from luukku.core.translation import tr

from .helpers import Checker, login, press

pytestmark = pytest.mark.browser


def test_the_resident_sees_the_handlers_read_of_her_case(live_server, browser, demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    base = f"{live_server.url}/{demo.slug}/fi"
    boat = Case.all_objects.get(municipality=demo, applicant__user__username="asukas",
                                case_type__slug="venepaikkahakemus")

    handler = login(browser, base, "tekniikka")
    handler.goto(f"{base}/virkailija/asiat/{boat.public_id}/")
    assert boat.reference in handler.locator("main").inner_text()
    read = AuditEvent.all_objects.filter(subject_id=boat.subject.public_id, action="case.read",
                                         actor__username="tekniikka").latest("at")

    aino = login(browser, base, "asukas")
    check = Checker(aino)
    aino.goto(f"{base}/omat-asiat/")
    check("resident: my cases")
    press(aino, "main a[href$='/omat-asiat/tietojeni-kasittely/']")
    check("resident: who has handled my data")
    first = aino.locator("main tr.trail-entry").first.inner_text()
    unit = tr(boat.unit.name, "fi")
    assert unit in first
    local = read.at.astimezone(__import__("zoneinfo").ZoneInfo("Europe/Helsinki"))
    assert f"{local:%-d.%-m.%Y %H:%M}" in first
    page_text = aino.locator("main").inner_text()
    handler_user = read.actor
    for name in filter(None, (handler_user.first_name, handler_user.last_name, handler_user.username)):
        assert not re.search(rf"\b{re.escape(name)}\b", page_text), name

    # The data-protection officer finds the same read by Aino's identity code, with the handler named.
    officer = login(browser, base, "tietosuoja")
    ocheck = Checker(officer)
    officer.goto(f"{base}/virkailija/tietosuoja/")
    ocheck("officer: search")
    officer.locator("input[name=hetu]").fill(boat.subject.hetu)
    press(officer, "main form button.button-primary")
    assert boat.subject.hetu not in officer.url
    results = officer.locator("main table.audit-results").inner_text()
    assert "(tekniikka)" in results and "case.read" in results
    ocheck("officer: results")
    failures = check.failures + ocheck.failures
    assert not failures, "\n\n".join(failures)
