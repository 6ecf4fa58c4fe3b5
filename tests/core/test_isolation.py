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
    return {"municipality": m, "sector": sector, "unit": unit, "channel": channel, "service": own,
            "shared": shared, "user": user, "word": word}


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
             f"{word}toimiala", f"{word}sivistys", f"{word}yksikkö", f"{word}punkt", f"{word} purpose"]
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
                # B's slugs do not exist under A's address.
                assert client.get(url).status_code == 404, url
    assert checked > len(routes)


def test_shared_slug_shows_each_municipalitys_own_service(client, tenants):
    a, b = tenants
    names = {r[1] for r in portal_routes()}
    if "service" not in names:
        pytest.skip("no service page yet")
    for own, other in ((a, b), (b, a)):
        url = reverse("catalogue:service", kwargs={"municipality": own["municipality"].slug, "lang": "fi", "slug": "kirjasto"})
        html = client.get(url).content.decode()
        assert f"{own['word']}kirjasto" in html and f"{other['word']}kirjasto" not in html


# --- (2) API ----------------------------------------------------------------------------------


def api_routes():
    for entry in api_urls.urlpatterns:
        if isinstance(entry, URLPattern) and entry.name:
            yield str(entry.pattern), entry.name


def test_api_of_a_lists_only_a(client, tenants):
    a, b = tenants
    base = f"/api/v1/{a['municipality'].slug}/"
    detail_routes = []
    for route, name in api_routes():
        if PARAMETER.search(route) or "(?P<" in route:
            detail_routes.append(route)
            continue
        response = client.get(base + route.lstrip("^").rstrip("$"))
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
            if model._meta.app_label not in ("core", "catalogue"):
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
                    b["user"].memberships.get(), Domain.objects.get(municipality=b["municipality"])):
            url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
            response = client.get(url)
            assert response.status_code in (302, 404), url
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
