"""The staff API (/api/v1/<slug>/staff/): the same rules as the staff pages, audit on reads, service
refusals as 400/409 with per-field messages, never a 500."""

import hashlib
import json
import uuid

import pytest
from django.test import Client

from luukku.cases import services
from luukku.cases.models import Case, DecisionTemplate, InternalNote, PartnerOrganisation, Status
from luukku.core.models import AuditEvent, Role

from ..factories import MembershipFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db
BASE = "/api/v1/esimerkki/staff/"


class Api:
    """A session client with CSRF enforced, as a browser-based staff tool would be."""

    def __init__(self, user=None, slug="esimerkki"):
        self.client = Client(enforce_csrf_checks=True)
        self.client.get(f"/{slug}/fi/kirjaudu/")  # the CSRF cookie, as any page gives it
        self.token = self.client.cookies["csrftoken"].value
        if user is not None:
            self.client.force_login(user)
        self.base = f"/api/v1/{slug}/staff/"

    def get(self, path, params=None, **extra):
        return self.client.get(self.base + path, params or {}, **extra)

    def post(self, path, data=None, raw=None, **extra):
        body = raw if raw is not None else json.dumps(data if data is not None else {})
        return self.client.post(self.base + path, body, content_type="application/json",
                                HTTP_X_CSRFTOKEN=self.token, **extra)


def member(municipality, username, role, unit=None):
    user = UserFactory(username=username, first_name=username.title(), last_name="Virkailija")
    MembershipFactory(municipality=municipality, user=user, role=role, unit=unit)
    return user


@pytest.fixture
def other_unit(municipality):
    return UnitFactory(municipality=municipality, slug="kuntatekniikka", name={"fi": "Kuntatekniikka"})


@pytest.fixture
def staff(municipality, unit, other_unit, other_municipality, handler):
    foreign_unit = UnitFactory(municipality=other_municipality, slug="vieras", name={"fi": "Vieras yksikkö"})
    return {
        "handler": handler,
        "colleague": member(municipality, "kollega", Role.CASE_HANDLER, unit),
        "other_handler": member(municipality, "tekniikka", Role.CASE_HANDLER, other_unit),
        "manager": member(municipality, "johtaja", Role.MANAGER, unit),
        "agent": member(municipality, "palvelupiste", Role.SERVICE_POINT_AGENT),
        "foreign": member(other_municipality, "vieras", Role.CASE_HANDLER, foreign_unit),
        "foreign_unit": foreign_unit,
    }


@pytest.fixture
def case(make_case, aino, child):
    return make_case(aino, child)


def test_anonymous_and_residents_are_refused(aino, case, staff):
    anonymous = Api()
    response = anonymous.get("units/")
    assert response.status_code == 403 and response.json()["code"] == "not_authenticated"
    assert anonymous.get(f"cases/{case.public_id}/").status_code == 403
    resident = Api(aino.user)
    for response in (resident.get("units/"), resident.get(f"cases/{case.public_id}/"),
                     resident.post(f"cases/{case.public_id}/claim/"), resident.post("persons/search/", {"hetu": "x"})):
        assert response.status_code == 403, response.content
    assert b"Aino" not in resident.get(f"cases/{case.public_id}/").content


def test_permission_matrix(case, staff, other_municipality):
    url = f"cases/{case.public_id}/"
    full = Api(staff["handler"]).get(url)
    assert full.status_code == 200 and full.json()["summary_only"] is False
    assert full.json()["subject"]["name"] == "Eetu Asukas" and full.json()["may_handle"] is True
    assert {"history", "messages", "notes", "decisions", "transfers", "handovers", "answers"} <= set(full.json())

    stranger = Api(staff["other_handler"])  # a handler of another unit: the case does not exist for them
    assert stranger.get(url).status_code == 404
    assert stranger.post(url + "claim/").status_code == 404
    assert stranger.get(url + "notes/").status_code == 404

    manager = Api(staff["manager"])  # reads in full, changes nothing
    body = manager.get(url).json()
    assert body["summary_only"] is False and body["may_handle"] is False
    assert manager.get(url + "notes/").status_code == 200
    writes = [("claim/", {}), ("assign/", {"assignee": None}), ("status/", {"status": "in_handling"}),
              ("notes/", {"body": "x"}), ("messages/", {"body": "x"}), ("information-requests/", {"body": "x"}),
              ("transfer/", {"unit": str(uuid.uuid4()), "reason": "x"}),
              ("handover/", {"partner": str(uuid.uuid4()), "reason": "x"}),
              ("decision/", {"template": str(uuid.uuid4()), "values": {}})]
    for path, data in writes:
        assert manager.post(url + path, data).status_code == 403, path

    agent = Api(staff["agent"])  # the front office: where the case is, not what it says
    summary = agent.get(url)
    assert summary.status_code == 200 and summary.json()["summary_only"] is True
    assert summary.json()["reference"] == case.reference and summary.json()["status"] == "submitted"
    assert not {"subject", "applicant", "answers", "messages", "notes", "history"} & set(summary.json())
    assert b"Eetu" not in summary.content and b"Aino" not in summary.content
    assert agent.get(url + "notes/").status_code == 403
    for path, data in writes:
        assert agent.post(url + path, data).status_code == 403, path

    # Another municipality: its staff have no role here; this municipality's staff never see its cases.
    assert Api(staff["foreign"]).get(url).status_code == 403
    assert Api(staff["foreign"], slug=other_municipality.slug).get(url).status_code == 404
    assert Api(staff["handler"], slug=other_municipality.slug).get(url).status_code == 403
    assert Case.all_objects.get(pk=case.pk).assignee_id is None


