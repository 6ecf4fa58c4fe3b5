"""The base template, template helpers and site-level pages."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

pytestmark = pytest.mark.django_db


def render(source, **context):
    return Template("{% load portal %}" + source).render(Context(context))


def test_tr_marks_a_fallback_with_its_language_and_escapes():
    with translation.override("sv"):
        assert render("{{ v|tr }}", v={"fi": "Koulu <b>", "sv": ""}) == '<span lang="fi">Koulu &lt;b&gt;</span>'
        assert render("{{ v|tr }}", v={"fi": "Koulu", "sv": "Skola"}) == "Skola"
        assert render("{{ v|tr }}", v=None) == ""
        assert render("{{ v|trblock }}", v={"fi": "Yksi\n\nKaksi"}) == '<div lang="fi"><p>Yksi</p>\n\n<p>Kaksi</p></div>'
        assert render("{{ v|trtext }}", v={"fi": "Koulu"}) == "Koulu"


def test_phone_and_time_helpers():
    with translation.override("fi"):
        assert render("{{ n|tel }}", n="+358 9 123 4567") == "+35891234567"
        assert render("{{ t|hhmm }}", t="08:30") == "8.30"
        assert render("{{ d|weekday }}", d=2) == "keskiviikko"
        assert render("{{ d|weekday }}", d=None) == ""
    with translation.override("en"):
        assert render("{{ t|hhmm }}", t="08:30") == "8:30"
    phones = [{"number": "+358 1", "language": "fi"}, {"number": "+3581", "language": "sv"}, {"number": "+358 2"}]
    with translation.override("sv"):
        picked = render("{% for p in phones|for_language %}{{ p.number }};{% endfor %}", phones=phones)
    assert picked == "+3581;+358 2;"


def test_municipality_list_and_unknown_paths(client, municipality, other_municipality):
    html = client.get("/").content.decode()
    assert "<h1" in html and 'href="/toinen/"' in html
    response = client.get("/ei-kuntaa/brand.css")
    assert response.status_code == 404 and "Sidan hittades inte" in response.content.decode()


def test_language_links_fall_back_to_the_front_page_when_the_page_has_no_language(municipality):
    from luukku.catalogue.templatetags.portal import language_links

    request = RequestFactory().get("/esimerkki/")
    request.municipality = municipality
    request.resolver_match = None
    with translation.override("fi"):
        links = language_links({"request": request})
    assert [(link["code"], link["name"], link["url"]) for link in links] == [
        ("fi", "Suomi", "/esimerkki/fi/"), ("sv", "Svenska", "/esimerkki/sv/"), ("en", "English", "/esimerkki/en/")
    ]


def test_server_error_page_is_bilingual_and_self_contained(rf):
    from luukku.web.views import server_error

    html = server_error(rf.get("/")).content.decode()
    assert "Palvelussa on häiriö" in html and 'lang="sv"' in html and "style=" not in html
