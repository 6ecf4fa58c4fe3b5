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


# --- The resident's own language after login (web.landing) ----------------------------------------


@pytest.fixture
def swedish_speaker(municipality):
    from ..cases.conftest import make_person
    from ..factories import UserFactory

    user = UserFactory(username="bertil")
    user.set_password("Koivula-bertil-2026")
    user.save()
    person = make_person(municipality, "Bertil", "Björkman", user=user)
    person.language = "sv"  # the population register's language
    person.save()
    return person


def log_in(client, url, username="bertil", password="Koivula-bertil-2026", *, fresh=True):
    if fresh:
        client.logout()  # (also forgets the browser session's cookies)
    return client.post(url, {"username": username, "password": password})


def test_a_swedish_speaker_lands_in_swedish_after_logging_in_on_a_finnish_page(client, swedish_speaker):
    response = log_in(client, "/esimerkki/fi/kirjaudu/")
    assert response.status_code == 302 and response["Location"] == "/esimerkki/sv/"
    # `next` is kept, in Swedish, with its Swedish URL words and query.
    response = log_in(client, "/esimerkki/fi/kirjaudu/?next=/esimerkki/fi/haku/%3Fq%3Dskola")
    assert response["Location"] == "/esimerkki/sv/sok/?q=skola"
    response = log_in(client, "/esimerkki/fi/kirjaudu/?next=/esimerkki/fi/omat-asiat/")
    assert response["Location"] == "/esimerkki/sv/omat-asiat/"


def test_the_notification_language_setting_wins_over_the_register_language(client, municipality, swedish_speaker):
    from luukku.notify.models import Preference

    Preference.all_objects.create(municipality=municipality, person=swedish_speaker, language="en")
    assert log_in(client, "/esimerkki/fi/kirjaudu/")["Location"] == "/esimerkki/en/"


def test_a_language_chosen_with_the_switch_in_this_session_is_kept_after_login(client, swedish_speaker):
    page = client.get("/esimerkki/sv/").content.decode()
    switch = '/esimerkki/fi/kieli/?next=%2Fesimerkki%2Ffi%2F'
    assert f'href="{switch}"' in page  # the visible switch remembers the choice
    response = client.get(switch)
    assert response.status_code == 302 and response["Location"] == "/esimerkki/fi/"
    assert response.cookies["django_language"].value == "fi"
    assert not response.cookies["django_language"]["max-age"]  # for this browser session only
    assert log_in(client, "/esimerkki/fi/kirjaudu/", fresh=False)["Location"] == "/esimerkki/fi/"


def test_the_language_switch_never_sends_anyone_to_another_site(client, municipality):
    response = client.get("/esimerkki/sv/kieli/?next=https://evil.example/")
    assert response["Location"] == "/esimerkki/sv/"


def test_staff_and_finnish_speakers_stay_on_the_language_of_the_page(client, municipality, resident):
    # `resident` has no Person here: a user account only (staff, demo accounts).
    response = client.post("/esimerkki/sv/kirjaudu/", {"username": "aino", "password": "Koivula-aino-2026"})
    assert response["Location"] == "/esimerkki/sv/"
