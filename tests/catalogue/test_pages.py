"""The resident portal: every page in fi/sv/en, language links, fallbacks, 404s, search edge
cases, CSP-safe markup and the page cache."""

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.test import override_settings

from luukku.catalogue import search as search_module
from luukku.catalogue.models import ChannelKind, CodeKind, HoursKind, PublishingStatus, ServiceHours
from luukku.core import clock
from luukku.core.services import bump_content_version
from luukku.core.tenancy import municipality_context

from ..factories import ChannelFactory, CodeFactory, SectorFactory, ServiceFactory, UnitFactory

pytestmark = pytest.mark.django_db
LANGUAGES = ["fi", "sv", "en"]


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def catalogue(municipality):
    """A small catalogue: a service with a channel of every kind, hours, a life event and a sector."""
    municipality.email = "kirjaamo@esimerkki.fi"
    municipality.phone = "09 123 4567"
    municipality.accessibility_statement = {"fi": "Palvelu täyttää WCAG 2.1 AA -vaatimukset osittain."}
    municipality.privacy_notice = {"fi": "Rekisterinpitäjä on Esimerkin kunta.", "sv": "Registeransvarig är Exempel kommun."}
    municipality.save()
    with municipality_context(municipality):
        sector = SectorFactory(
            municipality=municipality, slug="kasvatus", name={"fi": "Kasvatus ja opetus", "sv": "Fostran och utbildning"}
        )
        unit = UnitFactory(municipality=municipality, slug="vaka", name={"fi": "Varhaiskasvatus"}, phone="09 222 3333")
        birth = CodeFactory(
            kind=CodeKind.LIFE_EVENT, code="KE4", slug="lapsen-syntyma",
            name={"fi": "Lapsen syntymä", "sv": "Barnets födelse", "en": "Birth of a child"},
            description={"fi": "Palvelut lapsiperheille."},
        )
        starting = CodeFactory(
            kind=CodeKind.BUSINESS_EVENT, code="KE9", slug="yrityksen-perustaminen",
            name={"fi": "Yrityksen perustaminen", "sv": "Att grunda ett företag"},
        )
        target = CodeFactory(kind=CodeKind.TARGET_GROUP, code="KR1", slug="", name={"fi": "Kansalaiset", "sv": "Medborgare"})
        service = ServiceFactory(
            municipality=municipality, slug="varhaiskasvatus", sector=sector, responsible_unit=unit,
            name={"fi": "Varhaiskasvatus", "sv": "Småbarnspedagogik", "en": "Early childhood education"},
            summary={"fi": "Hoitopaikka lapselle.", "sv": "Vårdplats för barnet."},
            description={"fi": "Kuvaus suomeksi.\n\nToinen kappale."},  # no sv/en: falls back to fi
            requirements={"fi": "Lapsen henkilötunnus.", "sv": "Barnets personbeteckning.", "en": "The child's identity code."},
            user_instructions={"fi": "Hae neljä kuukautta ennen."},
            processing_time={"fi": "4 kuukautta"},
            charge_type="Chargeable", fees={"fi": "Kuukausimaksu tulojen mukaan."},
            statutory=True,
            legislation=[{"name": {"fi": "Varhaiskasvatuslaki"}, "url": {"fi": "https://finlex.fi/fi/laki/ajantasa/2018/20180540"}}],
            popularity=10,
        )
        service.codes.add(birth, starting, target)
        e_service = ChannelFactory(
            municipality=municipality, kind=ChannelKind.E_SERVICE, name={"fi": "Hae varhaiskasvatukseen"},
            urls={"fi": "https://asiointi.example/vaka", "sv": "https://asiointi.example/sv/vaka"},
            requires_authentication=True,
        )
        web = ChannelFactory(municipality=municipality, kind=ChannelKind.WEB_PAGE, name={"fi": "Lisätietoa"},
                             urls={"fi": "https://esimerkki.fi/vaka"})
        form = ChannelFactory(municipality=municipality, kind=ChannelKind.PRINTABLE_FORM, name={"fi": "Hakulomake"},
                              urls={"fi": "https://esimerkki.fi/lomake.pdf"}, form_identifier={"fi": "VAKA1"})
        phone = ChannelFactory(
            municipality=municipality, kind=ChannelKind.PHONE, name={"fi": "Palveluohjaus"},
            phones=[{"number": "+358 9 123 4567", "charge": "Chargeable", "charge_info": {"fi": "pvm/mpm"}}],
        )
        location = ChannelFactory(
            municipality=municipality, kind=ChannelKind.SERVICE_LOCATION, name={"fi": "Päiväkoti Omena", "sv": "Daghemmet Äpplet"},
            street_address={"fi": "Koulutie 1"}, postal_code="00100", post_office={"fi": "Helsinki", "sv": "Helsingfors"},
            accessibility={"fi": "Esteetön sisäänkäynti."},
        )
        ServiceHours.objects.create(channel=location, kind=HoursKind.STANDARD,
                                    opening=[{"day_from": 0, "day_to": 4, "from": "08:00", "to": "16:00"}])
        bus = ChannelFactory(
            municipality=municipality, kind=ChannelKind.MOBILE_UNIT, name={"fi": "Terveysbussi"},
            stops=[{"place": {"fi": "Kylätalo"}, "address": {"fi": "Kylätie 2"}, "weekday": 2, "from": "09:00", "to": "11:30"}],
        )
        draft = ChannelFactory(municipality=municipality, kind=ChannelKind.WEB_PAGE, name={"fi": "Luonnoskanava"},
                               status=PublishingStatus.DRAFT)
        service.channels.add(e_service, web, form, phone, location, bus, draft)
        ServiceFactory(municipality=municipality, slug="luonnos", status=PublishingStatus.DRAFT, name={"fi": "Luonnos"})
    return {"service": service, "sector": sector, "birth": birth, "starting": starting, "municipality": municipality,
            "location": location}


