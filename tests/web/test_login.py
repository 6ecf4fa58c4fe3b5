import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def resident(django_user_model):
    return django_user_model.objects.create_user("aino", password="Koivula-aino-2026", first_name="Aino",
                                                 last_name="Asukas")


def test_resident_logs_in_and_out_and_sees_their_name(client, municipality, resident):
    response = client.post("/esimerkki/fi/kirjaudu/", {"username": "aino", "password": "Koivula-aino-2026"})
    assert response.status_code == 302 and response["Location"] == "/esimerkki/fi/"
    page = client.get("/esimerkki/fi/").content.decode()
    assert "Aino Asukas" in page
    response = client.post("/esimerkki/fi/kirjaudu-ulos/")
    assert response.status_code == 302
    assert "Aino Asukas" not in client.get("/esimerkki/fi/").content.decode()


def test_wrong_password_keeps_the_username_and_says_what_went_wrong_in_finnish(client, municipality, resident):
    response = client.post("/esimerkki/fi/kirjaudu/", {"username": "aino", "password": "väärin"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="aino"' in html
    assert "Kirjautuminen ei onnistunut" in html


def test_login_never_redirects_to_another_site(client, municipality, resident):
    response = client.post("/esimerkki/sv/kirjaudu/?next=https://evil.example/",
                           {"username": "aino", "password": "Koivula-aino-2026", "next": "https://evil.example/"})
    assert response["Location"] == "/esimerkki/sv/"


def test_anonymous_pages_set_no_cookie_and_offer_a_login_link(client, municipality):
    response = client.get("/esimerkki/fi/")
    assert not response.cookies
    assert 'href="/esimerkki/fi/kirjaudu/?next=/esimerkki/fi/"' in response.content.decode()
