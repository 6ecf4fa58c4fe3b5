""""Who has handled my data": the resident reads the audit trail of their own data and of their
children's, by unit and role — never a staff member's name — on the page and in the API."""

import re
import uuid
from pathlib import Path

import pytest
from django.urls import reverse

from luukku.core.models import AuditEvent, Channel, Role
from luukku.core.services import record_audit
from luukku.privacy import trail
from tests.factories import MunicipalityFactory, UnitFactory, UserFactory


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def _page(municipality, lang="en", **query):
    url = reverse("privacy:data_trail", kwargs={"municipality": municipality.slug, "lang": lang})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def _api(municipality):
    return f"/api/v1/{municipality.slug}/me/data-access/"


@pytest.fixture
def named_handler(handler):
    handler.first_name, handler.last_name = "Kalle", "Käsittelijä"
    handler.save()
    return handler


def test_handler_reading_a_case_shows_to_the_resident_by_unit_and_role_only(
        client, municipality, aino, make_case, named_handler, unit):
    case = make_case(aino)
    client.force_login(named_handler)
    staff_page = reverse("staff:case", kwargs={"municipality": municipality.slug, "lang": "en",
                                               "case_id": case.public_id})
    assert client.get(staff_page).status_code == 200
    client.logout()

    client.force_login(aino.user)
    response = client.get(_page(municipality))
    assert response.status_code == 200
    text = _text(response)
    row = re.search(r'<tr class="trail-entry">(.*?)</tr>', text).group(1)
    assert "Viewed your case" in row
    assert "Yksikkö varhaiskasvatus, case handler" in row
    assert "case handler" in row and "handling your case" in row and ">web<" in row
    # The staff member is never named: neither their name nor their account.
    assert "Kalle" not in text and "Käsittelijä" not in text and "kasittelija" not in text
    assert "their names are not shown" in text


def test_guardian_sees_the_childs_entries_and_nobody_elses(client, municipality, aino, child, bertil, unit):
    for subject, action in ((aino, "person.view"), (child, "case.read"), (bertil, "feedback.read")):
        record_audit(municipality=municipality, actor=UserFactory(), subject_id=subject.public_id, action=action,
                     purpose="case handling", role=Role.CASE_HANDLER, unit=unit)
    elsewhere = MunicipalityFactory(slug="muualla", code="997")
    record_audit(municipality=elsewhere, actor=None, subject_id=aino.public_id, action="contact.read",
                 purpose="front office", unit=UnitFactory(municipality=elsewhere))

    client.force_login(aino.user)
    text = _text(client.get(_page(municipality)))
    assert text.count('class="trail-entry"') == 2
    assert "Viewed your personal details" in text and "Viewed your case" in text
    assert "Eetu Asukas" in text  # whose data: the child's entry names the child
    assert "Viewed your feedback" not in text  # Bertil's
    assert "Viewed the record of your contact" not in text  # another municipality's

    only_child = _text(client.get(_page(municipality, henkilo=child.public_id)))
    assert only_child.count('class="trail-entry"') == 1 and "Viewed your case" in only_child

    client.force_login(bertil.user)
    text = _text(client.get(_page(municipality)))
    assert text.count('class="trail-entry"') == 1 and "Viewed your feedback" in text
    # Bertil cannot ask for Aino's child: the filter falls back to his own data.
    text = _text(client.get(_page(municipality, henkilo=child.public_id)))
    assert "Eetu" not in text and "Viewed your case" not in text


def test_entries_of_someone_acting_for_another_show_to_the_person_represented(
        client, municipality, aino, child, make_case, named_handler):
    case = make_case(aino, subject=child)  # the guardian applied for the child
    client.force_login(named_handler)
    client.get(reverse("staff:case", kwargs={"municipality": municipality.slug, "lang": "en",
                                             "case_id": case.public_id}))
    # the staff case page audits both the child and the guardian whose contact details it shows
    assert {e.subject_id for e in AuditEvent.all_objects.filter(action="case.read")} == {
        child.public_id, aino.public_id}
    client.force_login(aino.user)
    text = _text(client.get(_page(municipality)))
    assert "Eetu Asukas" in text and "Viewed your case" in text


def test_the_page_is_paginated_and_bad_input_is_harmless(client, municipality, aino):
    for _ in range(30):
        record_audit(municipality=municipality, actor=None, subject_id=aino.public_id, action="case.read",
                     purpose="case handling", channel=Channel.API)
    client.force_login(aino.user)
    first = _text(client.get(_page(municipality)))
    assert first.count('class="trail-entry"') == 25 and "Page 1 of 2" in first and "Next page" in first
    second = _text(client.get(_page(municipality, page=2)))
    assert second.count('class="trail-entry"') == 5
    for bad in ("abc", "-1", "99999", "%00"):
        assert client.get(_page(municipality, page=bad)).status_code == 200
    assert client.get(_page(municipality, henkilo="not-a-uuid")).status_code == 200


def test_anonymous_is_sent_to_the_login(client, municipality):
    response = client.get(_page(municipality))
    assert response.status_code == 302 and "kirjaudu" in response["Location"]


def test_my_cases_and_the_menu_link_to_the_page(client, municipality, aino):
    client.force_login(aino.user)
    text = _text(client.get(reverse("cases:my_cases", kwargs={"municipality": municipality.slug, "lang": "en"})))
    assert text.count(f'href="{_page(municipality)}"') == 2  # the resident's menu and My cases


def test_every_audited_action_has_a_plain_language_text():
    """A new record_audit call with a new action needs its text in privacy.trail.ACTIONS."""
    source = Path(trail.__file__).resolve().parents[1]
    pattern = re.compile(r'(?:action=|_audit\(request, (?:case|campaign, \w+), |audit\((?:case|person), )'
                         r'(?:"([a-z_]+\.[a-z_.]+)")')
    found = {m.group(1) for path in source.rglob("*.py") for m in pattern.finditer(path.read_text())}
    found |= {m.group(1) for path in source.rglob("*.py")
              for m in re.finditer(r'if request.method == "GET" else "([a-z_.]+)"', path.read_text())}
    assert {"case.read", "feedback.read", "person.search", "proactive.follow_up.read"} <= found
    assert found - set(trail.ACTIONS) == set()


def test_api_lists_the_same_entries_without_staff_names(client, municipality, aino, child, named_handler, unit):
    record_audit(municipality=municipality, actor=named_handler, subject_id=child.public_id, action="case.read",
                 purpose="case handling", role=Role.CASE_HANDLER, unit=unit)
    record_audit(municipality=municipality, actor=named_handler, subject_id=uuid.uuid4(), action="case.read",
                 purpose="case handling", role=Role.CASE_HANDLER, unit=unit)
    assert client.get(_api(municipality)).status_code == 403
    client.force_login(aino.user)
    response = client.get(_api(municipality), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    entry = body["results"][0]
    assert entry["person"] == {"id": str(child.public_id), "name": "Eetu Asukas"}
    assert entry["is_self"] is False
    assert (entry["action"], entry["role"], entry["channel"]) == ("case.read", "case_handler", "web")
    assert entry["unit"] == "Yksikkö varhaiskasvatus"
    assert "Kalle" not in response.content.decode() and "kasittelija" not in response.content.decode()
    mine = client.get(_api(municipality), {"person": str(aino.public_id)}).json()
    assert mine["count"] == 0
