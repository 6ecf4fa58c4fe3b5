"""Every resident URL, filled with resident A's ids, requested by B (same municipality), by C (another
municipality, under both slugs) and by an anonymous visitor: never A's data, never a change.

COVERED must name every pattern of the resident URL modules: a new pattern fails the test until it is
added here with the ids it takes."""

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver

from luukku.cases import services
from luukku.cases.models import (Assignment, Case, Decision, Handover, InternalNote, Message, PartnerOrganisation,
                                 Status, StatusChange, Transfer)
from luukku.core import clock
from luukku.core.models import Role
from luukku.eservices.models import Attachment, Draft
from luukku.frontoffice import services as frontoffice
from luukku.frontoffice.models import CallbackRequest, FollowUp
from luukku.people.mandates import grant
from luukku.people.models import Mandate, MandateChange

from ..factories import MembershipFactory, UserFactory
from ..privacy.helpers import lawful
from .conftest import make_person

pytestmark = pytest.mark.django_db

MODULES = {"luukku.people.urls", "luukku.eservices.urls", "luukku.cases.urls", "luukku.cases.api_urls",
           "luukku.notify.urls", "luukku.frontoffice.urls", "luukku.cases.staff_urls"}
# name (or route for unnamed patterns) → is it about one of A's objects (then only 403/404/login will do)?
COVERED = {
    "people:identify": False,
    "people:callback": False,
    "people:mandates": False,  # everyone's own mandates; A's never shown to B
    "people:revoke_mandate": True,
    "people:valtuudet": False,  # not configured here: 404 (tests/people/test_valtuudet.py walks the flow)
    "people:valtuudet_callback": False,
    "eservices:drafts": False,
    "eservices:review": True,
    "eservices:page": True,
    "eservices:receipt": True,
    "eservices:start": False,  # a public case type: B may apply for themself, never for A's child
    "cases:my_cases": False,
    "cases:case": True,
    "cases:message": True,
    "cases:answer": True,
    "cases:withdraw": True,
    "cases:receipt": True,
    "cases:attachment": True,
    "cases:decision_pdf": True,
    "cases:answer_decision": True,
    "cases:request_review": True,
    "notify:settings": False,  # everyone's own notifications and choices; A's subjects never shown to B
    # The front office (staff only: residents get 403, anonymous the login), filled with A's ids.
    "frontoffice:search": False,
    "frontoffice:person": True,
    "frontoffice:contact": True,
    "frontoffice:case_types": True,
    "frontoffice:start_case": True,
    "frontoffice:case_started": True,
    "frontoffice:follow_ups": False,
    "frontoffice:follow_up_done": True,
    "frontoffice:callbacks": False,
    "frontoffice:callback_request": False,  # everyone's own requests; A's never shown to B, never cancelled by B
    "frontoffice:agent_guidance": True,
    # The back office (staff only), filled with A's ids; other staff are walked in test_other_staff_…
    "staff:home": False,
    "staff:figures": False,
    "staff:queue": True,
    "staff:case": True,
    "staff:claim": True,
    "staff:assign": True,
    "staff:status": True,
    "staff:note": True,
    "staff:message": True,
    "staff:request_information": True,
    "staff:transfer": True,
    "staff:handover": True,
    "staff:decide": True,
    "staff:attachment": True,
    "staff:decision_pdf": True,
    "staff:handover_package": True,
    "resident_api:cases": False,
    "resident_api:case": True,
    "resident_api:case-messages": True,
    "resident_api:case-withdraw": True,
    "^.*$": False,  # the API's JSON 404 for anything else under me/
}
SECRET_FILE = b"%PDF-1.4\n% A-only-attachment-7f3c9e\n%%EOF\n"
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n%%EOF\n"


def resident_patterns():
    """(key, full route) of every pattern of MODULES, walked from the root resolver."""
    found = []

    def walk(patterns, prefix, namespace, module):
        for p in patterns:
            route = prefix + str(p.pattern)
            if isinstance(p, URLResolver):
                inner = getattr(p.urlconf_module, "__name__", "")
                walk(p.url_patterns, route, p.namespace or namespace, inner)
            elif isinstance(p, URLPattern) and module in MODULES:
                key = f"{namespace}:{p.name}" if p.name else str(p.pattern)
                found.append((key, route))

    walk(get_resolver().url_patterns, "", None, "")
    return found