def test_reads_leave_audit_events(case, staff, child):
    Api(staff["handler"]).get(f"cases/{case.public_id}/")
    event = AuditEvent.all_objects.get(action="case.read", subject_id=child.public_id)
    assert (event.actor, event.subject_id, event.channel, event.actor_role, event.object_id) == (
        staff["handler"], child.public_id, "api", Role.CASE_HANDLER, str(case.public_id))
    # The applicant, shown with their contact details, is audited too.
    assert AuditEvent.all_objects.filter(action="case.read", subject_id=case.applicant.public_id).count() == 1
    Api(staff["manager"]).get(f"cases/{case.public_id}/notes/")
    assert set(AuditEvent.all_objects.filter(action="case.notes_read").values_list("actor_role", flat=True)) == {
        Role.MANAGER}
    Api(staff["agent"]).get(f"cases/{case.public_id}/")
    assert set(AuditEvent.all_objects.filter(action="case.read_summary").values_list("actor", flat=True)) == {
        staff["agent"].pk}
    Api(staff["other_handler"]).get(f"cases/{case.public_id}/")
    assert not AuditEvent.all_objects.filter(actor=staff["other_handler"]).exists()


def test_a_second_claim_is_a_conflict(case, staff):
    first = Api(staff["handler"]).post(f"cases/{case.public_id}/claim/")
    assert first.status_code == 200, first.content
    assert first.json()["assignee"]["id"] == staff["handler"].pk and first.json()["status"] == "in_handling"
    second = Api(staff["colleague"]).post(f"cases/{case.public_id}/claim/")
    assert second.status_code == 409
    assert second.json()["code"] == "already_claimed" and "kasittelija" in second.json()["detail"]
    assert Api(staff["handler"]).post(f"cases/{case.public_id}/claim/").status_code == 200  # one's own: fine
    assert Case.all_objects.get(pk=case.pk).assignee == staff["handler"]


def test_units_and_queue_with_filters(make_case, aino, bertil, case, staff, unit, other_unit, case_type):
    bertils = make_case(bertil)
    services.claim(bertils, staff["handler"])
    api = Api(staff["handler"])
    units = api.get("units/").json()["results"]
    assert [u["id"] for u in units] == [str(unit.public_id)]
    assert (units[0]["open"], units[0]["unassigned"], units[0]["may_handle"]) == (2, 1, True)
    assert {h["id"] for h in units[0]["handlers"]} == {staff["handler"].pk, staff["colleague"].pk}
    assert Api(staff["manager"]).get("units/").json()["results"][0]["may_handle"] is False
    assert Api(staff["agent"]).get("units/").json()["results"] == []

    queue = api.get("cases/", {"unit": unit.public_id}).json()
    assert queue["count"] == 2 and {c["reference"] for c in queue["results"]} == {case.reference, bertils.reference}
    mine = api.get("cases/", {"unit": unit.public_id, "assignee": "me"}).json()["results"]
    assert [c["reference"] for c in mine] == [bertils.reference]
    by_name = api.get("cases/", {"unit": unit.public_id, "q": "björkman"}).json()["results"]
    assert [c["reference"] for c in by_name] == [bertils.reference]
    page = api.get("cases/", {"unit": unit.public_id, "limit": 1}).json()
    assert len(page["results"]) == 1 and page["next"]
    assert api.get("cases/", {"unit": unit.public_id, "case_type": case_type.slug}).json()["count"] == 2

    for params, name, allowed in [({"status": "bogus"}, "status", "waiting_for_resident"),
                                  ({"due": "soon"}, "due", "overdue"),
                                  ({"case_type": "nope"}, "case_type", case_type.slug),
                                  ({"assignee": "someone"}, "assignee", "me"),
                                  ({"unit": other_unit.public_id}, "unit", str(unit.public_id)),
                                  ({"unit": staff["foreign_unit"].public_id}, "unit", str(unit.public_id)),
                                  ({"unit": "not-a-uuid"}, "unit", None),
                                  ({"limit": "x"}, "limit", None)]:
        response = api.get("cases/", {"unit": unit.public_id, **params})
        assert response.status_code == 400, params
        assert name in response.json(), (params, response.json())
        if allowed:
            assert allowed in response.json()[name][0]
    assert api.get("cases/").json()["unit"]  # required
    assert Api(staff["agent"]).get("cases/", {"unit": unit.public_id}).status_code == 403


