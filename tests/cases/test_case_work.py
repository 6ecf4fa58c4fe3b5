"""Issue 14, points 3 and 11 on the handler's side: the case page shows the application's warnings
and the person's other cases (only what the handler may know of them, audited), offers only the
actions the case's status allows with the next step first, and a decision is prefilled from the
application, previewed as the resident will read it, and refused clearly on a case decided meanwhile."""

import html as htmllib
import re

import pytest

from luukku.cases import services
from luukku.cases.models import Case, Decision, DecisionTemplate, Status, SubStatus
from luukku.core.models import AuditEvent, Role
from luukku.eservices.models import CaseType

from .staff_helpers import (  # noqa: F401 (fixtures)
    case_url,
    handler_named,
    manager,
    other_unit,
    other_unit_handler,
    second_handler,
    staff_user,
)

pytestmark = pytest.mark.django_db


def _html(response):
    return htmllib.unescape(re.sub(r"\s+", " ", response.content.decode()))


def _between(html, start, end):
    return html.split(start, 1)[1].split(end, 1)[0] if start in html else ""


@pytest.fixture
def case(aino, child, make_case):
    return make_case(aino, child, {"start": "2027-03-01", "time": "full", "units": ["b", "a"]})


@pytest.fixture
def as_handler(client, handler_named):
    client.force_login(handler_named)
    return client


@pytest.fixture
def template(municipality, case_type):
    """A decision with a unit (from the answer "units": the first preferred that is an option),
    a start date (from "start") and hours (from "time")."""
    return DecisionTemplate.all_objects.create(
        municipality=municipality, case_type=case_type, name={"fi": "Paikka", "en": "A place"},
        title={"fi": "Päätös {subject}", "en": "Decision for {subject}"},
        body={"fi": "Yksikkö {unit}, alkaa {start}, {hours}.", "en": "Unit {unit}, from {start}, {hours}."},
        fields=[
            {"key": "unit", "answer": "units", "type": "choice", "required": True, "label": {"fi": "Yksikkö"},
             "choices": [{"value": "a", "label": {"fi": "Päiväkoti A", "en": "Day care A"}},
                         {"value": "b", "label": {"fi": "Päiväkoti B", "en": "Day care B"}}]},
            {"key": "start", "type": "date", "required": True, "label": {"fi": "Alkaa", "en": "Starts"}},
            {"key": "hours", "answer": "time", "type": "choice", "required": True, "label": {"fi": "Hoitoaika"},
             "choices": [{"value": "full", "label": {"fi": "kokopäivä", "en": "full day"}},
                         {"value": "part", "label": {"fi": "osapäivä", "en": "part day"}}]},
        ],
        appeal_instructions={"fi": "Oikaisuvaatimus 30 päivässä.", "en": "Request a correction within 30 days."})


# --- point 3: warnings and the person's other cases -----------------------------------------------

