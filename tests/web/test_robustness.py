"""No input may cause a 500: every URL pattern of the project, with real and hostile path values,
hostile query strings, Host and Accept-Language headers, as anonymous, resident and staff, by GET,
HEAD and POST (with and without CSRF checks). Error pages under /<slug>/<lang>/ speak that language.
"""

import re
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from luukku.catalogue.models import ChannelKind, CodeKind, ServiceHours
from luukku.core.middleware import RESERVED
from luukku.core.models import Role
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
HYPOTHESIS = settings(
    deadline=None, max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


# --- Every URL pattern, as a template with {name} holes ------------------------------------------


def _regex_template(regex: str) -> str:
    regex = regex.lstrip("^").replace("\\Z", "").rstrip("$")
    regex = re.sub(r"\(\?P<(\w+)>(?:[^()]|\([^()]*\))*\)", r"{\1}", regex)
    return regex.replace(".*", "{rest}").replace(".+", "{rest}").replace("\\", "")


def _route_template(route: str) -> str:
    return re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)


def url_templates(patterns=None, prefix=""):
    out = []
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        raw = str(entry.pattern)
        part = _regex_template(raw) if isinstance(entry.pattern, RegexPattern) else _route_template(raw)
        if isinstance(entry, URLResolver):
            out += url_templates(entry.url_patterns, prefix + part)
        elif isinstance(entry, URLPattern):
            out.append("/" + prefix + part)
    return sorted(set(out))


TEMPLATES = url_templates()
HOLE = re.compile(r"\{(\w+)\}")


# --- A small demo-like catalogue of two municipalities -------------------------------------------


@pytest.fixture
def world(db):
    pools = {"municipality": [], "slug": [], "public_id": [], "code": [], "object_id": [], "lang": ["fi", "sv", "en"]}
    born = CodeFactory(kind=CodeKind.LIFE_EVENT, code="KE7", slug="lapsi-syntyy", name={"fi": "Lapsi syntyy"})
    firm = CodeFactory(kind=CodeKind.BUSINESS_EVENT, code="KE12", slug="yrityksen-perustaminen", name={"fi": "Yritys"})
    group = CodeFactory(kind=CodeKind.TARGET_GROUP, code="KR1", slug="kansalaiset", name={"fi": "Kansalaiset"})
    pools["code"] += ["KE7", "KE12", "KR1"]
    for slug, languages in (("esimerkki", ["fi", "sv", "en"]), ("toinen", ["fi"])):
        m = MunicipalityFactory(slug=slug, languages=languages, name={"fi": slug.title()})
        with municipality_context(m):
            sector = SectorFactory(municipality=m, slug=f"kasvatus-{slug}")
            unit = UnitFactory(municipality=m, slug=f"paivakodit-{slug}", sector=sector)
            service = ServiceFactory(
                municipality=m, slug=f"varhaiskasvatus-{slug}", sector=sector, responsible_unit=unit,
                name={"fi": "Varhaiskasvatus", "sv": "Småbarnspedagogik"}, keywords={"fi": ["päiväkoti"]},
                legislation=[{"name": {"fi": "Laki"}, "url": {"fi": "https://finlex.fi/"}}, "junk"],
            )
            service.codes.set([born, firm, group])
            point = ChannelFactory(municipality=m, kind=ChannelKind.SERVICE_LOCATION, unit=unit, latitude="60.1",
                                   longitude="24.9", phones=[{"number": "+358 1 234", "charge": "FreeOfCharge"}])
            phone = ChannelFactory(municipality=m, kind=ChannelKind.PHONE, phones=[{"number": "09 123"}])
            ServiceHours.objects.create(channel=point, opening=[{"day_from": 0, "day_to": 4, "from": "08:00", "to": "16:00"}])
            ServiceHours.objects.create(channel=phone, opening=[{"day_from": 9, "from": "25:00", "to": "x"}])  # bad row
            service.channels.set([point, phone])
        pools["municipality"].append(slug)
        pools["slug"] += [sector.slug, service.slug, unit.slug, born.slug, firm.slug]
        pools["public_id"] += [str(service.public_id), str(point.public_id), str(unit.public_id)]
        pools["object_id"] += [str(service.pk), str(point.pk), str(sector.pk), str(unit.pk)]
        if slug == "esimerkki":
            resident = UserFactory(username="asukas")
            staff = UserFactory(username="toimittaja", is_staff=True)
            MembershipFactory(municipality=m, user=staff, role=Role.CATALOGUE_EDITOR)
    pools["app_label"] = ["catalogue", "core", "auth"]
    pools["rest"] = ["", "x/y", "services/"]
    return {"pools": pools, "resident": resident, "staff": staff}


