
import pytest
from django.core.management import call_command

from luukku.catalogue.models import ChannelKind, CodeKind, PublishingStatus, ServiceHours
from luukku.core.tenancy import municipality_context

from ..factories import ChannelFactory, CodeFactory, SectorFactory, ServiceFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(municipality):
    with municipality_context(municipality):
        sector = SectorFactory(municipality=municipality, slug="kasvatus")
        unit = UnitFactory(municipality=municipality, slug="varhaiskasvatus", sector=sector)
        born = CodeFactory(kind=CodeKind.LIFE_EVENT, code="KE7", name={"fi": "Lapsen syntymä", "sv": "Barnets födelse"})
        moving = CodeFactory(kind=CodeKind.LIFE_EVENT, code="KE3", name={"fi": "Muutto"})
        families = CodeFactory(kind=CodeKind.TARGET_GROUP, code="KR1.2", name={"fi": "Lapsiperheet"})
        daycare = ServiceFactory(
            municipality=municipality,
            slug="varhaiskasvatus",
            name={"fi": "Varhaiskasvatus", "sv": "Småbarnspedagogik", "en": "Early childhood education"},
            sector=sector,
            responsible_unit=unit,
            legislation=[{"name": {"fi": "Varhaiskasvatuslaki"}, "url": {"fi": "https://finlex.fi/fi/laki/ajantasa/2018/20180540"}}],
            keywords={"fi": ["päiväkoti"]},
        )
        daycare.codes.set([born, families])
        library = ServiceFactory(municipality=municipality, slug="kirjasto", name={"fi": "Kirjasto", "sv": "Bibliotek"})
        library.codes.set([moving])
        ServiceFactory(municipality=municipality, slug="luonnos", name={"fi": "Luonnos"}, status=PublishingStatus.DRAFT)
        point = ChannelFactory(municipality=municipality, kind=ChannelKind.SERVICE_LOCATION, unit=unit,
                               name={"fi": "Päiväkoti Sateenkaari", "sv": "Daghemmet Regnbågen"},
                               latitude="60.170000", longitude="24.940000")
        ServiceHours.objects.create(channel=point, opening=[{"day_from": 0, "day_to": 4, "from": "07:00", "to": "17:00"}],
                                    info={"fi": "Arkisin"})
        hidden = ChannelFactory(municipality=municipality, kind=ChannelKind.PHONE, status=PublishingStatus.DRAFT)
        daycare.channels.set([point, hidden])
    return {"daycare": daycare, "library": library, "point": point, "unit": unit, "sector": sector}


def get(client, path, **params):
    return client.get(f"/api/v1/esimerkki/{path}", params)


def test_municipality_info(client, catalogue):
    data = get(client, "municipality/").json()
    assert data["slug"] == "esimerkki"
    assert data["name"] == {"fi": "Esimerkki", "sv": "Exempel", "en": "Example"}
    assert data["languages"] == ["fi", "sv", "en"]
    assert data["links"]["api"] == "/api/v1/esimerkki/"


def test_service_list_shows_published_services_with_translated_objects(client, catalogue):
    response = get(client, "services/")
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 2
    daycare = next(row for row in data["results"] if row["slug"] == "varhaiskasvatus")
    assert daycare["id"] == str(catalogue["daycare"].public_id)
    assert daycare["name"] == {"fi": "Varhaiskasvatus", "sv": "Småbarnspedagogik", "en": "Early childhood education"}
    assert daycare["summary"] == {"fi": "Lyhyt kuvaus."}
    assert daycare["life_events"] == ["KE7"]
    assert daycare["target_groups"] == ["KR1.2"]
    assert daycare["sector"] == "kasvatus"
    assert daycare["responsible_unit"] == str(catalogue["unit"].public_id)


def test_service_detail_has_channels_codes_and_legislation(client, catalogue):
    data = get(client, f"services/{catalogue['daycare'].public_id}/").json()
    assert data["legislation"][0]["name"] == {"fi": "Varhaiskasvatuslaki"}
    assert data["keywords"] == {"fi": ["päiväkoti"]}
    assert {c["code"] for c in data["codes"]} == {"KE7", "KR1.2"}
    # Only the published channel is shown.
    assert [c["id"] for c in data["channels"]] == [str(catalogue["point"].public_id)]
    assert data["sector"] == {"slug": "kasvatus", "name": catalogue["sector"].name}