# The catalogue's URL words on Swedish pages (catalogue/urls.py); other languages use the Finnish words.
SWEDISH_WORDS = {"elamantilanteet": "livssituationer", "yritykselle": "for-foretag", "toimialat": "sektorer",
                 "palvelut": "tjanster", "haku": "sok", "saavutettavuusseloste": "tillganglighetsutlatande",
                 "tietosuoja": "dataskydd"}


def in_language(url: str, lang: str) -> str:
    """A page URL in `lang`: its words in Swedish on Swedish pages."""
    url = url.format(lang=lang)
    if lang == "sv":
        for fi, sv in SWEDISH_WORDS.items():
            url = url.replace(f"/sv/{fi}/", f"/sv/{sv}/")
    return url


def page_urls():
    return [
        "/esimerkki/{lang}/",
        "/esimerkki/{lang}/elamantilanteet/",
        "/esimerkki/{lang}/elamantilanteet/lapsen-syntyma/",
        "/esimerkki/{lang}/yritykselle/",
        "/esimerkki/{lang}/yritykselle/yrityksen-perustaminen/",
        "/esimerkki/{lang}/toimialat/",
        "/esimerkki/{lang}/toimialat/kasvatus/",
        "/esimerkki/{lang}/palvelut/varhaiskasvatus/",
        "/esimerkki/{lang}/haku/",
        "/esimerkki/{lang}/haku/?q=p%C3%A4iv%C3%A4koti",
        "/esimerkki/{lang}/saavutettavuusseloste/",
        "/esimerkki/{lang}/tietosuoja/",
    ]


def assert_csp_safe(html):
    assert "style=" not in html
    assert "<style" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html), "inline script"


def assert_accessible_basics(html, lang):
    assert f'<html lang="{lang}">' in html
    assert html.count("<h1") == 1
    for landmark in ("<header", "<nav", "<main", "<footer"):
        assert landmark in html
    assert 'class="skip-link" href="#main"' in html


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("url", page_urls())
def test_every_page_renders_in_every_language(client, catalogue, url, lang):
    response = client.get(in_language(url, lang))
    assert response.status_code == 200
    html = response.content.decode()
    assert_csp_safe(html)
    assert_accessible_basics(html, lang)
    assert response["Content-Language"] == lang


def test_front_page_shows_life_events_sectors_popular_and_legal_pages(client, catalogue):
    html = client.get("/esimerkki/fi/").content.decode()
    assert "Lapsen syntymä" in html and 'href="/esimerkki/fi/elamantilanteet/lapsen-syntyma/"' in html
    assert "Yrityksen perustaminen" in html
    assert 'href="/esimerkki/fi/toimialat/kasvatus/"' in html
    assert 'href="/esimerkki/fi/palvelut/varhaiskasvatus/"' in html
    assert 'href="/esimerkki/fi/saavutettavuusseloste/"' in html
    assert 'href="/esimerkki/fi/tietosuoja/"' in html
    assert "Luonnos" not in html  # drafts are not public
    assert '<label for="q">' in html and 'id="q" name="q"' in html


