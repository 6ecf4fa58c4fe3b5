"""Privacy of the front office: every page, by everyone who is not an agent of the person's
municipality, shows nothing of the person; and no page ever shows a whole identity code."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from luukku.cases.models import Case
from luukku.core.models import AuditEvent
from luukku.frontoffice.models import Contact, FollowUp

from .conftest import login, make_case

pytestmark = pytest.mark.django_db

NAMES = {"search", "person", "contact", "case_types", "start_case", "case_started", "follow_ups", "follow_up_done",
         "callbacks", "callback_request", "agent_guidance"}
OWN_LISTS = {"search", "follow_ups", "callbacks"}  # an agent of another municipality gets her own (empty) page at home
POST_ONLY = {"follow_up_done"}
RESIDENT_PAGES = {"callback_request"}  # the resident's own page: tests/frontoffice/test_callbacks.py


def frontoffice_routes():
    found = []

    def walk(patterns, prefix, namespace):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + str(p.pattern), p.namespace or namespace)
            elif isinstance(p, URLPattern) and namespace == "frontoffice":
                found.append((p.name, "/" + prefix + str(p.pattern)))

    walk(get_resolver().url_patterns, "", None)
    return [(name, route) for name, route in found if name not in RESIDENT_PAGES]


def fill(route, values):
    return re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), route)


@pytest.fixture
def started(world):
    from luukku.core import clock
    from luukku.frontoffice import services

    services.log_contact(by_user=world["agent"], person=world["parent"], channel="phone", topic="Aino's call",
                         outcome="follow_up", follow_up={"task": "Call Aino Asukas back", "due": clock.today()})
    return services.start_case(by_user=world["agent"], person=world["parent"], case_type=world["mooring"],
                               channel="phone", data={"harbour": "keskusta", "boat_type": "rowing", "length": "4",
                                                      "width": "1.5", "applicant_email": "aino@example.fi"})


def values(world, case, slug=None):
    return {"municipality": slug or world["municipality"].slug, "lang": "en", "person_id": world["parent"].public_id,
            "case_type": world["daycare"].slug, "case_id": case.public_id,
            "follow_up_id": FollowUp.all_objects.get().pk}


def test_the_walk_covers_every_front_office_url():
    assert {name for name, _route in frontoffice_routes()} | RESIDENT_PAGES == NAMES


@pytest.mark.parametrize("who", ["foreign-agent-here", "foreign-agent-at-home", "handler", "resident", "anonymous"])
def test_nobody_but_an_agent_here_sees_or_changes_anything(client, world, started, who):
    if who.startswith("foreign-agent"):
        client = login(world["foreign_agent"])
    elif who != "anonymous":
        client = login(world["handler"] if who == "handler" else world["other"].user)
    slug = world["other_municipality"].slug if who == "foreign-agent-at-home" else None
    secrets = [started.reference, "Aino", "Asukas", "Eero", world["parent"].hetu[:7]]
    before = (Case.all_objects.count(), Contact.all_objects.count(), AuditEvent.all_objects.count())
    problems = []
    for name, route in frontoffice_routes():
        path = fill(route, values(world, started, slug))
        for method in ("get", "post"):
            data = {"search": "hetu", "hetu": world["parent"].hetu, "channel": "phone", "topic": "x",
                    "frontoffice-channel": "phone", "harbour": "keskusta",
                    "kysymys": "services for our family"} if method == "post" else None
            response = getattr(client, method)(path, data)
            body = response.content.decode()
            expected = {"foreign-agent-at-home": (200, 404, 405) if name in OWN_LISTS else (404, 405),
                        "anonymous": (302,)}.get(who, (403,))
            if response.status_code not in expected:
                problems.append(f"{method} {path}: {response.status_code}")
            if who == "anonymous" and "/kirjaudu/" not in response.get("Location", ""):
                problems.append(f"{method} {path}: not to the login")
            shown = [s for s in secrets if s in body]
            if shown:
                problems.append(f"{method} {path}: shows {shown}")
    assert not problems, "\n".join(problems)
    after = (Case.all_objects.count(), Contact.all_objects.count(), AuditEvent.all_objects.count())
    if who == "foreign-agent-at-home":  # the hetu search at home is audited there, and finds no one
        assert AuditEvent.all_objects.filter(municipality=world["municipality"]).count() == before[2]
        assert after[:2] == before[:2]
    else:
        assert after == before
    assert FollowUp.all_objects.get().done_at is None


def tail_in(code: str, text: str) -> bool:
    """The code's tail (serial and check character) as a word of its own, not inside a UUID."""
    return re.search(rf"(?<![0-9a-fA-F]){re.escape(code[7:])}(?![0-9a-fA-F])", text) is not None


def test_no_page_shows_an_identity_code_except_masked(agent, world, started):
    parent, child = world["parent"], world["child"]
    make_case(parent, world["daycare"], world["daycare_form"], {"child": str(child.public_id)}, subject=child,
              mandate=world["mandate"])
    codes = [p.hetu for p in (parent, child, world["other"], world["other_child"], world["namesake"])]
    pages = {}
    for name, route in frontoffice_routes():
        for person in (parent, child):
            path = fill(route, values(world, started) | {"person_id": person.public_id})
            if name not in POST_ONLY:
                pages[path] = agent.get(path)
    pages["hetu search"] = agent.post(fill(dict(frontoffice_routes())["search"], values(world, started)),
                                      {"search": "hetu", "hetu": parent.hetu})
    pages["bad hetu search"] = agent.post(fill(dict(frontoffice_routes())["search"], values(world, started)),
                                          {"search": "hetu", "hetu": parent.hetu[:-1] + "?"})
    assert any(parent.hetu[:7] + "****" in r.content.decode() for r in pages.values())  # the card, masked
    for path, response in pages.items():
        assert response.status_code in ((200, 400) if str(child.public_id) not in path else (200, 404)), path
        html = response.content.decode()
        for code in codes:
            assert code not in html and code[:-1] not in html and not tail_in(code, html), (path, code)
    # ... and no audit row carries a code either.
    for row in AuditEvent.all_objects.values():
        text = " ".join(str(v) for v in row.values())
        assert not any(code in text or tail_in(code, text) for code in codes)
