"""A session ends after a while without requests, staff sooner than residents; pages say when,
"Stay signed in" moves the end, and the first request after it logs out and says why. Idleness is
wall-clock time: a test ages the session's last request instead of waiting."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest

from luukku.core.idle import LAST_SEEN
from luukku.core.models import Role

from ..factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

HELSINKI = ZoneInfo("Europe/Helsinki")


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


def idle_for(client, minutes):
    session = client.session
    session[LAST_SEEN] -= minutes * 60
    session.save()


def shown_end(html):
    found = re.search(r'<time datetime="([^"]+)">([^<]+)</time>', html)
    return dt.datetime.fromisoformat(found.group(1)), found.group(2)


def page(client, lang="fi"):
    return client.get(f"/esimerkki/{lang}/").content.decode()


def test_the_page_says_when_a_residents_session_ends(client, municipality, resident):
    client.force_login(resident)
    html = page(client)
    assert "Aino Asukas" in html
    end, text = shown_end(html)
    assert end == dt.datetime.fromtimestamp(client.session[LAST_SEEN] + 3600, tz=dt.UTC)  # an hour
    local = end.astimezone(HELSINKI)
    assert text == f"{local.hour}.{local.minute:02d}"  # Helsinki time, Finnish format
    assert 'role="status" aria-live="polite"' in html and "web/session.js" in html
    assert 'action="/esimerkki/fi/istunto/jatka/"' in html  # the warning's button, a plain form too


def test_staff_sessions_end_sooner(client, municipality, handler):
    client.force_login(handler)
    end, _text = shown_end(page(client))
    assert end == dt.datetime.fromtimestamp(client.session[LAST_SEEN] + 1800, tz=dt.UTC)  # half an hour
    idle_for(client, 29)
    assert "Kaisa Käsittelijä" in page(client)  # active again: the half hour starts anew
    idle_for(client, 31)
    html = client.get("/esimerkki/en/omat-asiat/", follow=True).content.decode()
    assert "Kaisa Käsittelijä" not in html and "_auth_user_id" not in client.session
    assert "You were logged out because there was no activity for 30 minutes." in html


def test_a_resident_has_an_hour_and_then_the_next_request_logs_out_and_says_why(client, municipality, resident):
    client.force_login(resident)
    page(client, "en")
    idle_for(client, 45)
    assert "Aino Asukas" in page(client, "en")
    idle_for(client, 61)
    response = client.get("/esimerkki/en/omat-asiat/")
    assert response.status_code == 302 and "kirjaudu" in response["Location"]
    assert "_auth_user_id" not in client.session
    html = client.get(response["Location"]).content.decode()
    assert "You were logged out because there was no activity for 60 minutes." in html
    assert 'role="status"' in html
    assert "no activity" not in page(client, "en")  # said once


def test_stay_signed_in_moves_the_end_with_and_without_javascript(client, municipality, resident):
    client.force_login(resident)
    page(client)
    idle_for(client, 58)
    answer = client.post("/esimerkki/fi/istunto/jatka/", HTTP_ACCEPT="application/json")
    assert answer.status_code == 200
    ends = dt.datetime.fromisoformat(answer.json()["ends_at"])
    assert ends == dt.datetime.fromtimestamp(client.session[LAST_SEEN] + 3600, tz=dt.UTC)
    assert ends > dt.datetime.now(dt.UTC) + dt.timedelta(minutes=59)
    idle_for(client, 59)
    response = client.post("/esimerkki/fi/istunto/jatka/", {"next": "/esimerkki/fi/omat-asiat/"})
    assert response.status_code == 302 and response["Location"] == "/esimerkki/fi/omat-asiat/"
    idle_for(client, 59)
    assert "Aino Asukas" in page(client)
    # Never a redirect to another site.
    response = client.post("/esimerkki/fi/istunto/jatka/", {"next": "https://evil.example/"})
    assert response["Location"] == "/esimerkki/fi/"


def test_stay_signed_in_after_the_end_is_refused(client, municipality, resident):
    client.force_login(resident)
    page(client)
    idle_for(client, 61)
    answer = client.post("/esimerkki/fi/istunto/jatka/", HTTP_ACCEPT="application/json")
    assert answer.status_code == 401 and "_auth_user_id" not in client.session
    assert client.get("/esimerkki/fi/istunto/jatka/")["Location"] == "/esimerkki/fi/"  # a followed link


def test_anonymous_pages_still_set_no_cookie(client, municipality):
    response = client.get("/esimerkki/fi/")
    assert not response.cookies and "session.js" not in response.content.decode()
