"""Issue 14, points 3 and 11 in a real browser: the handler opens a new early-childhood application,
sees its warning (the child already has a decision on a place) and the child's other cases, takes
the case, decides it with the decision prefilled from the application through the preview (back to
edit and on, input kept), signs it and closes the case. axe-core checks every page; every visible
select box is wide enough for its longest option."""

import datetime as dt

import pytest

from luukku.cases.models import Case, Decision, Status
from luukku.core import clock
from luukku.demo.cases import _submit
from luukku.people.models import Person
from luukku.people.selectors import children_of

from .helpers import Checker, login, press

pytestmark = pytest.mark.browser

# Each visible <select>: the widest option's text (in the select's own font) fits inside it.
SELECTS_FIT = """() => Array.from(document.querySelectorAll('main select')).filter(s => s.offsetParent !== null)
  .map(s => {
    const cs = getComputedStyle(s);
    const ctx = document.createElement('canvas').getContext('2d');
    ctx.font = `${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
    const widest = Math.max(0, ...Array.from(s.options).map(o => ctx.measureText(o.text).width));
    const room = s.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight) - 16;  // the arrow
    return {id: s.id, widest: Math.ceil(widest), room: Math.floor(room)};
  }).filter(r => r.widest > r.room)"""


def _application(demo):
    """A second daycare application for the child whose first one the demo decided."""
    aino = Person.all_objects.get(municipality=demo, user__username="asukas")
    children = children_of(aino)
    decided = Case.all_objects.get(municipality=demo, case_type__slug="varhaiskasvatushakemus", applicant=aino)
    start = clock.today() + dt.timedelta(days=90)
    case = _submit(demo, "varhaiskasvatushakemus", aino, children, {
        "child": str(decided.subject.public_id), "start_date": start.isoformat(), "urgent": "no", "hours": "full",
        "evening_care": "no", "units": ["jarvenranta", "kuusikko"], "language": "fi",
        "applicant_name": aino.full_name, "applicant_email": "aino@example.fi", "applicant_phone": "0401234567",
    })
    return case, decided, start


def test_a_handler_works_a_case_from_warning_to_closed(live_server, browser, demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    case, decided, start = _application(demo)
    assert "decided_application" in [w["code"] for w in case.warnings]
    base = f"{live_server.url}/{demo.slug}/fi"
    page = login(browser, base, "kasittelija")
    check = Checker(page)

    # The case: the warning and the child's other cases first; taking it is the one thing pushed.
    page.goto(f"{base}/virkailija/asiat/{case.public_id}/")
    check("case, not taken")
    assert page.locator("#warnings [data-warning=decided_application]").is_visible()
    assert page.locator(f"#other-cases tr[data-case='{decided.public_id}']").is_visible()
    assert page.locator(".next-steps form").count() == 1 and page.locator("#more-actions").get_attribute("open") is None
    press(page, ".next-steps #claim-form button")
    check("case, taken")
    assert page.locator(".next-steps #request-form").is_visible()
    assert page.locator(".next-steps #decision-choice").is_visible()
    page.locator("#more-actions summary").click()  # the rest, folded until asked for
    assert page.locator("#transfer-form").is_visible()
    assert page.evaluate(SELECTS_FIT) == []

    # The decision: prefilled from the application (the first preferred unit, start date, hours).
    page.goto(f"{base}/virkailija/jono/{case.unit.public_id}/")
    assert page.evaluate(SELECTS_FIT) == []  # the queue's filters too
    page.goto(f"{base}/virkailija/asiat/{case.public_id}/")
    press(page, ".next-steps #decision-choice button")
    check("decision form, prefilled")
    assert page.evaluate(SELECTS_FIT) == []
    assert page.locator("#decision-unit input[value=jarvenranta]").is_checked()
    assert page.locator("#decision-start_date").input_value() == f"{start.day}.{start.month}.{start.year}"
    assert page.locator("#decision-hours input[value=full]").is_checked()
    later = start + dt.timedelta(days=7)
    page.locator("#decision-start_date").fill(f"{later.day}.{later.month}.{later.year}")
    press(page, "#decision-form button[value=preview]")
    check("decision preview")
    preview = page.locator("#decision-preview").inner_text()
    assert "Päiväkoti Järvenranta" in preview and f"{later.day}.{later.month}.{later.year}" in preview
    assert not Decision.all_objects.filter(case=case).exists()
    press(page, "#decision-sign button[value=edit]")  # back to edit: what was typed is kept
    assert page.locator("#decision-start_date").input_value() == f"{later.day}.{later.month}.{later.year}"
    press(page, "#decision-form button[value=preview]")
    press(page, "#decision-sign button[value=sign]")
    check("case, decided")
    decision = Decision.all_objects.get(case=case)
    assert "Päiväkoti Järvenranta" in decision.body and Case.all_objects.get(pk=case.pk).status == Status.DECIDED

    # Decided: closing is the next step.
    assert page.locator(".next-steps #status-form").is_visible()
    press(page, ".next-steps #status-form button")
    check("case, closed")
    assert Case.all_objects.get(pk=case.pk).status == Status.CLOSED
    assert page.locator("#claim-form, #decision-choice, #transfer-form").count() == 0

    assert not check.failures, "\n\n".join(check.failures)
