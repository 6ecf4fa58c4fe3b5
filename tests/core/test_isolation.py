"""Tenant isolation: the pages, the API and the admin of municipality A never show B's rows.

The URL patterns are enumerated, not listed by hand, so a page or endpoint added later is covered.
"""

import re

import pytest
from django.contrib import admin
from django.core.cache import cache
from django.urls import URLPattern, URLResolver, reverse

from luukku.catalogue import api_urls
from luukku.catalogue import urls as catalogue_urls
from luukku.catalogue.models import CodeKind, ServiceHours
from luukku.core import clock
from luukku.core.models import Domain, Role
from luukku.core.services import record_audit, record_event
from luukku.core.tenancy import municipality_context

from ..factories import (
    ChannelFactory,
    CodeFactory,
    MembershipFactory,
    MunicipalityFactory,
    SectorFactory,
    ServiceFactory,
    UnitFactory,
    UserFactory,
)
from ..privacy.helpers import lawful

pytestmark = pytest.mark.django_db

PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


def make_municipality(slug, code, word):
    """A municipality whose every row carries `word`, so a leak is a plain substring."""
    m = MunicipalityFactory(slug=slug, code=code, name={"fi": f"{word} kunta", "sv": f"{word} kommun"})
    with municipality_context(m):
        sector = SectorFactory(municipality=m, slug=f"{slug}-toimiala", name={"fi": f"{word}toimiala"})
        shared_sector = SectorFactory(municipality=m, slug="sivistys", name={"fi": f"{word}sivistys"})
        unit = UnitFactory(municipality=m, slug=f"{slug}-yksikko", sector=sector, name={"fi": f"{word}yksikkö"})
        channel = ChannelFactory(municipality=m, unit=unit, name={"fi": f"{word}palvelupiste", "sv": f"{word}punkt"})
        ServiceHours.objects.create(channel=channel, opening=[{"day_from": 0, "day_to": 4, "from": "8:00", "to": "16:00"}])
        own = ServiceFactory(municipality=m, slug=f"{slug}-palvelu", name={"fi": f"{word}palvelu", "sv": f"{word}tjänst"},
                             sector=sector, responsible_unit=unit, keywords={"fi": [word.lower()]})
        # The same slug in both municipalities: each must show its own.
        shared = ServiceFactory(municipality=m, slug="kirjasto", name={"fi": f"{word}kirjasto", "sv": f"{word}bibliotek"},
                                sector=shared_sector)
        for service in (own, shared):
            service.codes.set(CODES)
            service.channels.set([channel])
        user = UserFactory(username=f"{word.lower()}-hallinto", is_staff=True)
        MembershipFactory(municipality=m, user=user, role=Role.ADMINISTRATOR)
        Domain.objects.create(municipality=m, host=f"asiointi.{slug}.example")
        record_event(municipality=m, kind="service.changed", obj=own, data={"marker": word})
        record_audit(municipality=m, actor=user, subject_id="00000000-0000-0000-0000-00000000000a",
                     action="person.view", purpose=f"{word} purpose")
        back_office = _back_office(own, unit, word)
    return {"municipality": m, "sector": sector, "unit": unit, "channel": channel, "service": own,
            "shared": shared, "user": user, "word": word, **back_office}


def _back_office(service, unit, word):
    """The back office's vocabulary (the cases admin lists it), named with `word` too."""
    from luukku.cases.models import DecisionTemplate, PartnerOrganisation, SubStatus
    from luukku.eservices.models import CaseType

    case_type = CaseType.objects.create(slug="sanasto", service=service, unit=unit, name={"fi": f"{word}asiatyyppi"})
    text = {"fi": f"{word}teksti"}
    return {
        "sub_status": SubStatus.objects.create(case_type=case_type, status="in_handling", code="vaihe",
                                               name={"fi": f"{word}vaihe"}),
        "partner": PartnerOrganisation.objects.create(name={"fi": f"{word}kumppani"}),
        "template": DecisionTemplate.objects.create(case_type=case_type, name={"fi": f"{word}pohja"}, title=text,
                                                    body=text, appeal_instructions=text),
    }


CODES = []