def fill(route, values):
    """A concrete URL: `<conv:name>` from values; the catch-all regex gets a path of its own."""
    if route.endswith("^.*$"):
        route = route[: -len("^.*$")] + "nothing-here/"

    def one(match):
        name = match.group(2)
        assert name in values, f"no value for <{name}> in {route}: add it to the walk"
        return str(values[name])

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", one, route)


@pytest.fixture
def world(municipality, other_municipality, aino, child, bertil, case_type, definition, make_draft, handler):
    draft = make_draft(aino, child, data={"start": "2026-08-01"})
    open_case = services.submit_draft(make_draft(aino, child), by_person=aino)
    services.change_status(open_case, Status.IN_HANDLING, by_user=handler)
    request = services.request_information(open_case, handler, "Handler-question-A-51c2")
    message = services.send_message(open_case, by_person=aino, body="Aino-secret-message-93ab",
                                    files=[SimpleUploadedFile("aino-salainen.pdf", SECRET_FILE, "application/pdf")])
    attachment = Attachment.all_objects.get(message=message)
    decided = services.submit_draft(make_draft(aino), by_person=aino)
    services.change_status(decided, Status.IN_HANDLING, by_user=handler)
    decision = services.decide(decided, handler, "Decision-title-A-77d1", "Decision body for Aino.", "fi")
    carl = make_person(other_municipality, "Carl", "Kaukonen", user=UserFactory(username="carl"))
    services.add_note(open_case, handler, "Internal-note-A-6f0e")
    handed = services.submit_draft(make_draft(aino), by_person=aino)
    partner = PartnerOrganisation.all_objects.create(municipality=municipality, name={"fi": "Kumppani"})
    lawful(handed.case_type)
    handover = services.hand_over(handed, handler, partner, "Handover-reason-A-3b8c")
    dora = make_person(municipality, "Dora", "Valtuutettu", user=UserFactory(username="dora"))
    mandate = grant(aino, dora, [case_type], clock.today(), clock.today() + dt.timedelta(days=30))
    agent = UserFactory(username="agentti")
    MembershipFactory(municipality=municipality, user=agent, role=Role.SERVICE_POINT_AGENT)
    contact = frontoffice.log_contact(by_user=agent, person=aino, channel="phone", topic="Aino-contact-topic-2e7a",
                                      outcome="follow_up", follow_up={"task": "Aino-follow-up-8c2b", "due": clock.today()})
    callback = frontoffice.request_callback(person=aino, phone="0405550101", topic="Aino-callback-topic-5d1e")
    return {
        "mandate": mandate, "follow_up": contact.follow_up, "callback": callback,
        "handed": handed, "handover": handover, "unit": open_case.unit,
        "draft": draft, "case": open_case, "decided": decided, "request": request, "attachment": attachment,
        "decision": decision, "bertil": bertil, "carl": carl, "aino": aino, "child": child,
        "case_type": case_type, "municipality": municipality, "other": other_municipality,
        "secrets": [open_case.reference, decided.reference, "Aino", "Eetu", "Handler-question-A-51c2",
                    "Aino-secret-message-93ab", "aino-salainen", "A-only-attachment-7f3c9e", "Decision-title-A-77d1",
                    handed.reference, "Internal-note-A-6f0e", "Handover-reason-A-3b8c", "Dora",
                    "Aino-contact-topic-2e7a", "Aino-follow-up-8c2b", "Aino-callback-topic-5d1e"],
        # (ids are not secrets here: they are in the URL asked for, which error pages may echo)
    }


def snapshot(w):
    case, decided = Case.all_objects.get(pk=w["case"].pk), Case.all_objects.get(pk=w["decided"].pk)
    return {
        "cases": Case.all_objects.count(), "messages": Message.all_objects.count(),
        "attachments": Attachment.all_objects.count(), "drafts": Draft.all_objects.count(),
        "status_changes": StatusChange.all_objects.count(), "decisions": Decision.all_objects.count(),
        "case": (case.status, case.updated_at), "decided": decided.status,
        "draft": Draft.all_objects.filter(pk=w["draft"].pk).values_list("data", "subject_id", "applicant_id").first(),
        "mandates": list(Mandate.all_objects.order_by("pk").values_list("pk", "revoked_at")),
        "mandate_changes": MandateChange.all_objects.count(),
        "follow_ups": list(FollowUp.all_objects.values_list("pk", "done_at")),
        "callbacks": list(CallbackRequest.all_objects.order_by("pk").values_list("pk", "status")),
    }


