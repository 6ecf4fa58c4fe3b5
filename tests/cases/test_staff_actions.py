"""The case page's actions: each a POST form calling one service; refusals shown by the form with
the typed text kept; a tampered form is told, not obeyed."""

import html
import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from luukku.cases import services
from luukku.cases.models import Assignment, Case, Handover, InternalNote, Message, Status, StatusChange, SubStatus
from luukku.core.models import AuditEvent, Role

from ..factories import MunicipalityFactory, UnitFactory
from .staff_helpers import (  # noqa: F401 (fixtures)
    case_url,
    handler_named,
    manager,
    other_unit,
    other_unit_handler,
    partner,
    second_handler,
    staff_user,
    template,
)

PDF = b"%PDF-1.4\n% handler-file\n%%EOF\n"


@pytest.fixture
def case(aino, child, make_case):
    return make_case(aino, child)


@pytest.fixture
def as_handler(client, handler_named):
    client.force_login(handler_named)
    return client


def _fresh(case):
    return Case.all_objects.get(pk=case.pk)


def _html(response):
    return html.unescape(re.sub(r"\s+", " ", response.content.decode()))


def test_claim_takes_the_case_and_a_second_claim_names_the_first_handler(client, case, handler_named,
                                                                         second_handler):
    client.force_login(handler_named)
    response = client.post(case_url(case, "ota/"))
    assert response.status_code == 302 and response["Location"].endswith(f"/asiat/{case.public_id}/")
    assert _fresh(case).assignee == handler_named and _fresh(case).status == Status.IN_HANDLING
    assert "You are now handling this case." in _html(client.get(response["Location"]))

    client.force_login(second_handler)  # had the page open from before: posts the same form
    response = client.post(case_url(case, "ota/"))
    html = _html(response)
    assert response.status_code == 400
    assert "Kaisa Käsittelijä is already handling this case." in html
    assert "is already handling" in html.split('id="claim-form"')[1].split("</form>")[0]  # by the form too
    assert _fresh(case).assignee == handler_named
    assert Assignment.all_objects.filter(case=case).count() == 1


def test_assign_to_a_handler_of_the_unit_and_release(as_handler, case, second_handler, other_unit_handler):
    response = as_handler.post(case_url(case, "anna/"), {"assignee": second_handler.pk})
    assert response.status_code == 302 and _fresh(case).assignee == second_handler
    # A tampered form naming someone who does not handle the unit's cases: told, nothing changes.
    response = as_handler.post(case_url(case, "anna/"), {"assignee": other_unit_handler.pk})
    assert response.status_code == 400 and "Choose one of the unit’s handlers." in _html(response)
    assert _fresh(case).assignee == second_handler
    response = as_handler.post(case_url(case, "anna/"), {"assignee": ""})
    assert response.status_code == 302 and _fresh(case).assignee is None
    assert "The case is back in the unit’s queue." in _html(as_handler.get(response["Location"]))
    assert list(Assignment.all_objects.filter(case=case).values_list("assignee", flat=True)) == [
        second_handler.pk, None]


def test_change_status_with_sub_status_and_reason(as_handler, municipality, case, handler_named):
    SubStatus.all_objects.create(municipality=municipality, case_type=case.case_type, status=Status.IN_HANDLING,
                                 code="site-visit", name={"fi": "Käynti", "en": "Site visit booked"})
    page = _html(as_handler.get(case_url(case)))
    offered = re.findall(r'<option value="([a-z_]+)"', page.split('id="status-status"')[1].split("</select>")[0])
    assert offered == ["in_handling", "closed", "withdrawn"]  # not decided/transferred/waiting: own forms
    response = as_handler.post(case_url(case, "tila/"), {"status": "in_handling", "sub_status": "site-visit",
                                                         "reason": "Visit on Friday"})
    assert response.status_code == 302
    case = _fresh(case)
    assert case.status == Status.IN_HANDLING and case.sub_status.code == "site-visit"
    change = StatusChange.all_objects.filter(case=case).last()
    assert (change.to_sub_status, change.reason, change.by_user) == ("site-visit", "Visit on Friday", handler_named)


@pytest.mark.parametrize("status, message", [
    ("decided", "Make the decision with the decision form"),
    ("transferred", "Hand the case over to a partner organisation"),
    ("waiting_for_resident", "Send a request for information"),
    ("submitted", "A case that is “submitted” cannot be changed to “submitted”."),
    ("nonsense", "Choose one of the statuses offered."),
])
def test_a_tampered_status_is_refused_with_a_message_and_the_reason_kept(as_handler, case, status, message):
    response = as_handler.post(case_url(case, "tila/"), {"status": status, "reason": "Typed-reason-8d1"})
    html = _html(response)
    assert response.status_code == 400 and message in html
    assert "Typed-reason-8d1</textarea>" in html and 'href="#status-status"' in html
    assert _fresh(case).status == Status.SUBMITTED


