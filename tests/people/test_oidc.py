"""Strong identification end to end against a real OpenID Connect provider started by the test."""

import logging
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import pytest
import requests
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import translation
from django.utils.html import escape
from oidc_provider_mock import User, run_server_in_thread

from luukku.people.decorators import resident_required
from luukku.people.identity import OidcProvider
from luukku.people.models import MandateKind, Person
from luukku.people.selectors import SESSION_KEY, children_of, current_person, is_strongly_identified

pytestmark = pytest.mark.django_db

AINO = "150385-226A"
TEMPORARY = "010594Y984N"
UNKNOWN = "131052-308T"  # valid, not in the demo register
LOA3 = "http://ftn.ficora.fi/2017/loa3"
USERS = [
    User(sub="aino-sub", claims={"national_id_num": AINO, "given_name": "Aino", "family_name": "Asukas",
                                 "acr": LOA3, "amr": ["tupas"]}),
    User(sub="weak-sub", claims={"hetu": "210879y131l", "given_name": "Bertil", "family_name": "Björkman",
                                 "acr": "http://ftn.ficora.fi/2017/loa1", "amr": ["pwd"]}),
    User(sub="temp-sub", claims={"national_id_num": TEMPORARY, "given_name": "Tilapäinen", "family_name": "Henkilö",
                                 "acr": LOA3}),
    User(sub="stranger-sub", claims={"national_id_num": UNKNOWN, "given_name": "Kalle", "family_name": "Kesämökki",
                                     "acr": LOA3}),
    User(sub="nocode-sub", claims={"given_name": "Ei", "family_name": "Tunnusta", "acr": LOA3}),
]
BASE = "/esimerkki/fi"


@pytest.fixture(scope="module")
def provider():
    with run_server_in_thread(port=0, user_claims=USERS) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture
def oidc(settings, provider):
    settings.LUUKKU_OIDC_DISCOVERY_URL = f"{provider}/.well-known/openid-configuration"
    settings.LUUKKU_OIDC_CLIENT_ID = "luukku-test"
    settings.LUUKKU_OIDC_CLIENT_SECRET = "test-secret"
    settings.LUUKKU_DEMO_LOCAL_LOGIN_IS_STRONG = False
    OidcProvider._clients.clear()
    return provider


class Flow:
    """Our pages with Django's test client, the provider's with requests; every URL and body kept."""

    def __init__(self, client):
        self.client = client
        self.urls: list[str] = []
        self.bodies: list[str] = []

    def get(self, url):
        self.urls.append(url)
        response = self.client.get(url)
        self.bodies.append(response.content.decode())
        if response.has_header("Location"):
            self.urls.append(response["Location"])
        return response

    def start(self, next_url=f"{BASE}/palvelut/"):
        response = self.get(f"{BASE}/tunnistaudu/?{urlencode({'next': next_url})}")
        assert response.status_code == 302
        return response["Location"]

    def authorize(self, authorize_url, **form):
        page = requests.get(authorize_url, timeout=10)
        assert page.status_code == 200
        answer = requests.post(authorize_url, data=form, allow_redirects=False, timeout=10)
        assert answer.status_code == 302, answer.text
        self.urls.append(answer.headers["Location"])
        parts = urlsplit(answer.headers["Location"])
        return urlunsplit(("", "", parts.path, parts.query, ""))

    def login(self, sub, next_url=f"{BASE}/palvelut/"):
        return self.get(self.authorize(self.start(next_url), sub=sub))