def clients(world, enforce_csrf=False):
    anonymous = Client(enforce_csrf_checks=enforce_csrf)
    resident = Client(enforce_csrf_checks=enforce_csrf)
    resident.force_login(world["resident"])
    staff = Client(enforce_csrf_checks=enforce_csrf)
    staff.force_login(world["staff"])
    return {"anonymous": anonymous, "resident": resident, "staff": staff}


def fill(template: str, values: dict) -> str:
    return HOLE.sub(lambda m: values[m.group(1)], template)


def request(client, method: str, path: str, **extra):
    response = getattr(client, method)(path, **extra)
    assert response.status_code < 500, f"{method.upper()} {path!r} {extra} -> {response.status_code}"
    return response


def assert_in_language(response, path: str, pools):
    """A page under /<known municipality>/<its language>/ answers in that language, errors too."""
    parts = path.split("/")
    if len(parts) < 3 or parts[1] not in ("esimerkki",) or parts[2] not in pools["lang"]:
        return
    if response.status_code in (301, 302, 303, 307, 308) or "html" not in response.get("Content-Type", ""):
        return
    assert response["Content-Language"] == parts[2], path
    assert f'<html lang="{parts[2]}"' in response.content.decode(), path


# --- Every pattern with real values -------------------------------------------------------------


def test_the_project_has_the_expected_url_patterns():
    joined = "\n".join(TEMPLATES)
    for expected in ("/{municipality}/{lang}/palvelut/{slug}/", "/api/v1/{municipality}/services/{public_id}/",
                     "/admin/catalogue/service/{object_id}/change/", "/{municipality}/brand.css", "/healthz"):
        assert expected in joined


def real_paths(pools, templates=TEMPLATES):
    """Every pattern filled with every real value its holes take (each object page at least once)."""
    paths = set()
    for template in templates:
        holes = HOLE.findall(template)
        objects = [n for n in ("slug", "public_id", "object_id", "code") if n in holes]
        for municipality in pools["municipality"]:
            for lang in pools["lang"]:
                values = {n: "1" for n in holes} | {n: pools[n][0] for n in holes if n in pools}
                values.update(municipality=municipality, lang=lang)
                rounds = max([len(pools[n]) for n in objects] or [1])
                for index in range(rounds):
                    values.update({n: pools[n][index % len(pools[n])] for n in objects})
                    paths.add(fill(template, values))
    return sorted(paths)


def signed_in_paths(pools, part: int, parts: int):
    """The signed-in walks take each pattern in one language, the languages in turn across the patterns:
    every page still meets every language (a broken translation of a signed-in page fails here) at a
    third of the requests; the anonymous walk takes every pattern in every language. `part` of `parts`:
    every parts-th pattern, so that the test runners share a walk."""
    paths = set()
    for index, template in enumerate(TEMPLATES):
        if index % parts == part:
            lang = pools["lang"][index % len(pools["lang"])]
            paths.update(real_paths(pools | {"lang": [lang]}, [template]))
    return sorted(paths)


# Each walk in parts (the anonymous one by language): one walk was 1–2 minutes on one test runner.
WALKS = [("anonymous", "fi"), ("anonymous", "sv"), ("anonymous", "en"),
         ("resident", 0), ("resident", 1), ("staff", 0), ("staff", 1)]


@pytest.mark.parametrize(("who", "part"), WALKS)
def test_every_pattern_with_real_values_never_500(world, who, part):
    pools = world["pools"]
    if who == "anonymous":
        paths = real_paths(pools | {"lang": [part]})
    else:
        paths = signed_in_paths(pools, part, parts=2)
    client = clients(world)[who]
    for path in paths:
        response = request(client, "get", path)
        if who == "anonymous":
            assert_in_language(response, path, pools)
        # (HEAD runs the same view as GET in Django: not asked again here.)
        if not path.endswith("kirjaudu-ulos/"):  # logging out would end the session of the next requests
            request(client, "post", path, data={"q": "x", "username": "x", "password": "y"})


def test_post_without_csrf_token_is_refused_politely(world):
    for client in clients(world, enforce_csrf=True).values():
        for path in ("/esimerkki/sv/kirjaudu/", "/esimerkki/fi/kirjaudu-ulos/", "/admin/switch-municipality/",
                     "/admin/catalogue/service/add/", "/admin/login/", "/esimerkki/fi/haku/"):
            response = request(client, "post", path, data={"username": "x", "password": "y"})
            assert response.status_code in (200, 302, 403, 405)


# --- Hostile values -----------------------------------------------------------------------------

