"""Issue 17 point 6 in a real browser: the manager makes a survey and draws a resident panel; an
invitee answers by the link in their message (no login), another in a browser without JavaScript
(the form posts as it is); the manager reads the suppressed results. axe-core checks every page."""

import datetime as dt

import pytest

from luukku.core import clock
from luukku.notify.models import Notification
from luukku.panels.models import Invitation, Survey

from ..panels.conftest import populate
from .helpers import Checker, login, press

pytestmark = pytest.mark.browser


def test_a_panel_is_drawn_an_invitee_answers_and_the_manager_reads_the_results(live_server, browser, demo):
    populate(demo, [(20, 40, "00100", "fi"), (10, 70, "00200", "sv")], start=9000)
    base = f"{live_server.url}/{demo.slug}/fi"
    manager = login(browser, base, "johtaja")
    mcheck = Checker(manager)
    manager.goto(f"{base}/virkailija/kyselyt/")
    mcheck("panels: surveys")
    today = clock.today()
    manager.locator("#survey-title").fill("Kirjastokysely")
    manager.locator("#survey-opens").fill(f"{today:%d.%m.%Y}")
    manager.locator("#survey-closes").fill(f"{today + dt.timedelta(days=14):%d.%m.%Y}")
    manager.locator("#survey-questions").fill(
        "single: Käytätkö kirjastoa? | Kyllä | En\nscale: Kuinka tyytyväinen olet?")
    press(manager, "#survey-form button[type=submit]")
    mcheck("panels: survey")
    manager.locator("#sample-size").fill("10")
    manager.locator("#sample-seed").fill("kevät")
    press(manager, "#sample-form button[type=submit]")
    mcheck("panels: composition")
    assert manager.locator("#composition tbody tr").count() >= 2

    press(manager, "main a[href$='/henkilot/']")
    mcheck("panels: people of the panel")
    manager.go_back()

    # The two latest invitations: this panel's (the demo's own resident panel invited people before it).
    first, second = [n.link for n in Notification.all_objects.filter(kind="panel.invited").order_by("-id")[:2]]
    resident = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fi-FI").new_page()
    rcheck = Checker(resident)
    resident.goto(f"{live_server.url}{first}")
    rcheck("panels: answer page")
    press(resident, "#survey-form button[type=submit]")  # nothing chosen: said, nothing lost
    rcheck("panels: answer refused")
    assert resident.locator("#error-summary").count() == 1
    resident.locator("#survey-form input[type=radio]").first.check()
    press(resident, "#survey-form button[type=submit]")
    rcheck("panels: answered")
    assert resident.locator("[role=status]").count() == 1

    # Without JavaScript the same form posts, and the answer counts.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fi-FI", java_script_enabled=False)
    plain = context.new_page()
    plain.goto(f"{live_server.url}{second}")
    plain.locator("#survey-form input[type=radio]").nth(1).check()
    plain.locator("#survey-form input[type=radio]").last.check()
    press(plain, "#survey-form button[type=submit]")
    assert plain.locator("[role=status]").count() == 1
    context.close()
    survey = Survey.all_objects.get(title="Kirjastokysely")
    assert Invitation.all_objects.filter(sample__survey=survey, answered_at__isnull=False).count() == 2

    manager.goto(manager.url.split("/paneeli/")[0] + "/tulokset/?by=age")
    mcheck("panels: results")
    assert manager.locator("table.results").count() == 2  # the two questions
    assert ".." in manager.locator("table.results").first.inner_text()  # two answers: hidden
    cells = manager.locator("table.results").first.locator("td.num").all_inner_texts()
    assert cells and not {"1", "2"} & {c.strip() for c in cells}  # no small count shows
    assert not mcheck.failures and not rcheck.failures, "\n".join(mcheck.failures + rcheck.failures)