def test_the_handler_sees_the_stored_warnings_and_the_persons_other_cases_as_far_as_allowed(
        municipality, as_handler, handler_named, aino, child, case, make_draft, other_unit, other_unit_handler):
    Case.all_objects.filter(pk=case.pk).update(warnings=[
        {"code": "too_old", "params": {"age": 85, "limit": 84, "on": "2027-03-01"}},
        {"code": "open_application", "params": {"on": "2026-11-02"}}])
    # The child's case in another unit (the handler may not read it) and one in her own unit.
    other_type = CaseType.all_objects.create(municipality=municipality, slug="kuljetus", unit=other_unit,
                                             service=case.case_type.service, name={"fi": "Koulukuljetus",
                                                                                   "en": "School transport"})
    elsewhere = services.submit_draft(make_draft(aino, child), by_person=aino)
    Case.all_objects.filter(pk=elsewhere.pk).update(unit=other_unit, case_type=other_type)
    own_unit = services.submit_draft(make_draft(aino, child), by_person=aino)
    aino_own = services.submit_draft(make_draft(aino), by_person=aino)  # about Aino, not the child

    html = _html(as_handler.get(case_url(case)))
    warnings = _between(html, 'id="warnings"', "</section>")
    assert "Eetu Asukas is 7 years 1 month old on 1.3.2027. This service is for those under 7 years." in warnings
    assert "An application for this service for Eetu Asukas, sent on 2.11.2026, is still being handled." in warnings
    others = _between(html, 'id="other-cases"', "</section>")
    rows = {m.group(1): m.group(2) for m in re.finditer(r'<tr data-case="([^"]+)">(.*?)</tr>', others)}
    assert set(rows) == {str(elsewhere.public_id), str(own_unit.public_id)}  # the child's, not Aino's own
    assert str(aino_own.public_id) not in others and str(case.public_id) not in rows
    # Another unit's case: its type, unit, status and date, but no reference and no link.
    assert "School transport" in rows[str(elsewhere.public_id)] and "Submitted" in rows[str(elsewhere.public_id)]
    assert elsewhere.reference not in others and f"asiat/{elsewhere.public_id}/" not in others
    assert own_unit.reference in rows[str(own_unit.public_id)] and f"asiat/{own_unit.public_id}/" in others
    # Listing them is a read of the child's data, audited per case shown.
    listed = AuditEvent.all_objects.filter(action="case.list", actor=handler_named, subject_id=child.public_id)
    assert set(listed.values_list("object_id", flat=True)) == {str(elsewhere.public_id), str(own_unit.public_id)}
    assert set(listed.values_list("actor_role", flat=True)) == {Role.CASE_HANDLER}


# --- point 11: actions per state, the next step first ------------------------------------------------

def _first_and_more(html):
    first = (_between(html, 'class="next-steps"', "</div> <details")
             or _between(html, 'class="next-steps"', "</section>"))
    more = _between(html, 'id="more-actions"', "</details>")
    ids = re.compile(r'id="(\w+)-(?:form|choice)"')
    return ids.findall(first), ids.findall(more)


def test_the_case_page_offers_what_the_status_allows_with_the_next_step_first(
        municipality, client, handler_named, second_handler, manager, case, template):
    client.force_login(handler_named)
    first, more = _first_and_more(_html(client.get(case_url(case))))
    assert first == ["claim"]  # unclaimed: take it
    assert set(more) == {"request", "decision", "status", "message", "note", "assign", "transfer", "handover"}

    services.claim(case, handler_named)
    html = _html(client.get(case_url(case)))
    first, more = _first_and_more(html)
    assert first == ["request", "decision"] and "claim" not in more  # hers: ask or decide
    assert 'class="button button-primary">Continue to the decision' in html

    client.force_login(second_handler)  # someone else's case: nothing pushed, all folded, open
    html = _html(client.get(case_url(case)))
    first, more = _first_and_more(html)
    assert first == [] and 'id="more-actions" open' in html and "Kaisa Käsittelijä is handling this case." in html

    services.decide(case, handler_named, "Decision", "A place.")
    client.force_login(handler_named)
    html = _html(client.get(case_url(case)))
    first, more = _first_and_more(html)
    assert first == ["status"] and "Close the case" in html  # decided: close it
    assert not {"claim", "request", "decision", "assign", "transfer", "handover"} & set(more)

    services.change_status(case, Status.CLOSED, by_user=handler_named)
    first, more = _first_and_more(_html(client.get(case_url(case))))
    assert first == [] and set(more) == {"message", "note"}

    client.force_login(manager)  # reads, never acts
    assert 'id="actions"' not in _html(client.get(case_url(case)))


def test_sub_statuses_are_grouped_under_their_status_so_the_options_stay_short(municipality, as_handler, case,
                                                                                handler_named):
    SubStatus.all_objects.create(municipality=municipality, case_type=case.case_type, status=Status.IN_HANDLING,
                                 code="sijoitus", name={"fi": "Sijoitus suunnitteilla", "en": "Placement planned"})
    services.claim(case, handler_named)
    html = _html(as_handler.get(case_url(case)))
    select = _between(html, 'id="status-sub_status"', "</select>")
    assert '<optgroup label="In handling"><option value="sijoitus">Placement planned</option></optgroup>' in select


# --- point 11: the decision, prefilled, previewed, signed ------------------------------------------

