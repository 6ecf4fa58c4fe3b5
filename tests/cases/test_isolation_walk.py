"""Every resident URL, filled with resident A's ids, requested by B (same municipality), by C (another
municipality, under both slugs) and by an anonymous visitor: never A's data, never a change.

COVERED must name every pattern of the resident URL modules: a new pattern fails the test until it is
added here with the ids it takes."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver

from luukku.cases import services
from luukku.cases.models import Case, Decision, Message, Status, StatusChange
from luukku.eservices.models import Attachment, Draft

from ..factories import UserFactory
from .conftest import make_person

pytestmark = pytest.mark.django_db

MODULES = {"luukku.people.urls", "luukku.eservices.urls", "luukku.cases.urls", "luukku.cases.api_urls"}
# name (or route for unnamed patterns) → is it about one of A's objects (then only 403/404/login will do)?
COVERED = {
    "people:identify": False,
    "people:callback": False,
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
    return {
        "draft": draft, "case": open_case, "decided": decided, "request": request, "attachment": attachment,
        "decision": decision, "bertil": bertil, "carl": carl, "aino": aino, "child": child,
        "case_type": case_type, "municipality": municipality, "other": other_municipality,
        "secrets": [open_case.reference, decided.reference, "Aino", "Eetu", "Handler-question-A-51c2",
                    "Aino-secret-message-93ab", "aino-salainen", "A-only-attachment-7f3c9e", "Decision-title-A-77d1"],
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
    }


def _body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def _post_data(w):
    return {
        "body": "Intruder text", "reason": "Intruder", "confirm": "on", "for_whom": str(w["child"].public_id),
        "delete": str(w["draft"].public_id), "action": "next", "definition_version": "1",
        "start": "1.8.2026", "time": "full", "remove": str(w["attachment"].public_id),
        "files": SimpleUploadedFile("intruder.pdf", PDF, "application/pdf"),
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
    }
    before = snapshot(w)
    problems = []
    for key, route in resident_patterns():
        params = dict(values)
        if key == "cases:decision_pdf":
            params["case_id"] = w["decided"].public_id
        url = fill(route, params)
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