def test_status_change_refusals_speak_the_requests_language(case, staff):
    api = Api(staff["handler"])
    url = f"cases/{case.public_id}/status/"
    refused = api.post(url, {"status": "waiting_for_resident"})
    assert refused.status_code == 400 and "status" in refused.json()
    assert api.post(url, {"status": "decided"}).status_code == 400  # through decision/, with a decision
    assert api.post(url, {"status": "in_handling", "sub_status": "no-such"}).json()["sub_status"]
    finnish = api.post(url, {}, HTTP_ACCEPT_LANGUAGE="fi")
    swedish = api.post(url + "?lang=sv", {}, HTTP_ACCEPT_LANGUAGE="fi")
    assert finnish.status_code == swedish.status_code == 400
    assert finnish.json()["status"] != swedish.json()["status"]
    assert swedish["Content-Language"] == "sv" and finnish["Content-Language"] == "fi"
    ok = api.post(url, {"status": "in_handling", "reason": "aloitetaan"})
    assert ok.status_code == 200 and ok.json()["status"] == "in_handling"
    assert Case.all_objects.get(pk=case.pk).history.last().reason == "aloitetaan"


def test_notes_messages_requests_and_assignment(case, staff, aino):
    api = Api(staff["handler"])
    url = f"cases/{case.public_id}/"
    note = api.post(url + "notes/", {"body": "Soitettu huoltajalle."})
    assert note.status_code == 201 and note.json()["body"] == "Soitettu huoltajalle."
    assert [n["body"] for n in api.get(url + "notes/").json()["results"]] == ["Soitettu huoltajalle."]
    assert api.post(url + "notes/", {"body": "   "}).status_code == 400
    message = api.post(url + "messages/", {"body": "Hei, käsittelemme asiaa."})
    assert message.status_code == 201 and message.json()["from_resident"] is False
    request = api.post(url + "information-requests/", {"body": "Lähetä palkkatodistus."})
    assert request.status_code == 201 and request.json()["is_information_request"] is True
    assert Case.all_objects.get(pk=case.pk).status == Status.WAITING_FOR_RESIDENT
    resident_view = Client()
    resident_view.force_login(aino.user)
    shown = resident_view.get(f"/api/v1/esimerkki/me/cases/{case.public_id}/").content.decode()
    assert "Lähetä palkkatodistus." in shown and "Soitettu huoltajalle." not in shown  # notes stay inside

    given = api.post(url + "assign/", {"assignee": staff["colleague"].pk})
    assert given.status_code == 200 and given.json()["assignee"]["id"] == staff["colleague"].pk
    for bad in ({"assignee": staff["agent"].pk}, {"assignee": 2**31 - 1}, {"assignee": "abc"}, {}):
        response = api.post(url + "assign/", bad)
        assert response.status_code == 400 and "assignee" in response.json(), bad
    released = api.post(url + "assign/", {"assignee": None})
    assert released.status_code == 200 and released.json()["assignee"] is None
    detail = api.get(url).json()
    assert [m["body"] for m in detail["messages"]] == ["Hei, käsittelemme asiaa.", "Lähetä palkkatodistus."]
    assert [h["to_status"] for h in detail["history"]] == ["submitted", "in_handling", "waiting_for_resident"]