def test_the_decision_is_prefilled_from_the_application_and_previewed_before_signing(as_handler, case, template,
                                                                                    aino):
    page = as_handler.get(case_url(case, "paatos/"))  # the only template: chosen already
    html = _html(page)
    assert page.status_code == 200 and f'name="template" value="{template.public_id}"' in html
    assert re.search(r'value="b" checked', html)  # B, the first preferred unit that is an option
    assert 'name="start" id="decision-start" value="1.3.2027"' in html
    assert re.search(r'value="full" checked', html)

    posted = {"template": str(template.public_id), "unit": "a", "start": "2.3.2027", "hours": "part"}
    preview = as_handler.post(case_url(case, "paatos/"), {**posted, "step": "preview"})
    html = _html(preview)
    article = _between(html, 'id="decision-preview"', "</article>")
    aino.refresh_from_db()
    assert preview.status_code == 200 and f'lang="{aino.language or "fi"}"' in html
    assert "Päätös Eetu Asukas" in article and "Yksikkö Päiväkoti A, alkaa 2.3.2027, osapäivä." in article
    assert "Oikaisuvaatimus 30 päivässä." in article
    assert not Decision.all_objects.filter(case=case).exists() and Case.all_objects.get(pk=case.pk).status == \
        Status.SUBMITTED
    sign = _between(html, 'id="decision-sign"', "</form>")
    for name, value in posted.items():
        assert f'name="{name}" value="{value}"' in sign  # carried to the signing as typed

    back = _html(as_handler.post(case_url(case, "paatos/"), {**posted, "step": "edit"}))
    assert 'name="start" id="decision-start" value="2.3.2027"' in back and re.search(r'value="part" checked', back)
    assert 'id="decision-preview"' not in back and "error-summary" not in back

    signed = as_handler.post(case_url(case, "paatos/"), {**posted, "step": "sign"})
    assert signed.status_code == 302 and signed["Location"].endswith("#decisions")
    decision = Decision.all_objects.get(case=case)
    assert decision.body.startswith("Yksikkö Päiväkoti A, alkaa 2.3.2027, osapäivä.")
    assert Case.all_objects.get(pk=case.pk).status == Status.DECIDED


def test_a_decision_on_a_case_decided_or_closed_meanwhile_is_refused_with_the_input_kept(
        client, handler_named, second_handler, case, template):
    posted = {"template": str(template.public_id), "unit": "a", "start": "2.3.2027", "hours": "full",
              "step": "sign"}
    client.force_login(second_handler)
    assert client.post(case_url(case, "paatos/"), {**posted, "step": "preview"}).status_code == 200
    services.decide_from_template(case, handler_named, template, {"unit": "b", "start": "1.3.2027",
                                                                  "hours": "full"})  # the other handler first
    response = client.post(case_url(case, "paatos/"), posted)
    html = _html(response)
    assert response.status_code == 400
    assert "A decision on this case has already been made, so no other decision can be made." in html
    assert "Nothing was saved. What you wrote is kept below." in html
    assert 'name="start" id="decision-start" value="2.3.2027"' in html and re.search(r'value="a" checked', html)
    assert Decision.all_objects.filter(case=case).count() == 1

    services.change_status(case, Status.CLOSED, by_user=handler_named)
    for step in ("preview", "sign"):
        response = client.post(case_url(case, "paatos/"), {**posted, "step": step})
        html = _html(response)
        assert response.status_code == 400 and "This case is closed, so no decision can be made." in html
        assert 'value="2.3.2027"' in html and 'id="decision-preview"' not in html
    assert Decision.all_objects.filter(case=case).count() == 1


def test_a_template_field_names_the_answer_it_is_prefilled_from_as_a_form_key():
    from django.core.exceptions import ValidationError

    from luukku.cases import decisions

    field = {"key": "unit", "type": "text", "label": {"fi": "Yksikkö"}}
    assert decisions.check_fields([{**field, "answer": "units"}]) == ["unit"]
    for bad in ("", "units; drop", 5):
        with pytest.raises(ValidationError, match="answer must be the key of a field"):
            decisions.check_fields([{**field, "answer": bad}])