def test_a_resident_logs_in_strongly_and_gets_their_person_children_and_loa(client, municipality, oidc, caplog):
    caplog.set_level(logging.DEBUG)
    flow = Flow(client)
    authorize_url = flow.start()
    assert authorize_url.startswith(oidc)
    query = parse_qs(urlsplit(authorize_url).query)
    assert query["scope"] == ["openid profile"] and query["code_challenge_method"] == ["S256"]
    assert query["nonce"] and query["state"]
    assert query["redirect_uri"] == [f"http://testserver{BASE}/tunnistaudu/paluu/"]

    response = flow.get(flow.authorize(authorize_url, sub="aino-sub"))
    assert response.status_code == 302 and response["Location"] == f"{BASE}/palvelut/"

    user = get_user_model().objects.get(pk=client.session["_auth_user_id"])
    assert user.username.startswith("oidc:") and not user.has_usable_password()
    person = Person.all_objects.get(municipality=municipality, user=user)
    assert person.full_name == "Aino Maria Asukas"  # the register's names, not the token's
    assert person.last_loa == LOA3 and person.last_amr == ["tupas"]
    children = children_of(person)
    assert sorted(c.first_names for c, _m in children) == ["Eero Ilmari", "Helmi Sofia"]
    assert {m.kind for _c, m in children} == {MandateKind.GUARDIAN}
    identity = client.session[SESSION_KEY]
    assert identity == {"user": user.pk, "provider": "oidc", "loa": LOA3, "amr": ["tupas"], "strong": True}

    request = _request(user, client.session)
    request.municipality = municipality
    assert current_person(request) == person and is_strongly_identified(request)

    # The code never left the provider's token: not in a URL, a body, the session or our logs.
    for text in [*flow.urls, *flow.bodies, str(dict(client.session))]:
        assert AINO not in text and AINO.replace("-", "") not in text
    for record in caplog.records:
        if record.name.startswith("oidc_provider_mock"):
            continue  # the provider's own log of its users, not ours
        assert AINO not in record.getMessage() and AINO not in str(record.__dict__)

    # The second login finds the same user and person.
    client.logout()
    Flow(client).login("aino-sub")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert Person.all_objects.filter(municipality=municipality, hetu_hash=person.hetu_hash).count() == 1


def test_a_person_linked_to_a_local_account_logs_in_to_that_account(client, municipality, oidc):
    from luukku.people.services import sync_person

    local = get_user_model().objects.create_user("asukas", password="Koivula-asukas-2026")
    sync_person(municipality, AINO, user=local)
    Flow(client).login("aino-sub")
    assert client.session["_auth_user_id"] == str(local.pk)


def test_a_weak_login_is_stored_as_weak_and_strong_pages_send_to_identification(client, municipality, oidc):
    flow = Flow(client)
    response = flow.login("weak-sub")  # the code in the fallback claim "hetu", in lower case
    assert response.status_code == 302
    identity = client.session[SESSION_KEY]
    assert identity["strong"] is False and identity["loa"].endswith("loa1")
    user = get_user_model().objects.get(pk=client.session["_auth_user_id"])
    person = Person.all_objects.get(municipality=municipality, user=user)
    assert person.first_names == "Bertil Johan" and person.language == "sv"

    request = _request(user, client.session, municipality)
    response = _strong_view(request)
    assert response.status_code == 302
    assert response["Location"].startswith(f"{BASE}/tunnistaudu/?next=")
    request = _request(user, client.session, municipality)
    assert _weak_view(request).content == b"Bertil Johan"


def test_a_temporary_identity_code_is_refused_with_a_clear_page(client, municipality, oidc):
    flow = Flow(client)
    response = flow.login("temp-sub")
    assert response.status_code == 400
    with translation.override("fi"):
        expected = translation.gettext("A temporary identity code cannot be used")
    assert escape(expected) in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert not Person.all_objects.exists()
    assert all(TEMPORARY not in text for text in [*flow.urls, *flow.bodies])


def test_a_tampered_state_is_refused(client, municipality, oidc):
    flow = Flow(client)
    callback = flow.authorize(flow.start(), sub="aino-sub")
    parts = urlsplit(callback)
    query = parse_qs(parts.query)
    query["state"] = ["forged" + query["state"][0]]
    response = flow.get(f"{parts.path}?{urlencode(query, doseq=True)}")
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session and not Person.all_objects.exists()
    # The forged attempt did not consume the real state: the genuine return still completes.
    response = flow.get(callback)
    assert response.status_code == 302


def test_a_replayed_callback_is_refused(client, municipality, oidc):
    flow = Flow(client)
    callback = flow.authorize(flow.start(), sub="aino-sub")
    assert flow.get(callback).status_code == 302
    client.logout()
    assert flow.get(callback).status_code == 400