def test_transfer_only_within_the_municipality(case, staff, other_unit, unit):
    api = Api(staff["handler"])
    url = f"cases/{case.public_id}/transfer/"
    foreign = api.post(url, {"unit": str(staff["foreign_unit"].public_id), "reason": "Väärä kunta"})
    assert foreign.status_code == 400 and "unit" in foreign.json()
    assert "Vieras" not in foreign.content.decode()
    assert api.post(url, {"unit": str(uuid.uuid4()), "reason": "x"}).json()["unit"]
    assert api.post(url, {"unit": str(unit.public_id), "reason": "x"}).json()["unit"]  # the same unit
    assert api.post(url, {"unit": str(other_unit.public_id), "reason": ""}).json()["reason"]
    moved = api.post(url, {"unit": str(other_unit.public_id), "reason": "Kuuluu kuntatekniikalle."})
    assert moved.status_code == 201 and moved.json()["to_unit"]["id"] == str(other_unit.public_id)
    assert Case.all_objects.get(pk=case.pk).unit == other_unit
    assert api.get(f"cases/{case.public_id}/").status_code == 404  # out of the handler's sight now
    assert Api(staff["other_handler"]).get(f"cases/{case.public_id}/").json()["transfers"][0]["reason"] == \
        "Kuuluu kuntatekniikalle."


@pytest.fixture
def template(municipality, case_type):
    return DecisionTemplate.all_objects.create(
        municipality=municipality, case_type=case_type, name={"fi": "Myönteinen"},
        title={"fi": "Päätös {reference}"}, body={"fi": "Paikka myönnetään {start} alkaen. Maksu {fee} €."},
        fields=[{"key": "start", "label": {"fi": "Aloituspäivä", "sv": "Startdag"}, "type": "date", "required": True},
                {"key": "fee", "label": {"fi": "Maksu"}, "type": "number", "required": True}],
        appeal_instructions={"fi": "Oikaisuvaatimusohje: 14 päivää."})


def test_decision_from_a_template(case, staff, template, municipality, other_municipality):
    other = DecisionTemplate.all_objects.create(municipality=other_municipality, name={"fi": "Vieras"},
                                                title={"fi": "x"}, body={"fi": "x"}, appeal_instructions={"fi": "x"})
    api = Api(staff["handler"])
    listed = api.get("decision-templates/", {"case_type": "paivahoito"}).json()["results"]
    assert [t["id"] for t in listed] == [str(template.public_id)]
    assert [f["key"] for f in listed[0]["fields"]] == ["start", "fee"]
    assert "case_type" in api.get("decision-templates/", {"case_type": "nope"}).json()
    url = f"cases/{case.public_id}/decision/"
    missing = api.post(url, {"template": str(template.public_id), "values": {"start": "2026-08-01"}})
    assert missing.status_code == 400 and set(missing.json()["values"]) == {"fee"}
    assert api.post(url, {"template": str(other.public_id), "values": {}}).json()["template"]
    assert api.post(url, {"template": str(template.public_id), "values": [1]}).status_code == 400
    assert api.post(url, {"template": str(template.public_id), "values": {}, "language": "de"}).json()["language"]
    decided = api.post(url, {"template": str(template.public_id), "values": {"start": "2026-08-01", "fee": "120"},
                             "language": "fi"})
    assert decided.status_code == 201, decided.content
    assert "Maksu 120" in decided.json()["body"] and Case.all_objects.get(pk=case.pk).status == Status.DECIDED
    pdf = api.client.get(decided.json()["pdf_url"], HTTP_ACCEPT="application/pdf")
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert Api(staff["other_handler"]).client.get(decided.json()["pdf_url"]).status_code == 404
    again = api.post(url, {"template": str(template.public_id), "values": {"start": "2026-08-01", "fee": "1"}})
    assert again.status_code == 409 and again.json()["code"] == "already_decided"  # a second decision: told so


from ..privacy.helpers import lawful  # noqa: E402