@pytest.mark.parametrize(
    "params,expected",
    [
        ({"life_event": "KE7"}, {"varhaiskasvatus"}),
        ({"life_event": "KE3"}, {"kirjasto"}),
        ({"target_group": "KR1.2"}, {"varhaiskasvatus"}),
        ({"sector": "kasvatus"}, {"varhaiskasvatus"}),
        ({"sector": "kasvatus", "life_event": "KE3"}, set()),
        ({"q": ""}, {"varhaiskasvatus", "kirjasto"}),
    ],
)
def test_service_filters(client, catalogue, params, expected):
    response = get(client, "services/", **params)
    assert response.status_code == 200
    assert {row["slug"] for row in response.json()["results"]} == expected


@pytest.mark.parametrize(
    "params,parameter",
    [
        ({"life_event": "KE999"}, "life_event"),
        ({"target_group": "KE7"}, "target_group"),  # a life event is not a target group
        ({"sector": "ei-ole"}, "sector"),
        ({"sector": "<script>"}, "sector"),
        ({"q": "x" * 201}, "q"),
        ({"q": "x" * 2000}, "q"),
        ({"q": "and the of", "lang": "en"}, "q"),  # only stop words: told so, not an empty list
        ({"lang": "de", "q": "koulu"}, "lang"),
    ],
)
def test_bad_filters_are_400_naming_the_parameter(client, catalogue, params, parameter):
    response = get(client, "services/", **params)
    assert response.status_code == 400
    assert parameter in response.json()


def test_text_search_uses_the_search_engine_ranking(client, catalogue, monkeypatch):
    from luukku.catalogue import search

    def fake_search(municipality, query, language, limit=20, ranking_only=False):
        assert (query, language, municipality.slug, ranking_only) == ("lapsi", "sv", "esimerkki", True)
        return search.SearchResponse(query=query, results=[
            search.SearchHit(service=None, score=2.0, service_id=catalogue["library"].pk),
            search.SearchHit(service=None, score=1.0, service_id=catalogue["daycare"].pk),
        ])

    monkeypatch.setattr(search, "search", fake_search)
    data = get(client, "services/", q="lapsi", lang="sv").json()
    assert [row["slug"] for row in data["results"]] == ["kirjasto", "varhaiskasvatus"]


def test_text_search_with_the_real_engine(client, catalogue):
    data = get(client, "services/", q="varhaiskasvatus").json()
    assert [row["slug"] for row in data["results"]][:1] == ["varhaiskasvatus"]
    assert "kirjasto" not in [row["slug"] for row in data["results"]]
    filtered = get(client, "services/", q="varhaiskasvatus", life_event="KE3").json()
    assert filtered["count"] == 0


def test_text_search_pages_in_rank_order_and_counts_every_match(client, catalogue):
    """The API reads only the page's rows: page two continues the ranking and the count is of all matches."""
    municipality = catalogue["unit"].municipality
    with municipality_context(municipality):
        for name in ("Päiväkoti Omena", "Päiväkodin kerhot"):
            ServiceFactory(municipality=municipality, slug=name.split()[1].lower(), name={"fi": name})
    whole = get(client, "services/", q="päiväkoti").json()
    assert whole["count"] == 3
    first, second = (get(client, "services/", q="päiväkoti", limit=1, offset=i).json() for i in (0, 1))
    assert first["count"] == second["count"] == whole["count"]
    assert [first["results"][0]["slug"], second["results"][0]["slug"]] == [r["slug"] for r in whole["results"][:2]]


def test_text_search_pages_twenty_by_default(client, catalogue):
    municipality = catalogue["unit"].municipality
    with municipality_context(municipality):
        for i in range(25):
            ServiceFactory(municipality=municipality, slug=f"kerho-{i}", name={"fi": f"Päiväkodin kerho {i}"})
    found = get(client, "services/", q="päiväkoti").json()
    assert found["count"] == 26 and len(found["results"]) == 20 and "offset=20" in found["next"]
    assert len(get(client, "services/", q="päiväkoti", limit=50).json()["results"]) == 26
    assert len(get(client, "services/").json()["results"]) == 27  # a plain list keeps its page of 50 (the draft not in it)


