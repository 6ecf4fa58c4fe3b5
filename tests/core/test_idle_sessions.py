"""A session ends after a while without requests, staff sooner than residents; pages say when,
"Stay signed in" moves the end, and the first request after it logs out and says why."""

import datetime as dt

import pytest

from luukku.core import clock
from luukku.core.models import Role

from ..factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)  # 12.00 in Helsinki


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.LUUKKU_SESSION_IDLE_MINUTES_STAFF = 30
    settings.LUUKKU_SESSION_IDLE_MINUTES_RESIDENT = 60


@pytest.fixture
def resident():
    return UserFactory(username="aino", first_name="Aino", last_name="Asukas")


@pytest.fixture
def handler(municipality):
    user = UserFactory(username="kasittelija", first_name="Kaisa", last_name="Käsittelijä")
    MembershipFactory(municipality=municipality, user=user, role=Role.CASE_HANDLER)
    return user


def at(minutes):
    return clock.frozen_at(START + dt.timedelta(minutes=minutes))


def signed_in(client, user, lang="fi"):
    return client.get(f"/esimerkki/{lang}/").content.decode()


def test_the_page_says_when_a_residents_session_ends(client, municipality, resident):
    client.force_login(resident)
    with at(0):
        html = signed_in(client, resident)
    assert "Aino Asukas" in html
    assert '<time datetime="2026-03-02T11:00:00+00:00">13.00</time>' in html  # 60 minutes, Helsinki time
    assert 'role="status" aria-live="polite"' in html and "web/session.js" in html
    assert "keep-session" not in html and "/esimerkki/fi/istunto/jatka/" in html  # the button's form


def test_staff_sessions_end_sooner(client, municipality, handler):
    client.force_login(handler)
    with at(0):
        assert '<time datetime="2026-03-02T10:30:00+00:00">12.30</time>' in signed_in(client, handler)
    with at(29):
        assert "Kaisa Käsittelijä" in signed_in(client, handler)  # active again: the half hour starts anew
    with at(29 + 31):
        html = client.get("/esimerkki/fi/omat-asiat/", follow=True).content.decode()
    assert "Kaisa Käsittelijä" not in html and "_auth_user_id" not in client.session
    assert "no activity for 30 minutes" in html or "30 minuuttia" in html or "30 minuten" in html


def test_after_the_idle_time_the_next_request_logs_out_and_says_why(client, municipality, resident):
    client.force_login(resident)
    with at(0):
        signed_in(client, resident, "en")
    with at(45):
        assert "Aino Asukas" in signed_in(client, resident, "en")  # a resident has an hour
    with at(45 + 61):
        response = client.get("/esimerkki/en/omat-asiat/")
        assert response.status_code == 302 and "kirjaudu" in response["Location"]
        html = client.get(response["Location"]).content.decode()
    assert "_auth_user_id" not in client.session
    assert "You were logged out because there was no activity for 60 minutes." in html
    assert 'role="status"' in html
    with at(45 + 62):  # said once
        assert "no activity" not in client.get("/esimerkki/en/").content.decode()


def test_stay_signed_in_moves_the_end_with_and_without_javascript(client, municipality, resident):
    client.force_login(resident)
    with at(0):
        signed_in(client, resident)
    with at(58):
        answer = client.post("/esimerkki/fi/istunto/jatka/", HTTP_ACCEPT="application/json")
        assert answer.status_code == 200
        assert answer.json()["ends_at"] == "2026-03-02T11:58:00+00:00" and answer.json()["ends_at_text"] == "13.58"
    with at(58 + 59):
        response = client.post("/esimerkki/fi/istunto/jatka/", {"next": "/esimerkki/fi/omat-asiat/"})
        assert response.status_code == 302 and response["Location"] == "/esimerkki/fi/omat-asiat/"
    with at(58 + 59 + 59):
        assert "Aino Asukas" in signed_in(client, resident)
        # Never a redirect to another site.
        response = client.post("/esimerkki/fi/istunto/jatka/", {"next": "https://evil.example/"})
        assert response["Location"] == "/esimerkki/fi/"


def test_stay_signed_in_after_the_end_is_refused(client, municipality, resident):
    client.force_login(resident)
    with at(0):
        signed_in(client, resident)
    with at(61):
        answer = client.post("/esimerkki/fi/istunto/jatka/", HTTP_ACCEPT="application/json")
    assert answer.status_code == 401 and "_auth_user_id" not in client.session
    assert client.get("/esimerkki/fi/istunto/jatka/").status_code == 405


def test_anonymous_pages_still_set_no_cookie(client, municipality):
    response = client.get("/esimerkki/fi/")
    assert not response.cookies and "session.js" not in response.content.decode()