def _params_for(key, values, w) -> dict:
    """`values`, with the case that owns the file for the patterns of a decision or a hand-over."""
    params = dict(values)
    if key in ("cases:decision_pdf", "staff:decision_pdf", "cases:answer_decision", "cases:request_review"):
        params["case_id"] = w["decided"].public_id
    elif key == "staff:handover_package":
        params["case_id"] = w["handed"].public_id
    return params


def _body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def _post_data(w):
    return {
        "body": "Intruder text", "reason": "Intruder", "answer": "accept", "grounds": "Intruder", "confirm": "on", "for_whom": str(w["child"].public_id),
        "delete": str(w["draft"].public_id), "action": "next", "definition_version": "1",
        "start": "1.8.2026", "time": "full", "remove": str(w["attachment"].public_id),
        "files": SimpleUploadedFile("intruder.pdf", PDF, "application/pdf"),
        "cancel": str(w["callback"].public_id), "callback": str(w["callback"].public_id), "note": "Intruder",
    }


def test_the_walk_covers_every_resident_url_pattern():
    assert {key for key, _route in resident_patterns()} == set(COVERED)


@pytest.mark.parametrize("who", ["bertil", "carl-in-a", "carl-at-home", "anonymous"])
def test_nobody_else_sees_or_changes_a_residents_things_by_any_url(client, world, who, settings, tmp_path):
    w = world
    if who != "anonymous":
        client.force_login(w[who.split("-")[0]].user)
    slug = w["other"].slug if who == "carl-at-home" else w["municipality"].slug
    values = {
        "municipality": slug, "lang": "fi", "case_id": w["case"].public_id, "draft_id": w["draft"].public_id,
        "page": 1, "attachment_id": w["attachment"].public_id, "message_id": w["request"].public_id,
        "decision_id": w["decision"].public_id, "case_type_slug": w["case_type"].slug,
        "person_id": w["aino"].public_id, "case_type": w["case_type"].slug,
        "unit_id": w["unit"].public_id, "handover_id": w["handover"].public_id,
        "mandate_id": w["mandate"].public_id, "follow_up_id": w["follow_up"].pk,
    }
    before = snapshot(w)
    problems = []
    for key, route in resident_patterns():
        url = fill(route, _params_for(key, values, w))
        for method in ("get", "post"):
            kwargs = {"data": _post_data(w)} if method == "post" else {}
            response = getattr(client, method)(url, **kwargs)
            status, body = response.status_code, _body(response)
            shown = [s for s in w["secrets"] if s.encode() in body]
            location = response.get("Location", "")
            to_login = status == 302 and ("/kirjaudu/" in location or "/tunnistaudu/" in location)
            if status >= 500:
                problems.append(f"{method.upper()} {url} ({key}): {status}")
            elif shown:
                problems.append(f"{method.upper()} {url} ({key}): {status} shows {shown}")
            elif COVERED[key] and not (status in (403, 404, 405) or to_login):
                problems.append(f"{method.upper()} {url} ({key}): {status} {location}")
            elif who == "anonymous" and status == 200:
                problems.append(f"{method.upper()} {url} ({key}): 200 for an anonymous visitor")
    assert not problems, "\n".join(problems)
    assert snapshot(w) == before


def test_the_walk_would_see_the_data_when_it_is_a_residents_own(client, world):
    """The control: A herself gets 200 and her data on the same URLs (so the walk is not blind)."""
    w = world
    client.force_login(w["aino"].user)
    base = f"/{w['municipality'].slug}/fi"
    case_page = client.get(f"{base}/omat-asiat/{w['case'].public_id}/")
    assert case_page.status_code == 200 and w["case"].reference.encode() in case_page.content
    assert b"Aino-secret-message-93ab" in case_page.content
    file = client.get(f"{base}/omat-asiat/{w['case'].public_id}/liitteet/{w['attachment'].public_id}/")
    assert file.status_code == 200 and _body(file) == SECRET_FILE
    api = client.get(f"/api/v1/{w['municipality'].slug}/me/cases/{w['case'].public_id}/")
    assert api.status_code == 200 and w["case"].reference in api.content.decode()
    draft = client.get(f"{base}/asiointi/luonnos/{w['draft'].public_id}/1/")
    assert draft.status_code == 200