HOSTILE_TEXT = st.one_of(
    st.sampled_from([
        "../", "..%2F..%2Fetc%2Fpasswd", "%00", "\x00", "a\x00b", "\x1b[31m", "\r\nSet-Cookie: x=1", "%zz", "%C0%AF",
        "%E2%82", "%ff%fe", "' OR 1=1 --", "\"; DROP TABLE catalogue_service; --", "1e309", "-1", "0", "NaN",
        "99999999999999999999999999", "😀" * 50, "ä" * 3000, "x" * 10000, "<script>alert(1)</script>", "{{7*7}}",
        "null", "[]", "{}", "true", " ", "", "\u202e", "\ud800", "ﬁ", "İ", "𝔘𝔫𝔦", "fi-FI", "en;q=0.5",
    ]),
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=400),
)
QUERY_KEYS = st.sampled_from([
    "q", "limit", "offset", "kind", "sector", "life_event", "target_group", "lang", "page", "next", "format", "o",
    "p", "e", "all", "_changelist_filters", "status__exact", "_popup", "_to_field", "municipality", "q\x00", "",
])


def _encode(text: str, raw: bool) -> str:
    if raw and all(c.isprintable() and c not in "?#/ " for c in text):
        return text
    return quote(text.encode("utf-8", "surrogatepass"), safe="")


@st.composite
def hostile_requests(draw):
    template = draw(st.sampled_from(TEMPLATES))
    raw = draw(st.booleans())
    values = {}
    for name in HOLE.findall(template):
        # Reserved first segments (api, static, media, healthz…) are no municipality, yet match its routes.
        real = {"municipality": ["esimerkki", "toinen", *sorted(RESERVED - {""})], "lang": ["fi", "sv", "en"]}.get(name)
        if real and draw(st.booleans()):
            values[name] = draw(st.sampled_from(real))
        else:
            values[name] = _encode(draw(HOSTILE_TEXT), raw)
    path = fill(template, values)
    pairs = draw(st.lists(st.tuples(QUERY_KEYS, HOSTILE_TEXT), max_size=4))
    query = "&".join(f"{_encode(k, raw)}={_encode(v, raw)}" for k, v in pairs)
    if draw(st.booleans()):
        query = draw(st.sampled_from(["", "&&=&", "%", "q=%ff%fe", "limit=1&limit=x", "a" * 5000, "q[]=1&q[x]=2"]))
    return path + ("?" + query if query else ""), draw(st.sampled_from(["get", "head", "post"]))


@HYPOTHESIS
@given(case=hostile_requests(), who=st.sampled_from(["anonymous", "resident", "staff"]))
@example(case=("/api/x/", "get"), who="resident")  # reserved first segments were municipality routes: 500s
@example(case=("/static/fi/", "post"), who="anonymous")
@example(case=("/healthz/x/", "get"), who="staff")
def test_hostile_paths_and_query_strings_never_500(world, case, who):
    path, method = case
    client = world.setdefault("_clients", clients(world))[who]
    request(client, method, path)


@HYPOTHESIS
@given(
    template=st.sampled_from(["/", "/esimerkki/", "/esimerkki/fi/", "/esimerkki/sv/sok/?q=koulu", "/admin/",
                              "/api/v1/esimerkki/services/", "/healthz", "/esimerkki/brand.css", "/api/schema/"]),
    host=st.one_of(HOSTILE_TEXT, st.sampled_from(["evil.example", "localhost:99999", "[::1]", "a..b", "x" * 300])),
    accept_language=st.one_of(HOSTILE_TEXT, st.sampled_from(["sv", "sv-FI,fi;q=0.5", "*", "xx-YY;q=abc", "en;q=2"])),
)
def test_hostile_host_and_accept_language_never_500(world, template, host, accept_language):
    client = world.setdefault("_clients", clients(world))["anonymous"]
    headers = {"HTTP_ACCEPT_LANGUAGE": accept_language}
    if host:
        headers["HTTP_HOST"] = host.replace("\x00", "")
    request(client, "get", template, **headers)


@pytest.mark.parametrize("path", ["/es%00imerkki/fi/", "/%00/", "/api/v1/esi%00merkki/services/",
                                  "/api/v1/%00/open311/v2/services.json", "/" + "x" * 300 + "/fi/"])
def test_a_municipality_slug_that_cannot_be_one_is_a_404(world, path):
    assert Client().get(path).status_code == 404  # not a query the database refuses (NUL) and a 500


def test_unknown_language_of_a_known_municipality_is_a_404_in_its_default_language(world):
    response = Client().get("/toinen/sv/palvelut/x/")
    assert response.status_code == 404
    assert response["Content-Language"] == "fi"
    response = Client().get("/esimerkki/sv/tjanster/ei-ole/")
    assert response.status_code == 404 and '<html lang="sv"' in response.content.decode()