@pytest.mark.parametrize("query", ["שלום עולם", "🏊‍♀️ uimahalli 🏊", "مرحبا"])
def test_right_to_left_text_and_emoji_are_answered(client, catalogue, query):
    response = get(client, "services/", q=query)
    assert response.status_code in (200, 400)
    assert "results" in response.json() or "q" in response.json()


def test_search_problem_is_a_400_on_q(client, catalogue, monkeypatch):
    from luukku.catalogue import search

    monkeypatch.setattr(search, "search", lambda *a, **k: search.SearchResponse(query="", problem="Too long."))
    response = get(client, "services/", q="???")
    assert response.status_code == 400
    assert response.json() == {"q": ["Too long."]}


def test_pagination(client, catalogue):
    data = get(client, "services/", limit=1, offset=1).json()
    assert data["count"] == 2
    assert len(data["results"]) == 1
    assert data["previous"] is not None
    assert data["next"] is None
    # Paging values that are not whole numbers are a 400 naming the parameter; too large ones are clamped.
    for params in ({"limit": "abc"}, {"offset": "-3"}, {"limit": "0"}, {"offset": ""}, {"limit": "1.5"}):
        response = get(client, "services/", **params)
        assert response.status_code == 400 and list(response.json()) == list(params)
    assert get(client, "services/", sector="", lang="", life_event="").status_code == 200  # empty: no filter
    for path in ("services/", "channels/", "units/", "life-events/"):
        assert get(client, path, limit="9" * 20).status_code == 200
        assert get(client, path, offset="9" * 20).json()["results"] == []
    assert len(get(client, "services/", limit="9" * 20).json()["results"]) == 2


def test_channels(client, catalogue):
    data = get(client, "channels/").json()
    assert [row["id"] for row in data["results"]] == [str(catalogue["point"].public_id)]
    assert data["results"][0]["latitude"] == 60.17
    detail = get(client, f"channels/{catalogue['point'].public_id}/").json()
    assert detail["name"] == {"fi": "Päiväkoti Sateenkaari", "sv": "Daghemmet Regnbågen"}
    assert detail["service_hours"][0]["opening"] == [{"day_from": 0, "day_to": 4, "opens": "07:00", "closes": "17:00"}]
    assert detail["service_hours"][0]["info"] == {"fi": "Arkisin"}
    assert [s["slug"] for s in detail["services"]] == ["varhaiskasvatus"]
    assert get(client, "channels/", kind="Phone").json()["count"] == 0
    assert get(client, "channels/", kind="Fax").status_code == 400


def test_life_events(client, catalogue):
    data = get(client, "life-events/").json()
    counts = {row["code"]: row["service_count"] for row in data["results"]}
    assert counts == {"KE3": 1, "KE7": 1}
    detail = get(client, "life-events/KE7/").json()
    assert detail["name"] == {"fi": "Lapsen syntymä", "sv": "Barnets födelse"}
    assert detail["services"] == [str(catalogue["daycare"].public_id)]
    assert get(client, "life-events/KR1.2/").status_code == 404  # a target group is not a life event


def test_units(client, catalogue):
    data = get(client, "units/").json()
    assert [row["slug"] for row in data["results"]] == ["varhaiskasvatus"]
    detail = get(client, f"units/{catalogue['unit'].public_id}/").json()
    assert [s["slug"] for s in detail["services"]] == ["varhaiskasvatus"]
    assert [c["id"] for c in detail["channels"]] == [str(catalogue["point"].public_id)]