# --- the back office: other staff ------------------------------------------------------------------

def staff_patterns():
    return [(key, route) for key, route in resident_patterns() if key.startswith("staff:")]


def staff_snapshot(w):
    cases = Case.all_objects.filter(pk__in=[w[k].pk for k in ("case", "decided", "handed")]).order_by("pk")
    return {**snapshot(w), "notes": InternalNote.all_objects.count(), "assignments": Assignment.all_objects.count(),
            "transfers": Transfer.all_objects.count(), "handovers": Handover.all_objects.count(),
            "rows": list(cases.values_list("status", "assignee_id", "unit_id", "sub_status_id"))}


def test_the_staff_walk_covers_every_back_office_pattern():
    from luukku.cases import staff_urls

    names = {f"staff:{p.name}" for p in staff_urls.urlpatterns}
    assert names == {key for key, _route in staff_patterns()} and names <= set(COVERED)


@pytest.mark.parametrize("who", ["other-unit-handler", "other-unit-manager", "other-handler-in-a",
                                 "other-handler-at-home", "other-administrator-at-home"])
def test_other_staff_get_nothing_from_the_back_office_urls(client, world, who):
    """A handler or manager of another unit of A, and staff of another municipality (under A's address
    and their own), walk every back-office URL filled with A's ids: never A's data, never a change."""
    from luukku.core.models import Role

    from ..factories import MembershipFactory, UnitFactory

    w = world
    own = w["municipality"] if who.startswith("other-unit") else w["other"]
    their_unit = UnitFactory(municipality=own, slug="muu-yksikko")
    role = {"other-unit-manager": Role.MANAGER, "other-administrator-at-home": Role.ADMINISTRATOR}.get(
        who, Role.CASE_HANDLER)
    intruder = UserFactory(username=f"intruder-{who}")
    MembershipFactory(municipality=own, user=intruder, role=role,
                      unit=None if role == Role.ADMINISTRATOR else their_unit)
    client.force_login(intruder)
    slug = w["other"].slug if who.endswith("at-home") else w["municipality"].slug
    values = {"municipality": slug, "lang": "fi", "case_id": w["case"].public_id, "unit_id": w["unit"].public_id,
              "attachment_id": w["attachment"].public_id, "decision_id": w["decision"].public_id,
              "handover_id": w["handover"].public_id}
    data = {"body": "Intruder text", "reason": "Intruder", "status": "closed", "assignee": intruder.pk,
            "unit": str(their_unit.public_id), "partner": str(w["handover"].partner.public_id),
            "template": "", "files": SimpleUploadedFile("intruder.pdf", PDF, "application/pdf")}
    before = staff_snapshot(w)
    problems = []
    for key, route in staff_patterns():
        url = fill(route, _params_for(key, values, w))
        for method in ("get", "post"):
            response = getattr(client, method)(url, **({"data": dict(data)} if method == "post" else {}))
            status, body = response.status_code, _body(response)
            shown = [s for s in w["secrets"] if s.encode() in body]
            if status >= 500 or shown:
                problems.append(f"{method.upper()} {url} ({key}): {status} shows {shown}")
            elif COVERED[key] and status not in (403, 404, 405):
                problems.append(f"{method.upper()} {url} ({key}): {status}")
    assert not problems, "\n".join(problems)
    assert staff_snapshot(w) == before


def test_the_staff_walk_would_see_the_data_of_the_cases_own_unit(client, world):
    """The control: the unit's handler gets A's case, file and package on the same URLs."""
    w = world
    client.force_login(UserFactory(username="kasittelija"))  # the world's handler (get_or_create)
    base = f"/{w['municipality'].slug}/fi/virkailija/asiat"
    page = client.get(f"{base}/{w['case'].public_id}/")
    assert page.status_code == 200 and b"Internal-note-A-6f0e" in page.content
    assert _body(client.get(f"{base}/{w['case'].public_id}/liitteet/{w['attachment'].public_id}/")) == SECRET_FILE
    package = client.get(f"{base}/{w['handed'].public_id}/luovutukset/{w['handover'].public_id}.zip")
    assert package.status_code == 200 and _body(package).startswith(b"PK")