@pytest.fixture
def tenants(db):
    cache.clear()  # cached pages of an earlier test must not answer for this one
    CODES[:] = [
        CodeFactory(kind=CodeKind.LIFE_EVENT, code="KE5", slug="muutto", name={"fi": "Muutto"}),
        CodeFactory(kind=CodeKind.BUSINESS_EVENT, code="KE9", slug="yrityksen-perustaminen", name={"fi": "Perustaminen"}),
        CodeFactory(kind=CodeKind.TARGET_GROUP, code="KR1", slug="kansalaiset", name={"fi": "Kansalaiset"}),
    ]
    a = make_municipality("aalto", "901", "Alfa")
    b = make_municipality("berg", "902", "Beeta")
    yield a, b
    cache.clear()


def leaks(content: bytes, b, *, municipality_name=True) -> list[str]:
    """B's row names and ids found in `content` (B's own name only when `municipality_name`)."""
    text = content.decode("utf-8", errors="replace")
    word = b["word"]  # B's rows are named word+suffix; the bare word may be an echoed search query
    names = [f"{word} kunta"] if municipality_name else []
    names += [f"{word}palvelu", f"{word}tjänst", f"{word}kirjasto", f"{word}bibliotek",
             f"{word}toimiala", f"{word}sivistys", f"{word}yksikkö", f"{word}punkt", f"{word} purpose",
             f"{word}asiatyyppi", f"{word}vaihe", f"{word}kumppani", f"{word}pohja"]
    markers = names + [str(b["service"].public_id), str(b["channel"].public_id), str(b["unit"].public_id),
                       b["user"].username, "asiointi.berg"]
    return [marker for marker in markers if marker in text]


# --- (1) Pages --------------------------------------------------------------------------------