def test_the_current_status_needs_a_sub_status(as_handler, municipality, case, handler_named):
    SubStatus.all_objects.create(municipality=municipality, case_type=case.case_type, status=Status.IN_HANDLING,
                                 code="site-visit", name={"fi": "Käynti", "en": "Site visit booked"})
    services.claim(case, handler_named)
    response = as_handler.post(case_url(case, "tila/"), {"status": "in_handling", "reason": "Kept-9f"})
    html = _html(response)
    assert response.status_code == 400
    assert "The case already is “in handling”: choose a sub-status, or another status." in html
    assert 'href="#status-sub_status"' in html and "Kept-9f</textarea>" in html
    assert StatusChange.all_objects.filter(case=case).count() == 2  # received, taken: nothing more


def test_a_sub_status_of_another_status_is_refused(as_handler, municipality, case):
    SubStatus.all_objects.create(municipality=municipality, case_type=case.case_type, status=Status.IN_HANDLING,
                                 code="site-visit", name={"fi": "Käynti"})
    response = as_handler.post(case_url(case, "tila/"), {"status": "closed", "sub_status": "site-visit"})
    assert response.status_code == 400
    assert "This sub-status does not belong to the chosen status of this case type." in _html(response)
    assert _fresh(case).status == Status.SUBMITTED


def test_internal_note(as_handler, case, handler_named):
    response = as_handler.post(case_url(case, "muistiinpano/"), {"body": "  "})
    assert response.status_code == 400 and "Write the note." in _html(response)
    response = as_handler.post(case_url(case, "muistiinpano/"), {"body": "Called the day-care centre"})
    assert response.status_code == 302
    note = InternalNote.all_objects.get(case=case)
    assert note.author == handler_named and note.body == "Called the day-care centre"


def test_message_to_the_resident_with_a_file(as_handler, case):
    response = as_handler.post(case_url(case, "viesti/"), {
        "body": "Your application is complete.", "files": SimpleUploadedFile("ohje.pdf", PDF, "application/pdf")})
    assert response.status_code == 302
    message = Message.all_objects.get(case=case, from_resident=False)
    assert message.body == "Your application is complete." and message.attachments.get().name == "ohje.pdf"
    response = as_handler.post(case_url(case, "viesti/"), {"body": ""})
    assert response.status_code == 400 and "Write a message." in _html(response)


def test_request_for_information_makes_the_case_wait(as_handler, case):
    response = as_handler.post(case_url(case, "lisatietopyynto/"), {"body": "Send the income certificate."})
    assert response.status_code == 302
    assert _fresh(case).status == Status.WAITING_FOR_RESIDENT
    assert Message.all_objects.get(case=case, is_information_request=True).body == "Send the income certificate."
    html = _html(as_handler.get(case_url(case)))
    assert "Paused: waiting for the resident" in html and "not answered yet" in html


def test_transfer_to_another_unit_of_the_same_municipality(as_handler, municipality, case, other_unit):
    response = as_handler.post(case_url(case, "siirto/"), {"unit": str(other_unit.public_id), "reason": ""})
    assert response.status_code == 400
    html = _html(response)
    assert "Say why the case is transferred" in html
    assert f'value="{other_unit.public_id}" selected' in html  # the choice is kept
    response = as_handler.post(case_url(case, "siirto/"), {"unit": str(other_unit.public_id),
                                                          "reason": "Belongs to the technical services"})
    # The handler no longer reads the case: back to their desk (their queues), with the news.
    assert response.status_code == 302 and response["Location"].endswith("/virkailija/")
    assert _fresh(case).unit == other_unit and _fresh(case).assignee is None
    assert "The case was transferred to" in _html(as_handler.get(response["Location"], follow=True))


def test_a_tampered_transfer_to_another_municipalitys_unit_is_refused(as_handler, case, unit):
    elsewhere = UnitFactory(municipality=MunicipalityFactory(slug="muualla", code="997"), slug="muu")
    for value in (str(elsewhere.public_id), "not-a-uuid", str(case.public_id)):
        response = as_handler.post(case_url(case, "siirto/"), {"unit": value, "reason": "Elsewhere"})
        assert response.status_code == 400, value
        assert "Choose a unit of this municipality." in _html(response)
    assert _fresh(case).unit == unit