def test_language_switch_links_to_the_same_page_named_in_its_own_language(client, catalogue):
    html = client.get("/esimerkki/fi/palvelut/varhaiskasvatus/").content.decode()
    # The switch goes through choose-language (the choice is remembered), to the page in that language.
    switch = "/esimerkki/{}/kieli/?next="
    assert f'<a href="{switch.format("sv")}%2Fesimerkki%2Fsv%2Ftjanster%2Fvarhaiskasvatus%2F" hreflang="sv" lang="sv">Svenska</a>' in html
    assert f'<a href="{switch.format("en")}%2Fesimerkki%2Fen%2Fpalvelut%2Fvarhaiskasvatus%2F" hreflang="en" lang="en">English</a>' in html
    assert '<link rel="alternate" hreflang="sv" href="/esimerkki/sv/tjanster/varhaiskasvatus/">' in html
    assert 'lang="fi" aria-current="true">Suomi</span>' in html
    search = client.get("/esimerkki/sv/sok/?q=koulu").content.decode()
    assert f'href="{switch.format("fi")}%2Fesimerkki%2Ffi%2Fhaku%2F%3Fq%3Dkoulu" hreflang="fi" lang="fi">Suomi</a>' in search
    assert client.get(f'{switch.format("fi")}%2Fesimerkki%2Ffi%2Fhaku%2F%3Fq%3Dkoulu')["Location"] == "/esimerkki/fi/haku/?q=koulu"


def test_language_switch_only_offers_the_municipalitys_languages(client, catalogue):
    m = catalogue["municipality"]
    m.languages = ["fi", "sv"]
    m.save()
    html = client.get("/esimerkki/fi/").content.decode()
    assert "hreflang=\"en\"" not in html
    assert client.get("/esimerkki/en/").status_code == 404


def test_service_page_shows_channels_hours_fees_and_the_e_service_button(client, catalogue):
    with clock.frozen_at(dt.datetime(2026, 6, 10, 10, 0)):  # Wednesday
        html = client.get("/esimerkki/fi/palvelut/varhaiskasvatus/").content.decode()
    assert 'class="button button-primary button-large" href="https://asiointi.example/vaka" data-action="external">Käytä sähköistä palvelua' in html
    assert "https://esimerkki.fi/vaka" in html and "https://esimerkki.fi/lomake.pdf" in html and "VAKA1" in html
    assert 'href="tel:+358912345 67"' not in html and 'href="tel:+35891234567"' in html
    assert "Koulutie 1, 00100 Helsinki" in html
    assert "Avoinna nyt, sulkeutuu 16.00" in html
    assert "Kylätalo, Kylätie 2" in html and "9.00–11.30" in html
    assert "Lapsen henkilötunnus." in html and "Kuukausimaksu tulojen mukaan." in html
    assert "Varhaiskasvatuslaki" in html and "Yksikkö" not in html
    assert "Luonnoskanava" not in html  # a draft channel is not shown
    assert "Esteetön sisäänkäynti." in html


def test_service_page_in_swedish_uses_swedish_url_and_marks_finnish_fallbacks(client, catalogue):
    with clock.frozen_at(dt.datetime(2026, 6, 13, 10, 0)):  # Saturday
        html = client.get("/esimerkki/sv/tjanster/varhaiskasvatus/").content.decode()
    assert "<h1>Småbarnspedagogik</h1>" in html
    assert "https://asiointi.example/sv/vaka" in html
    assert '<div lang="fi"><p>Kuvaus suomeksi.</p>' in html  # description only in Finnish
    assert '<span lang="fi">Hae neljä kuukautta ennen.</span>' not in html  # blocks use div
    assert "Stängt, öppnar" in html and "8.00" in html
    assert "Barnets personbeteckning." in html


@pytest.mark.parametrize("old, new", [
    ("/esimerkki/sv/palvelut/varhaiskasvatus/", "/esimerkki/sv/tjanster/varhaiskasvatus/"),
    ("/esimerkki/sv/elamantilanteet/lapsen-syntyma/", "/esimerkki/sv/livssituationer/lapsen-syntyma/"),
    ("/esimerkki/sv/yritykselle/yrityksen-perustaminen/", "/esimerkki/sv/for-foretag/yrityksen-perustaminen/"),
    ("/esimerkki/sv/haku/?q=koulu", "/esimerkki/sv/sok/?q=koulu"),
    ("/esimerkki/fi/tjanster/varhaiskasvatus/", "/esimerkki/fi/palvelut/varhaiskasvatus/"),
])
def test_a_link_with_the_other_languages_url_words_is_redirected_to_the_pages_own(client, catalogue, old, new):
    response = client.get(old)
    assert response.status_code == 301 and response["Location"] == new
    assert client.get(new).status_code == 200


