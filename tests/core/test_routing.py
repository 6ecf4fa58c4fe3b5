import pytest

from luukku.core.models import Domain

pytestmark = pytest.mark.django_db


def test_root_redirects_to_the_only_municipality_in_the_browsers_language(client, municipality):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="sv-FI,sv;q=0.9")
    assert response.status_code == 302
    assert response["Location"] == "/esimerkki/sv/"


def test_root_lists_municipalities_when_there_are_several(client, municipality, other_municipality):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="/esimerkki/"' in html and 'href="/toinen/"' in html


def test_a_mapped_host_leads_to_its_municipality(client, municipality, other_municipality):
    Domain.objects.create(host="Asiointi.Toinen.Example", municipality=other_municipality)
    response = client.get("/", HTTP_HOST="asiointi.toinen.example")
    assert response.status_code == 302
    assert response["Location"].startswith("/toinen/")


def test_municipality_root_redirects_to_a_language_it_offers(client, municipality):
    municipality.languages = ["fi", "sv"]
    municipality.save()
    response = client.get("/esimerkki/", HTTP_ACCEPT_LANGUAGE="en")
    assert response["Location"] == "/esimerkki/fi/"


@pytest.mark.parametrize("path", ["/eiole/", "/eiole/fi/", "/eiole/sv/palvelut/x/", "/api/v1/eiole/services/"])
def test_unknown_municipality_is_a_404_in_finnish_and_swedish(client, municipality, path):
    response = client.get(path)
    assert response.status_code == 404
    html = response.content.decode()
    assert "Sivua ei löytynyt" in html and "Sidan hittades inte" in html


def test_language_segment_sets_the_page_language(client, municipality):
    response = client.get("/esimerkki/sv/")
    assert response["Content-Language"] == "sv"