def test_cancelling_at_the_provider_is_a_page_in_the_residents_language(client, municipality, oidc):
    flow = Flow(client)
    response = flow.get(flow.authorize(flow.start(), action="deny"))
    assert response.status_code == 400
    assert response["Content-Language"] == "fi"
    assert "_auth_user_id" not in client.session


def test_a_valid_code_not_in_the_register_gets_a_person_from_the_token(client, municipality, oidc):
    Flow(client).login("stranger-sub")
    person = Person.all_objects.get(municipality=municipality)
    assert person.full_name == "Kalle Kesämökki" and children_of(person) == []


def test_no_identity_code_claim_is_a_page_not_a_500(client, municipality, oidc):
    response = Flow(client).login("nocode-sub")
    assert response.status_code == 400 and "_auth_user_id" not in client.session


def test_callback_without_parameters_or_with_an_unreachable_provider_is_a_page(client, municipality, oidc, settings):
    assert client.get(f"{BASE}/tunnistaudu/paluu/").status_code == 400
    assert client.get(f"{BASE}/tunnistaudu/paluu/?code=x&state=y").status_code == 400
    settings.LUUKKU_OIDC_DISCOVERY_URL = "http://127.0.0.1:9/.well-known/openid-configuration"
    assert client.get(f"{BASE}/tunnistaudu/").status_code == 503


def test_without_a_broker_identification_says_it_is_not_available(client, municipality, settings):
    settings.LUUKKU_OIDC_DISCOVERY_URL = ""
    response = client.get(f"{BASE}/tunnistaudu/?next=https://evil.example/")
    assert response.status_code == 404


def test_next_is_only_a_path_of_this_site(client, municipality, oidc):
    flow = Flow(client)
    callback = flow.authorize(flow.start(next_url="https://evil.example/"), sub="aino-sub")
    assert flow.get(callback)["Location"] == f"{BASE}/"


def test_resident_required_for_anonymous_users_and_users_without_a_person(municipality, settings, oidc):
    anonymous = _request(None, SessionStore(), municipality)
    response = _weak_view(anonymous)
    assert response.status_code == 302 and response["Location"].startswith(f"{BASE}/tunnistaudu/?next=")
    settings.LUUKKU_OIDC_DISCOVERY_URL = ""
    response = _weak_view(_request(None, SessionStore(), municipality))
    assert response["Location"].startswith(f"{BASE}/kirjaudu/?next=")
    staff = get_user_model().objects.create_user("staff-only", password="x-very-long-password")
    response = _weak_view(_request(staff, SessionStore(), municipality))
    assert response.status_code == 403


def test_a_local_demo_login_is_strong_only_when_configured(municipality, settings):
    from luukku.people.services import sync_person

    user = get_user_model().objects.create_user("asukas", password="Koivula-asukas-2026")
    sync_person(municipality, AINO, user=user)
    settings.LUUKKU_DEMO_LOCAL_LOGIN_IS_STRONG = False
    assert _strong_view(_request(user, SessionStore(), municipality)).status_code == 302
    settings.LUUKKU_DEMO_LOCAL_LOGIN_IS_STRONG = True
    assert _strong_view(_request(user, SessionStore(), municipality)).status_code == 200


@resident_required(strong=True)
def _strong_view(request):
    return HttpResponse(request.person.first_names)


@resident_required()
def _weak_view(request):
    return HttpResponse(request.person.first_names)


def _request(user, session, municipality=None):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get(f"{BASE}/omat-asiat/")
    request.user = user or AnonymousUser()
    request.session = session
    request.municipality = municipality
    request.LANGUAGE_CODE = "fi"
    return request


def test_strong_login_lands_in_the_residents_own_language(client, municipality, oidc):
    """Their notification language (or register language) decides, as after a password login (web.landing)."""
    from luukku.notify.models import Preference
    from luukku.people.services import sync_person

    person = sync_person(municipality, AINO)
    Preference.all_objects.create(municipality=municipality, person=person, language="sv")
    response = Flow(client).login("aino-sub", next_url=f"{BASE}/haku/?q=skola")
    assert response.status_code == 302 and response["Location"] == "/esimerkki/sv/sok/?q=skola"