def test_swedish_pages_link_to_swedish_url_words(client, catalogue):
    html = client.get("/esimerkki/sv/").content.decode()
    for word in ("livssituationer", "sektorer", "sok", "tillganglighetsutlatande", "dataskydd"):
        assert f'href="/esimerkki/sv/{word}/"' in html
    assert "/sv/palvelut/" not in html and "/sv/haku/" not in html
    # Other languages keep the Finnish words.
    assert 'href="/esimerkki/en/haku/"' in client.get("/esimerkki/en/").content.decode()


def test_english_hours_use_a_colon(client, catalogue):
    with clock.frozen_at(dt.datetime(2026, 6, 10, 10, 0)):
        html = client.get("/esimerkki/en/palvelut/varhaiskasvatus/").content.decode()
    assert "Open now, closes 16:00" in html


def test_life_event_page_groups_services_by_sector(client, catalogue):
    html = client.get("/esimerkki/sv/livssituationer/lapsen-syntyma/").content.decode()
    assert "<h1>Barnets födelse</h1>" in html
    assert "Fostran och utbildning</h2>" in html
    assert 'href="/esimerkki/sv/tjanster/varhaiskasvatus/">Småbarnspedagogik</a>' in html


def test_accessibility_statement_and_privacy_notice_come_from_the_municipality(client, catalogue):
    assert "WCAG 2.1 AA -vaatimukset osittain" in client.get("/esimerkki/fi/saavutettavuusseloste/").content.decode()
    sv = client.get("/esimerkki/sv/dataskydd/").content.decode()
    assert "Registeransvarig är Exempel kommun." in sv