def portal_routes(patterns=None, prefix=""):
    for entry in patterns if patterns is not None else catalogue_urls.urlpatterns:
        if isinstance(entry, URLResolver):
            yield from portal_routes(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.name


def fill(route: str, value: str) -> str:
    return PARAMETER.sub(lambda match: value, route)


def slug_values(a, b):
    """Every slug either municipality has (A's own, shared and B's), and the codes' slugs."""
    own = [a["service"].slug, a["sector"].slug, a["unit"].slug, "kirjasto", "sivistys"]
    codes = [code.slug for code in CODES] + [code.code for code in CODES]
    foreign = [b["service"].slug, b["sector"].slug, b["unit"].slug]
    return own + codes, foreign


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_pages_of_a_never_show_b(client, tenants, lang):
    a, b = tenants
    own, foreign = slug_values(a, b)
    routes = list(portal_routes())
    assert len(routes) > 1
    base = f"/{a['municipality'].slug}/{lang}/"
    checked = 0
    for route, name in routes:
        has_parameters = bool(PARAMETER.search(route))
        for value in (own + foreign) if has_parameters else [""]:
            url = base + fill(route, value)
            for query in ({}, {"q": b["word"].lower()}, {"q": "kirjasto"}):
                response = client.get(url, query, follow=True)
                assert response.status_code in (200, 404), (url, query, response.status_code)
                assert not leaks(response.content, b), (url, query, leaks(response.content, b))
                checked += 1
            if value in foreign:
                # B's slugs do not exist under A's address (a link with the other language's URL
                # words is first redirected to the page's own words).
                assert client.get(url, follow=True).status_code == 404, url
    assert checked > len(routes)


def test_shared_slug_shows_each_municipalitys_own_service(client, tenants):
    a, b = tenants
    names = {r[1] for r in portal_routes()}
    if "service" not in names:
        pytest.skip("no service page yet")
    for own, other in ((a, b), (b, a)):
        url = reverse("catalogue:service", kwargs={"municipality": own["municipality"].slug, "lang": "fi", "slug": "kirjasto"})
        html = client.get(url, follow=True).content.decode()
        assert f"{own['word']}kirjasto" in html and f"{other['word']}kirjasto" not in html


# --- (2) API ----------------------------------------------------------------------------------


def api_routes():
    for entry in api_urls.urlpatterns:
        if isinstance(entry, URLPattern) and entry.name:
            yield str(entry.pattern), entry.name


REQUIRED_QUERY = {"search/": {"q": "palvelu"}}  # list routes that answer only a question


def test_api_of_a_lists_only_a(client, tenants):
    a, b = tenants
    base = f"/api/v1/{a['municipality'].slug}/"
    detail_routes = []
    for route, name in api_routes():
        if PARAMETER.search(route) or "(?P<" in route:
            detail_routes.append(route)
            continue
        path = route.lstrip("^").rstrip("$")
        response = client.get(base + path, REQUIRED_QUERY.get(path, {}))
        assert response.status_code == 200, route
        assert not leaks(response.content, b), (route, leaks(response.content, b))
        assert response.json() != []
    assert detail_routes

    # Every detail endpoint answers 404 for B's ids, and its A rows never mention B.
    foreign_ids = [b["service"].public_id, b["channel"].public_id, b["unit"].public_id]
    for route in detail_routes:
        for value in foreign_ids:
            url = base + re.sub(r"\(\?P<[^>]+>[^)]*\)", str(value), route.lstrip("^").rstrip("$"))
            assert client.get(url).status_code == 404, url
    for path in (f"services/{a['service'].public_id}/", f"services/{a['shared'].public_id}/",
                 f"channels/{a['channel'].public_id}/", f"units/{a['unit'].public_id}/", "life-events/KE5/",
                 "life-events/KE9/"):
        response = client.get(base + path)
        assert response.status_code == 200, path
        assert not leaks(response.content, b), (path, leaks(response.content, b))

    event = client.get(base + "life-events/KE5/").json()
    assert sorted(event["services"]) == sorted([str(a["service"].public_id), str(a["shared"].public_id)])
    assert client.get(base + "services/", {"sector": b["sector"].slug}).status_code == 400
    listed = client.get(base + "services/", {"sector": "sivistys"}).json()["results"]
    assert [row["id"] for row in listed] == [str(a["shared"].public_id)]


# --- (3) Admin --------------------------------------------------------------------------------


def test_admin_of_a_never_shows_b(client, tenants, admin_user):
    a, b = tenants
    for user in (a["user"], admin_user):  # A's administrator, and a superuser administering A
        # A superuser may switch to any municipality, so the switcher names B; nothing else may.
        names_b = not user.is_superuser
        client.force_login(user)
        session = client.session
        session["admin_municipality"] = a["municipality"].pk
        session.save()
        seen = 0
        for model, model_admin in admin.site._registry.items():
            if model._meta.app_label not in ("core", "catalogue", "cases"):
                continue
            info = (model._meta.app_label, model._meta.model_name)
            response = client.get(reverse("admin:%s_%s_changelist" % info))
            if response.status_code == 403:
                continue
            assert response.status_code == 200, info
            if model._meta.model_name != "municipality":  # the superuser's list of tenants names B by design
                assert not leaks(response.content, b, municipality_name=names_b), info
            seen += 1
        assert seen >= 8

        for obj in (b["service"], b["shared"], b["channel"], b["unit"], b["sector"],
                    b["user"].memberships.get(), Domain.objects.get(municipality=b["municipality"]),
                    b["sub_status"], b["partner"], b["template"]):
            url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
            response = client.get(url)
            assert response.status_code in (302, 403, 404), url  # 403: host names are a superuser's
            assert not leaks(client.get(url, follow=True).content, b, municipality_name=names_b), url

        # B's units are not among the choices, and cannot be forced in.
        form = client.get(reverse("admin:catalogue_service_add")).content.decode()
        assert "Alfayksikkö" in form and "Beetayksikkö" not in form
        response = client.post(reverse("admin:catalogue_channel_add"), {
            "kind": "Phone", "status": "Published", "name_fi": "Vuoto", "unit": b["unit"].pk, "urls": "{}",
            "phones": "[]", "emails": "[]", "languages": "[]", "stops": "[]",
            "hours-TOTAL_FORMS": "0", "hours-INITIAL_FORMS": "0",
        })
        assert response.status_code == 200 and "errornote" in response.content.decode()
        assert not b["unit"].channels.filter(name__fi="Vuoto").exists()


def test_staff_of_a_cannot_switch_to_b(client, tenants):
    a, b = tenants
    client.force_login(a["user"])
    index = client.get(reverse("admin:index")).content.decode()
    assert "berg" not in index
    assert client.post(reverse("admin:switch_municipality"), {"municipality": "berg"}).status_code == 403
    assert client.session.get("admin_municipality") != b["municipality"].pk
    # A session key forged to B's id is ignored: the admin stays on A.
    session = client.session
    session["admin_municipality"] = b["municipality"].pk
    session.save()
    listing = client.get(reverse("admin:catalogue_service_changelist"))
    assert b"Alfapalvelu" in listing.content and not leaks(listing.content, b)


def test_a_host_name_pins_the_admin_to_its_municipality(client, tenants):
    a, b = tenants
    client.force_login(a["user"])
    # A's staff on B's host name: not B's staff, so no entry (the login page there names B, no rows).
    response = client.get(reverse("admin:catalogue_service_changelist"), HTTP_HOST="asiointi.berg.example")
    assert response.status_code == 302 and response.url.startswith(reverse("admin:login"))
    login = client.get(response.url, HTTP_HOST="asiointi.berg.example")
    assert not leaks(login.content, b, municipality_name=False)
    assert client.post(reverse("admin:switch_municipality"), {"municipality": "aalto"},
                       HTTP_HOST="asiointi.berg.example").status_code == 302  # to the login page, not switched


# --- (4) Staff API ----------------------------------------------------------------------------
# A's administrator (every staff role in A) asks the staff API for B's cases, persons, files and
# rows: nothing of B's comes back and nothing of B's changes. STAFF_API_COVERED must name every
# pattern of cases/staff_api_urls.py, so a new endpoint fails here until it is walked.

STAFF_API_COVERED = {
    "units": (), "cases": (), "case": ("case_id",), "case-claim": ("case_id",), "case-assign": ("case_id",),
    "case-status": ("case_id",), "case-notes": ("case_id",), "case-messages": ("case_id",),
    "case-information-requests": ("case_id",), "case-transfer": ("case_id",), "case-handover": ("case_id",),
    "handover-package": ("case_id", "handover_id"), "case-decision": ("case_id",),
    "decision-pdf": ("case_id", "decision_id"), "decision-templates": (), "partners": (), "case-types": (),
    "person-search": (), "person": ("person_id",), "person-contacts": ("person_id",),
    "person-cases": ("person_id",), "^.*$": (),
}


def staff_api_routes():
    from luukku.cases import staff_api_urls

    for entry in staff_api_urls.urlpatterns:
        yield entry.name or str(entry.pattern), str(entry.pattern)


def make_casework(t):
    """Cases, a person, a decision, a hand-over, a note, a contact, a partner and a template in
    municipality `t`, every one named with t's word (ASCII, so it is found in any JSON)."""
    from luukku.cases import services as case_services
    from luukku.cases.models import DecisionTemplate, PartnerOrganisation
    from luukku.eservices.models import CaseType, Draft, FormDefinition
    from luukku.frontoffice import services as frontoffice_services

    from ..cases.conftest import make_person

    m, word, user = t["municipality"], t["word"], t["user"]
    case_type = CaseType.all_objects.create(municipality=m, slug="hakemus", service=t["service"], unit=t["unit"],
                                            name={"fi": f"{word}hakemus"})
    definition = FormDefinition.all_objects.create(municipality=m, case_type=case_type, status="published")
    person = make_person(m, f"{word}asukas", "Sukunimi")

    def new_case():
        draft = Draft.all_objects.create(municipality=m, case_type=case_type, definition=definition,
                                         applicant=person, data={"info": f"{word}vastaus"})
        return case_services.submit_draft(draft, by_person=person)

    case, decided, handed = new_case(), new_case(), new_case()
    case_services.add_note(case, user, f"{word}muistiinpano")
    decision = case_services.decide(decided, user, f"{word}paatos", "text", "fi")
    partner = t.get("partner") or PartnerOrganisation.all_objects.create(municipality=m, name={"fi": f"{word}kumppani"})
    lawful(handed.case_type)
    handover = case_services.hand_over(handed, user, partner, f"{word}syy")
    if "template" not in t:
        DecisionTemplate.all_objects.create(municipality=m, name={"fi": f"{word}pohja"}, title={"fi": "t"},
                                            body={"fi": "b"}, appeal_instructions={"fi": "a"})
    contact = frontoffice_services.log_contact(
        by_user=user, person=person, channel="phone", topic=f"{word}yhteys", outcome="follow_up",
        follow_up={"task": f"{word}jatkotoimi", "due": clock.today()})
    frontoffice_services.request_callback(person=person, phone="0405550101", topic=f"{word}soittopyynto")
    t.update(follow_up=contact.follow_up)
    t.update(case=case, decided=decided, handed=handed, decision=decision, handover=handover, person=person,
             partner=partner, case_type=case_type)
    return t


def staff_leaks(content: bytes, b) -> list[str]:
    text = content.decode("utf-8", errors="replace")
    word = b["word"]
    markers = [f"{word}{suffix}" for suffix in ("hakemus", "asukas", "vastaus", "muistiinpano", "paatos",
                                                "kumppani", "syy", "pohja", "yhteys", "jatkotoimi", "soittopyynto")]
    markers += [b[k].reference for k in ("case", "decided", "handed")]
    markers += [str(b[k].public_id) for k in ("person", "partner")]
    return [marker for marker in markers if marker in text] + leaks(content, b)


def test_the_staff_api_of_a_never_shows_or_changes_b(client, tenants, settings, tmp_path):
    from uuid import uuid4

    from luukku.cases.models import Case, InternalNote
    from luukku.frontoffice.models import Contact

    settings.MEDIA_ROOT = tmp_path / "media"
    a, b = (make_casework(t) for t in tenants)
    assert {name for name, _route in staff_api_routes()} == set(STAFF_API_COVERED)
    client.force_login(a["user"])
    base = f"/api/v1/{a['municipality'].slug}/staff/"
    before = (list(Case.all_objects.filter(municipality=b["municipality"]).values_list("status", "assignee", "unit")),
              InternalNote.all_objects.count(), Contact.all_objects.count())

    def check(response, what):
        assert response.status_code < 500, (what, response.status_code)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert not staff_leaks(body, b), (what, staff_leaks(body, b))
        return response

    # Lists: A's rows only (the control: they are there), B's nowhere.
    for path, params, own in [("units/", {}, a["unit"].public_id), ("cases/", {"unit": a["unit"].public_id},
                                                                     a["case"].reference),
                              ("decision-templates/", {}, "Alfapohja"), ("partners/", {}, "Alfakumppani"),
                              ("case-types/", {}, "Alfahakemus")]:
        response = check(client.get(base + path, params), path)
        assert response.status_code == 200 and str(own) in response.content.decode(), path
    assert check(client.get(base + "cases/", {"unit": b["unit"].public_id}), "B's queue").status_code == 400
    for query in ({"name": "Beetaasukas", "birth_date": "1985-04-01"}, {"hetu": b["person"].hetu}):
        found = check(client.post(base + "persons/search/", query, content_type="application/json"), query)
        assert found.status_code == 200 and found.json()["results"] == []
    own = client.post(base + "persons/search/", {"hetu": a["person"].hetu}, content_type="application/json")
    assert own.json()["results"][0]["id"] == str(a["person"].public_id)

    # Every endpoint with an id, filled with B's ids (and A's case with B's file ids): 404, or 405 for
    # a method the endpoint does not take; never B's data, whatever is posted.
    ids = {"case_id": b["case"].public_id, "person_id": b["person"].public_id}
    files = {"handover-package": [(b["handed"].public_id, b["handover"].public_id),
                                  (a["handed"].public_id, b["handover"].public_id)],
             "decision-pdf": [(b["decided"].public_id, b["decision"].public_id),
                              (a["decided"].public_id, b["decision"].public_id)]}
    payload = {"body": "x", "reason": "x", "assignee": a["user"].pk, "status": "closed", "unit": str(a["unit"].public_id),
               "partner": str(a["partner"].public_id), "template": str(uuid4()), "values": {}, "channel": "phone",
               "topic": "x", "case_type": "hakemus", "data": {}}
    walked = 0
    for name, route in staff_api_routes():
        params = STAFF_API_COVERED[name]
        if not params:
            continue
        fillings = files.get(name) or [tuple(ids[p] for p in params)]
        for values in fillings:
            url = base + route
            for param, value in zip(params, values):
                url = re.sub(rf"<uuid:{param}>", str(value), url)
            for method in ("get", "post"):
                response = check(getattr(client, method)(url, payload, content_type="application/json"), url)
                assert response.status_code in (404, 405), (method, url, response.status_code)
                walked += 1
    assert walked >= 2 * (len([p for p in STAFF_API_COVERED.values() if p]) + 2)
    after = (list(Case.all_objects.filter(municipality=b["municipality"]).values_list("status", "assignee", "unit")),
             InternalNote.all_objects.count(), Contact.all_objects.count())
    assert after == before

    # The control: the same URLs with A's own ids answer with A's data.
    assert client.get(base + f"cases/{a['case'].public_id}/").json()["reference"] == a["case"].reference
    assert client.get(base + f"persons/{a['person'].public_id}/").json()["id"] == str(a["person"].public_id)


# --- (5) Front office -------------------------------------------------------------------------
# A's administrator (who may serve residents in A) searches for B's resident and walks every
# front-office page with B's ids under A's address: found nowhere, 404 (405 for a method a page
# does not take), nothing of B's shown or changed. FRONTOFFICE_COVERED names every pattern.

FRONTOFFICE_COVERED = {
    "search": (), "person": ("person_id",), "contact": ("person_id",), "case_types": ("person_id",),
    "start_case": ("person_id", "case_type"), "case_started": ("person_id", "case_id"),
    "follow_ups": (), "follow_up_done": ("follow_up_id",), "callbacks": (), "callback_request": (),
    "agent_guidance": ("person_id",),
}
FRONTOFFICE_LISTS = ("follow_ups", "callbacks")  # A's own lists: never a row of B's


def frontoffice_routes():
    from django.urls import get_resolver

    found = []

    def walk(patterns, prefix, namespace):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + str(p.pattern), p.namespace or namespace)
            elif isinstance(p, URLPattern) and namespace == "frontoffice":
                found.append((p.name, "/" + prefix + str(p.pattern)))

    walk(get_resolver().url_patterns, "", None)
    return found