def test_hand_over_to_a_partner_then_download_the_package(as_handler, case, partner):
    response = as_handler.post(case_url(case, "luovutus/"), {"partner": str(partner.public_id), "reason": ""})
    assert response.status_code == 400 and "Say why the case is handed over" in _html(response)
    response = as_handler.post(case_url(case, "luovutus/"), {"partner": "x", "reason": "County's task"})
    assert response.status_code == 400 and "Choose one of this municipality's partner organisations." in \
        _html(response)
    response = as_handler.post(case_url(case, "luovutus/"), {"partner": str(partner.public_id),
                                                            "reason": "County's task"})
    assert response.status_code == 302 and response["Location"].endswith("#handovers")
    case = _fresh(case)
    assert case.status == Status.TRANSFERRED and case.handed_over_to == partner
    handover = Handover.all_objects.get(case=case)
    page = _html(as_handler.get(response["Location"]))
    assert "The case was handed over to Wellbeing services county" in page
    link = f"/luovutukset/{handover.public_id}.zip"
    assert link in page
    download = as_handler.get(case_url(case, link[1:]))
    assert download.status_code == 200
    data = b"".join(download.streaming_content)
    assert zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert AuditEvent.all_objects.filter(action="case.handover.read", object_id=str(handover.public_id)).exists()


def test_actions_need_a_handler_of_the_unit(client, case, manager, other_unit_handler):
    client.force_login(manager)
    for action in ("ota/", "anna/", "tila/", "muistiinpano/", "viesti/", "lisatietopyynto/", "siirto/",
                   "luovutus/", "paatos/"):
        assert client.post(case_url(case, action), {"body": "x", "status": "closed"}).status_code == 403, action
    client.force_login(other_unit_handler)
    assert client.post(case_url(case, "ota/")).status_code == 404
    assert _fresh(case).status == Status.SUBMITTED and _fresh(case).assignee is None


def test_actions_are_post_only(as_handler, case):
    assert as_handler.get(case_url(case, "ota/")).status_code == 405
    assert _fresh(case).assignee is None


def test_an_administrator_reads_and_acts_as_administrator(client, municipality, case):
    admin = staff_user(municipality, Role.ADMINISTRATOR, None, "paakayttaja")
    client.force_login(admin)
    assert client.get(case_url(case)).status_code == 200
    assert set(AuditEvent.all_objects.filter(action="case.read").values_list("actor_role", flat=True)) == {
        Role.ADMINISTRATOR}


# --- decisions from a template --------------------------------------------------------------------

def test_decision_from_a_template(as_handler, municipality, case, template, aino):
    page = _html(as_handler.get(case_url(case)))
    assert 'id="decision-choice"' in page and "Approval" in page
    form = as_handler.get(case_url(case, "paatos/"), {"template": str(template.public_id)})
    html = _html(form)
    assert form.status_code == 200 and 'name="start"' in html and 'name="grounds"' in html
    assert "Starts" in html and "(required)" in html
    # Missing and bad fields: each named by its field, what was typed kept.
    response = as_handler.post(case_url(case, "paatos/"), {"template": str(template.public_id), "start": "someday",
                                                          "grounds": ""})
    html = _html(response)
    assert response.status_code == 400
    assert 'id="decision-start-error"' in html and 'id="decision-grounds-error"' in html
    assert 'value="someday"' in html and 'href="#decision-start"' in html
    assert _fresh(case).status == Status.SUBMITTED
    response = as_handler.post(case_url(case, "paatos/"), {"template": str(template.public_id), "step": "sign",
                                                          "start": "1.8.2026", "grounds": "A place is free."})
    assert response.status_code == 302 and response["Location"].endswith("#decisions")
    case = _fresh(case)
    assert case.status == Status.DECIDED
    decision = case.decisions.get()
    assert decision.template == template and case.reference in decision.title
    assert "A place is free." in decision.body and decision.pdf
    page = _html(as_handler.get(response["Location"]))
    assert f"paatokset/{decision.public_id}.pdf" in page


def test_decision_page_refuses_a_template_of_another_case_type_or_unknown(as_handler, municipality, case,
                                                                         template):
    from luukku.eservices.models import CaseType

    other_type = CaseType.all_objects.create(municipality=municipality, slug="muu", service=case.case_type.service,
                                             unit=case.unit, name={"fi": "Muu"})
    template.case_type = other_type
    template.save()
    for value in (str(template.public_id), "bogus"):
        response = as_handler.get(case_url(case, "paatos/"), {"template": value})
        assert response.status_code == 400 and "Choose a decision template for this case type." in _html(response)
        response = as_handler.post(case_url(case, "paatos/"), {"template": value, "start": "1.8.2026"})
        assert response.status_code == 400
    assert _fresh(case).status == Status.SUBMITTED