def test_unknown_municipality_is_a_404_in_finnish_and_swedish(client, db):
    response = client.get("/ei-ole/fi/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Sivua ei löytynyt" in html and "Sidan hittades inte" in html


@pytest.mark.parametrize(
    "lang,text", [("fi", "Sivua ei löytynyt"), ("sv", "Sidan hittades inte"), ("en", "Page not found")]
)
def test_unknown_service_is_a_404_in_the_pages_language(client, catalogue, lang, text):
    response = client.get(in_language("/esimerkki/{lang}/palvelut/ei-ole/", lang))
    assert response.status_code == 404
    html = response.content.decode()
    assert text in html and f'<html lang="{lang}">' in html
    assert_csp_safe(html)


@pytest.mark.parametrize(
    "url", ["/esimerkki/fi/elamantilanteet/ei-ole/", "/esimerkki/fi/toimialat/ei-ole/", "/esimerkki/xx/",
            "/esimerkki/fi/palvelut/luonnos/"]
)
def test_unknown_pages_are_404(client, catalogue, url):
    assert client.get(url).status_code == 404


def test_another_municipalitys_service_is_not_reachable_here(client, catalogue, other_municipality):
    with municipality_context(other_municipality):
        ServiceFactory(municipality=other_municipality, slug="vieras-palvelu", name={"fi": "Vieras palvelu"})
    assert client.get("/toinen/fi/palvelut/vieras-palvelu/").status_code == 200
    assert client.get("/esimerkki/fi/palvelut/vieras-palvelu/").status_code == 404


@pytest.mark.parametrize(
    "query",
    ["", "   ", "a" * 2000, "b" * 5000, "😀🎉🔥", "'; DROP TABLE catalogue_service; --", "\x00nul", "%", "<script>alert(1)</script>"],
)
@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_search_edge_cases_give_a_helpful_page(client, catalogue, query, lang):
    response = client.get(in_language("/esimerkki/{lang}/haku/", lang), {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert" not in html
    assert_csp_safe(html)
    assert 'id="search-help"' in html or 'class="results"' in html


def test_search_keeps_the_query_and_shows_hits_suggestion_and_life_events(client, catalogue, monkeypatch):
    service, birth = catalogue["service"], catalogue["birth"]

    def fake_search(municipality, query, language, limit=20):
        assert municipality.slug == "esimerkki" and language == "fi"
        hit = search_module.SearchHit(service=service, score=1.0, matched_life_events=[birth])
        return search_module.SearchResponse(query=query, results=[hit], suggestion="päiväkoti")

    monkeypatch.setattr(search_module, "search", fake_search)
    html = client.get("/esimerkki/fi/haku/", {"q": "päiväkodi"}).content.decode()
    assert 'value="päiväkodi"' in html
    assert "Tarkoititko" in html and 'href="/esimerkki/fi/haku/?q=p%C3%A4iv%C3%A4koti"' in html
    assert 'href="/esimerkki/fi/palvelut/varhaiskasvatus/">Varhaiskasvatus</a>' in html
    assert "Elämäntilanne:" in html and "Lapsen syntymä" in html


def test_search_shows_the_engines_problem_and_survives_its_failure(client, catalogue, monkeypatch):
    monkeypatch.setattr(
        search_module, "search", lambda m, q, lang, limit=20: search_module.SearchResponse(query=q, problem="Liian pitkä haku.")
    )
    assert "Liian pitkä haku." in client.get("/esimerkki/fi/haku/", {"q": "x" * 2000}).content.decode()

    def broken(*args, **kwargs):
        raise RuntimeError("engine down")

    monkeypatch.setattr(search_module, "search", broken)
    response = client.get("/esimerkki/fi/haku/", {"q": "koulu"})
    assert response.status_code == 200 and "Haku ei toimi juuri nyt" in response.content.decode()


def test_no_results_page_offers_spelling_help_life_events_and_contact(client, catalogue):
    html = client.get("/esimerkki/fi/haku/", {"q": "qwertyzxcv"}).content.decode()
    assert "Tarkista kirjoitusasu" in html
    assert 'href="/esimerkki/fi/elamantilanteet/lapsen-syntyma/"' in html
    assert "tel:0912345 67" not in html and 'href="tel:091234567"' in html
    assert "mailto:kirjaamo@esimerkki.fi" in html


def test_brand_css_darkens_a_light_colour_to_meet_contrast(client, catalogue):
    from luukku.web.views import brand_colours, contrast

    m = catalogue["municipality"]
    m.primary_colour = "#ffcc00"
    m.save()
    response = client.get("/esimerkki/brand.css")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/css")
    brand = re.search(r"--brand: (#[0-9a-f]{6})", response.content.decode()).group(1)
    rgb = tuple(int(brand[i : i + 2], 16) for i in (1, 3, 5))
    assert contrast(rgb, (255, 255, 255)) >= 4.5 and contrast(rgb, (243, 244, 246)) >= 4.5
    tint = brand_colours("#ffcc00")["brand_tint"]
    assert contrast(rgb, tuple(int(tint[i : i + 2], 16) for i in (1, 3, 5))) >= 4.5
    assert brand_colours("#0000bf")["brand"] == "#0000bf"  # an accessible colour is kept


@override_settings(LUUKKU_PAGE_CACHE_SECONDS=300)
def test_page_cache_serves_the_same_bytes_until_content_changes(client, catalogue):
    url = "/esimerkki/fi/palvelut/varhaiskasvatus/"
    first = client.get(url)
    assert first["X-Page-Cache"] == "miss"
    second = client.get(url)
    assert second["X-Page-Cache"] == "hit" and second.content == first.content
    assert second["Content-Language"] == "fi" and "Content-Security-Policy" in second
    # Another language and another query are other pages.
    assert client.get("/esimerkki/sv/tjanster/varhaiskasvatus/")["X-Page-Cache"] == "miss"
    assert client.get("/esimerkki/fi/haku/?q=a")["X-Page-Cache"] == "miss"
    assert client.get("/esimerkki/fi/haku/?q=b")["X-Page-Cache"] == "miss"
    assert client.get("/esimerkki/fi/haku/?q=a")["X-Page-Cache"] == "hit"

    service = catalogue["service"]
    with municipality_context(catalogue["municipality"]):
        service.name = {"fi": "Päivähoito"}
        service.save()
    bump_content_version(catalogue["municipality"].pk)
    third = client.get(url)
    assert third["X-Page-Cache"] == "miss" and "Päivähoito" in third.content.decode()


@override_settings(LUUKKU_PAGE_CACHE_SECONDS=300)
def test_page_cache_skips_logged_in_users_and_404s(client, catalogue, django_user_model):
    assert "X-Page-Cache" not in client.get("/esimerkki/fi/palvelut/ei-ole/")
    user = django_user_model.objects.create_user("staff", password="salasana-123-xyz")
    client.force_login(user)
    response = client.get("/esimerkki/fi/")
    assert response.status_code == 200 and "X-Page-Cache" not in response


@override_settings(LUUKKU_PAGE_CACHE_SECONDS=300)
def test_service_page_is_cached_only_until_its_opening_status_changes(client, catalogue):
    url = "/esimerkki/fi/palvelut/varhaiskasvatus/"
    with clock.frozen_at(dt.datetime(2026, 6, 10, 15, 59, 59, 500000)):  # closes at 16.00: half a second left
        assert "sulkeutuu 16.00" in client.get(url).content.decode()
        assert client.get(url)["X-Page-Cache"] == "miss"
    with clock.frozen_at(dt.datetime(2026, 6, 10, 12, 0)):
        client.get(url)
        assert client.get(url)["X-Page-Cache"] == "hit"


def test_search_shows_matching_life_events_and_sectors_beside_the_services(client, catalogue):
    html = client.get("/esimerkki/fi/haku/", {"q": "lapsen syntymä"}).content.decode()
    groups = html[html.index('class="search-groups"'):html.index("</section>", html.index('class="search-groups"'))]
    assert 'href="/esimerkki/fi/elamantilanteet/lapsen-syntyma/">Lapsen syntymä</a>' in groups
    html = client.get("/esimerkki/fi/haku/", {"q": "opetus"}).content.decode()
    assert 'href="/esimerkki/fi/toimialat/kasvatus/">Kasvatus ja opetus</a>' in html


@pytest.mark.parametrize("query, expected", [("שלום עולם", "<bdi>שלום עולם</bdi>"),
                                             ("and or the", "only very common words")])
def test_search_answers_right_to_left_text_and_stop_words_clearly(client, catalogue, query, expected):
    response = client.get("/esimerkki/en/haku/", {"q": query})
    assert response.status_code == 200
    assert expected in response.content.decode()


@override_settings(LUUKKU_PAGE_CACHE_SECONDS=0)
def test_service_page_kept_in_the_process_follows_the_clock_and_every_catalogue_edit(client, catalogue):
    """Page cache off: the page's rows and text are kept per process and content_version (issue 15), so
    the opening status must still move with the clock and an edit must show at once."""
    url = "/esimerkki/fi/palvelut/varhaiskasvatus/"
    with clock.frozen_at(dt.datetime(2026, 6, 10, 15, 59)):  # Wednesday, closes at 16.00
        assert "Avoinna nyt, sulkeutuu 16.00" in client.get(url).content.decode()
    with clock.frozen_at(dt.datetime(2026, 6, 10, 16, 30)):
        html = client.get(url).content.decode()
        assert "Avoinna nyt" not in html and "Suljettu, avautuu" in html
    with clock.frozen_at(dt.datetime(2026, 6, 10, 15, 0)):  # an earlier moment than the one kept
        assert "Avoinna nyt, sulkeutuu 16.00" in client.get(url).content.decode()

    service, location = catalogue["service"], catalogue["location"]
    with municipality_context(catalogue["municipality"]):
        service.name = {"fi": "Päivähoito"}
        service.save()  # the signal reindexes and moves content_version
    assert "<h1>Päivähoito</h1>" in client.get(url).content.decode()
    with municipality_context(catalogue["municipality"]):
        location.street_address = {"fi": "Kirkkotie 5"}
        location.save()
    bump_content_version(catalogue["municipality"].pk)  # what the admin and the PTV import do after a save
    assert "Kirkkotie 5" in client.get(url).content.decode()


def test_service_page_shown_to_two_people_keeps_each_ones_actions_apart(client, catalogue, django_user_model):
    """The shared copy carries nothing of one visitor to the next: the signed-in resident's page and then
    an anonymous one (the same process, the same kept page)."""
    from luukku.people.models import Person

    user = django_user_model.objects.create_user("asukas-x", password="salasana-123-xyz")
    with municipality_context(catalogue["municipality"]):
        Person.objects.create(user=user, first_names="Aino", last_name="Virtanen", birth_date=dt.date(1980, 5, 1))
    client.force_login(user)
    url = "/esimerkki/en/palvelut/varhaiskasvatus/"
    signed_in = client.get(url).content.decode()
    client.logout()
    anonymous = client.get(url).content.decode()
    assert "Logged in as asukas-x" in signed_in and "asukas-x" not in anonymous and "Log out" not in anonymous
    for html in (signed_in, anonymous):
        assert html.count("<h1>") == 1 and "Koulutie 1" in html and "Päiväkoti Omena" in html