def test_handover_gives_the_package_hash_and_link(case, staff, municipality, other_municipality):
    partner = PartnerOrganisation.all_objects.create(municipality=municipality, name={"fi": "Hyvinvointialue"})
    lawful(case.case_type)
    foreign = PartnerOrganisation.all_objects.create(municipality=other_municipality, name={"fi": "Vieras alue"})
    api = Api(staff["handler"])
    assert [p["id"] for p in api.get("partners/").json()["results"]] == [str(partner.public_id)]
    url = f"cases/{case.public_id}/handover/"
    assert api.post(url, {"partner": str(foreign.public_id), "reason": "x"}).json()["partner"]
    assert api.post(url, {"partner": str(partner.public_id), "reason": " "}).status_code == 400
    handed = api.post(url, {"partner": str(partner.public_id), "reason": "Kuuluu hyvinvointialueelle."})
    assert handed.status_code == 201, handed.content
    body = handed.json()
    package = api.client.get(body["download_url"])
    assert package.status_code == 200
    data = b"".join(package.streaming_content)
    assert hashlib.sha256(data).hexdigest() == body["sha256"] and data.startswith(b"PK")
    assert Case.all_objects.get(pk=case.pk).status == Status.TRANSFERRED
    assert Api(staff["agent"]).client.get(body["download_url"]).status_code == 403
    assert Api(staff["other_handler"]).client.get(body["download_url"]).status_code == 404
    assert api.get(f"cases/{case.public_id}/").json()["handovers"][0]["sha256"] == body["sha256"]


def test_case_types_list_the_form(staff, case_type, definition):
    rows = Api(staff["agent"]).get("case-types/").json()["results"]
    assert [r["slug"] for r in rows] == ["paivahoito"]
    assert [f["key"] for f in rows[0]["form"]] == ["start", "time"]
    assert rows[0]["form"][1]["choices"] == [{"value": "full", "label": "Kokopäivä"}]


def test_bad_input_is_a_400_never_a_500(case, staff):
    api = Api(staff["handler"])
    url = f"cases/{case.public_id}/"
    cases = [("notes/", "{not json"), ("notes/", "[1, 2]"), ("notes/", '"text"'), ("notes/", "NaN"),
             ("notes/", json.dumps({"body": "x" * 1_000_000})), ("notes/", json.dumps({"body": "a\u0000b"})),
             ("notes/", json.dumps({"body": ["a"]})), ("notes/", '{"body": "\\ud800"}'),
             ("status/", json.dumps({"status": {"x": 1}})), ("status/", json.dumps({"status": "x" * 100000})),
             ("assign/", json.dumps({"assignee": 10**30})), ("assign/", json.dumps({"assignee": 1.5})),
             ("transfer/", json.dumps({"unit": 5, "reason": "x"})),
             ("decision/", json.dumps({"template": "x", "values": {"a": {"b": {"c": 1}}}})),
             ("decision/", json.dumps({"template": str(uuid.uuid4()), "values": {"k" * 1000: "v"}})),
             ("decision/", json.dumps({"template": str(uuid.uuid4()), "values": {"a": "\u0000"}}))]
    for path, raw in cases:
        response = api.post(url + path, raw=raw)
        assert response.status_code == 400, (path, raw[:40], response.status_code)
        assert response.json()
    assert api.get("cases/", {"unit": str(uuid.uuid4()), "q": "a\x00b"}).status_code == 400
    assert api.get("nothing/here/").status_code == 404
    assert api.get(f"cases/{uuid.uuid4()}/").status_code == 404
    assert api.client.put(api.base + url + "claim/").status_code in (403, 405)
    assert not InternalNote.all_objects.exists()


def test_posts_need_the_csrf_token(case, staff):
    api = Api(staff["handler"])
    response = api.client.post(api.base + f"cases/{case.public_id}/claim/", "{}", content_type="application/json")
    assert response.status_code == 403
    assert Case.all_objects.get(pk=case.pk).assignee_id is None


def test_the_schema_has_the_staff_endpoints():
    from luukku.core.management.commands.check_openapi import generate_schema

    schema = generate_schema()
    for path in ("staff/units/", "staff/cases/", "staff/cases/{case_id}/", "staff/cases/{case_id}/claim/",
                 "staff/cases/{case_id}/assign/", "staff/cases/{case_id}/status/", "staff/cases/{case_id}/notes/",
                 "staff/cases/{case_id}/messages/", "staff/cases/{case_id}/information-requests/",
                 "staff/cases/{case_id}/transfer/", "staff/cases/{case_id}/handover/",
                 "staff/cases/{case_id}/decision/", "staff/decision-templates/", "staff/partners/",
                 "staff/case-types/", "staff/persons/search/", "staff/persons/{person_id}/",
                 "staff/persons/{person_id}/contacts/", "staff/persons/{person_id}/cases/"):
        assert f"/api/v1/{{municipality}}/{path}:" in schema, path
    assert "hetu" in schema and "in: query\n        name: hetu" not in schema
    assert "in: query\n        name: lang" in schema