def test_the_front_office_of_a_never_finds_or_opens_b(client, tenants, settings, tmp_path):
    from luukku.cases.models import Case
    from luukku.core.models import AuditEvent
    from luukku.frontoffice.models import Contact

    settings.MEDIA_ROOT = tmp_path / "media"
    a, b = (make_casework(t) for t in tenants)
    routes = frontoffice_routes()
    assert {name for name, _route in routes} == set(FRONTOFFICE_COVERED)
    client.force_login(a["user"])
    before = (Case.all_objects.count(), Contact.all_objects.count(),
              AuditEvent.all_objects.filter(municipality=b["municipality"]).count())

    search = reverse("frontoffice:search", args=[a["municipality"].slug, "fi"])
    # (typed in lower case: the name typed is kept in the form, B's row would show capitalised)
    for data in ({"search": "name", "name": f"{b['word']}asukas".lower(), "birth_date": "1.4.1985"},
                 {"search": "hetu", "hetu": b["person"].hetu}):
        response = client.post(search, data)
        assert response.status_code == 200 and not staff_leaks(response.content, b), data
        assert str(b["person"].public_id) not in response.content.decode()
    own = client.post(search, {"search": "name", "name": f"{a['word']}asukas".lower(), "birth_date": "1.4.1985"})
    assert str(a["person"].public_id) in own.content.decode()  # the control: A's own resident is found

    for name in FRONTOFFICE_LISTS:
        page = client.get(reverse(f"frontoffice:{name}", args=[a["municipality"].slug, "fi"]))
        assert page.status_code == 200 and not staff_leaks(page.content, b), name
    fillings = {"person_id": [b["person"].public_id], "case_type": ["hakemus"],
                "case_id": [b["case"].public_id], "follow_up_id": [b["follow_up"].pk]}
    walked = 0
    for name, route in routes:
        params = FRONTOFFICE_COVERED[name]
        if not params:
            continue
        url = route.replace("<slug:municipality>", a["municipality"].slug).replace("<str:lang>", "fi")
        for param in params:
            url = re.sub(rf"<(?:\w+:)?{param}>", str(fillings[param][0]), url)
        for method in ("get", "post"):
            response = getattr(client, method)(url, {"channel": "phone", "topic": "x", "frontoffice-channel": "phone"})
            assert response.status_code in (404, 405), (method, url, response.status_code)
            # (the ids asked for are no secret: the 404 page's language links repeat the address)
            assert not [m for m in staff_leaks(response.content, b) if m not in url], (method, url)
            walked += 1
    # A's resident with B's case: still nothing.
    url = reverse("frontoffice:case_started", args=[a["municipality"].slug, "fi", a["person"].public_id,
                                                    b["case"].public_id])
    assert client.get(url).status_code == 404
    assert walked == 2 * sum(1 for params in FRONTOFFICE_COVERED.values() if params)
    after = (Case.all_objects.count(), Contact.all_objects.count(),
             AuditEvent.all_objects.filter(municipality=b["municipality"]).count())
    assert after == before