@pytest.mark.parametrize(
    "path",
    [
        "services/not-a-uuid/",
        "services/00000000-0000-4000-8000-000000000000/",
        "channels/../",
        "units/123/",
        "life-events/NOPE/",
        "nothing-here/",
    ],
)
def test_unknown_objects_are_json_404(client, catalogue, path):
    response = get(client, path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()


def test_draft_service_is_404(client, catalogue, municipality):
    with municipality_context(municipality):
        draft = ServiceFactory(municipality=municipality, status=PublishingStatus.DRAFT)
    assert get(client, f"services/{draft.public_id}/").status_code == 404


def test_unknown_municipality_is_json_404(client, db):
    response = client.get("/api/v1/ei-kuntaa/services/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_schema_and_docs_are_served(client, db):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/{municipality}/services/" in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "/api/v1/{municipality}/services/{public_id}/" in html
    # Nothing the content security policy would block: no inline scripts or styles.
    assert "<script" not in html and "<style" not in html and "style=" not in html


def test_committed_schema_is_current():
    """CI fails when the API changes without `manage.py check_openapi --write`."""
    call_command("check_openapi")


SEARCH_SERVICE_FIELDS = {"id", "slug", "name", "summary", "type", "charge_type", "statutory", "sector",
                         "responsible_unit", "life_events", "target_groups", "modified", "score", "matched_terms"}


def test_search_answers_services_life_events_and_sectors(client, catalogue):
    data = get(client, "search/", q="muuttaessa", lang="fi").json()
    assert set(data) == {"query", "suggestion", "services", "life_events", "sectors"}
    assert data["query"] == "muuttaessa" and data["suggestion"] is None
    assert data["life_events"] == [{"code": "KE3", "kind": "life_event", "slug": catalogue["library"].codes.get().slug,
                                    "name": {"fi": "Muutto"}}]
    [library] = data["services"]  # found through its life event
    assert set(library) == SEARCH_SERVICE_FIELDS
    assert library["slug"] == "kirjasto" and library["life_events"] == ["KE3"] and library["score"] > 0
    assert library["matched_terms"] and all(isinstance(term, str) for term in library["matched_terms"])

    data = get(client, "search/", q="kasvatus").json()
    assert data["sectors"] == [{"slug": "kasvatus", "name": {"fi": "Toimiala kasvatus", "sv": "Sektor kasvatus"}}]
    daycare = data["services"][0]
    assert daycare["slug"] == "varhaiskasvatus" and daycare["sector"] == "kasvatus"
    assert daycare["responsible_unit"] == str(catalogue["unit"].public_id)
    # The same ranking as the service list's text search; a draft is never found.
    listed = get(client, "services/", q="kasvatus").json()["results"]
    assert [row["slug"] for row in data["services"]] == [row["slug"] for row in listed]
    assert "luonnos" not in [row["slug"] for row in get(client, "search/", q="luonnos").json()["services"]]


def test_search_says_what_it_read_and_limits_the_services(client, catalogue):
    data = get(client, "search/", q="varhaiskasvatsu").json()
    assert data["suggestion"] == "varhaiskasvatus" and data["services"][0]["slug"] == "varhaiskasvatus"
    assert len(get(client, "search/", q="varhaiskasvatus kirjasto", limit=1).json()["services"]) == 1


@pytest.mark.parametrize("params, parameter, message", [
    ({}, "q", "This field is required."),
    ({"q": ""}, "q", "This field may not be blank."),
    ({"q": "the and of", "lang": "en"}, "q", "only very common words"),  # said in the language of the query
    ({"q": "!!! ???", "lang": "en"}, "q", "words made of letters"),
    ({"q": "och att det", "lang": "sv"}, "q", "mycket vanliga ord"),
    ({"q": "a" * 201}, "q", "no more than 200 characters"),
    ({"q": "uimahalli\x00"}, "q", "Null characters"),
    ({"q": "kirjasto", "limit": "0"}, "limit", "greater than or equal to 1"),
    ({"q": "kirjasto", "limit": "kaikki"}, "limit", "valid integer"),
    ({"q": "kirjasto", "limit": "10000000000000000000000"}, "limit", "less than or equal to 100"),
    ({"q": "kirjasto", "lang": "de"}, "lang", "not a valid choice"),
])
def test_search_bad_input_is_a_400_naming_the_parameter(client, catalogue, params, parameter, message):
    response = client.get("/api/v1/esimerkki/search/", params, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    [problem] = response.json()[parameter]
    assert message in problem


@pytest.mark.parametrize("query", ["שלום עולם", "🏊‍♀️ uimahalli 🏊", "مرحبا", "‮kirjasto‬"])
def test_search_right_to_left_text_and_emoji_are_answered(client, catalogue, query):
    response = get(client, "search/", q=query)
    assert response.status_code in (200, 400)
    assert "services" in response.json() or "q" in response.json()


def test_search_of_an_unknown_municipality_is_a_json_404(client, db):
    response = client.get("/api/v1/ei-kuntaa/search/", {"q": "kirjasto"})
    assert response.status_code == 404 and response.json()["code"] == "not_found"
