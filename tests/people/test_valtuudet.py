"""Suomi.fi e-Authorizations (Valtuudet, HPA) behind the adapter registry, against a local server that
speaks the protocol: signed calls, the browser's choice, the token exchange, the principals and the
per-issue authorisation; the agent then acts for the principal only in the confirmed case types, today."""

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest

from luukku.cases import selectors as case_selectors
from luukku.core import clock
from luukku.people import authorizations
from luukku.people.models import Mandate, MandateChange, MandateKind, Person

from .mandate_fixtures import aino, benefit, bertil, parking, unit  # noqa: F401
from .valtuudet_server import CLIENT_ID, CLIENT_SECRET, OAUTH_SECRET, ValtuudetServer

pytestmark = pytest.mark.django_db
START = "/esimerkki/{lang}/omat-asiat/valtuutukset/suomifi/"


def configure(settings, url, secret=CLIENT_SECRET):
    settings.LUUKKU_EAUTHORIZATIONS = "suomifi"
    settings.LUUKKU_VALTUUDET_URL = url
    settings.LUUKKU_VALTUUDET_CLIENT_ID = CLIENT_ID
    settings.LUUKKU_VALTUUDET_CLIENT_SECRET = secret
    settings.LUUKKU_VALTUUDET_OAUTH_SECRET = OAUTH_SECRET
    settings.LUUKKU_VALTUUDET_TIMEOUT = 3
    settings.LUUKKU_VALTUUDET_ISSUES = {"pysakointiasiat": ["pysakointi"], "toimeentuloasiat": ["toimeentulo"]}


def _flow(client, server, lang="fi"):
    started = client.get(START.format(lang=lang))
    assert started.status_code == 302
    location = urlsplit(started["Location"])
    query = parse_qs(location.query)
    assert f"{location.scheme}://{location.netloc}{location.path}" == f"{server.url}/oauth/authorize"
    assert query["client_id"] == [CLIENT_ID] and query["response_type"] == ["code"]
    code = server.choose(query["user"][0])
    return client.get(query["redirect_uri"][0].split("testserver", 1)[1], {"code": code})


def test_the_agent_acts_for_the_principal_in_the_confirmed_issue_only(client, settings, aino, bertil, parking, benefit):
    from ..people.test_mandates import _case

    with ValtuudetServer({bertil.hetu: [{"name": "Aino Asukas", "personId": aino.hetu}]},
                         allowed={(aino.hetu, "pysakointiasiat")}) as server:
        configure(settings, server.url)
        client.force_login(bertil.user)
        response = _flow(client, server)
    assert response.status_code == 302 and response["Location"].endswith("/omat-asiat/valtuutukset/")
    assert server.bad_signatures == 0
    paths = [r["path"] for r in server.requests]
    assert paths[0].startswith(f"/service/hpa/user/register/{CLIENT_ID}/{bertil.hetu}?requestId=")
    assert any(p.startswith("/oauth/token?code=") for p in paths)
    assert any(p.startswith("/service/hpa/api/delegate/") for p in paths)
    assert sum(p.startswith("/service/hpa/api/authorization/") for p in paths) == 2
    mandate = Mandate.all_objects.get(principal=aino, agent=bertil)
    today = clock.today()
    assert (mandate.kind, mandate.valid_from, mandate.valid_until) == (MandateKind.AUTHORIZATION, today, today)
    assert [ct.slug for ct in mandate.case_types.all()] == ["pysakointi"]
    assert MandateChange.all_objects.get(mandate=mandate).action == "confirmed"
    parking_case, benefit_case = _case(aino, aino, parking), _case(aino, aino, benefit)
    seen = {c.reference for c in case_selectors.case_list_for(Person.all_objects.get(pk=bertil.pk))}
    assert parking_case.reference in seen and benefit_case.reference not in seen
    # Tomorrow it must be asked again.
    Mandate.all_objects.filter(pk=mandate.pk).update(valid_from=today - dt.timedelta(days=1),
                                                     valid_until=today - dt.timedelta(days=1))
    assert parking_case.reference not in {c.reference for c in case_selectors.case_list_for(
        Person.all_objects.get(pk=bertil.pk))}
    html = client.get("/esimerkki/sv/omat-asiat/valtuutukset/").content.decode()
    assert "Aino Asukas" in html


def test_disallowed_records_nothing(client, settings, aino, bertil, parking):
    with ValtuudetServer({bertil.hetu: [{"name": "Aino Asukas", "personId": aino.hetu}]}, allowed=set()) as server:
        configure(settings, server.url)
        client.force_login(bertil.user)
        response = _flow(client, server, "en")
    assert response.status_code == 302 and not Mandate.all_objects.exists()
    html = client.get(response["Location"]).content.decode()
    assert "did not confirm a mandate" in html


def test_a_wrong_secret_is_refused_by_valtuudet_and_shown_as_unavailable(client, settings, bertil, parking):
    with ValtuudetServer({}, allowed=set()) as server:
        configure(settings, server.url, secret="not-the-secret")
        client.force_login(bertil.user)
        response = client.get(START.format(lang="en"))
    assert server.bad_signatures == 1
    assert response.status_code == 503 and "cannot be reached" in response.content.decode()
    assert bertil.hetu not in response.content.decode()


def test_unreachable_valtuudet_is_a_clear_page_not_a_500(client, settings, bertil):
    with ValtuudetServer({}, allowed=set()) as server:
        url = server.url
    configure(settings, url)
    client.force_login(bertil.user)
    response = client.get(START.format(lang="sv"))
    assert response.status_code == 503


def test_a_return_without_a_started_flow_is_sent_back(client, settings, bertil):
    with ValtuudetServer({}, allowed=set()) as server:
        configure(settings, server.url)
        client.force_login(bertil.user)
        response = client.get(START.format(lang="fi") + "paluu/", {"code": "forged"})
    assert response.status_code == 302 and not server.requests and not Mandate.all_objects.exists()


def test_not_configured_is_not_found(client, settings, bertil):
    settings.LUUKKU_EAUTHORIZATIONS = ""
    client.force_login(bertil.user)
    assert client.get(START.format(lang="fi")).status_code == 404
    assert "Suomi.fi" not in client.get("/esimerkki/fi/omat-asiat/valtuutukset/").content.decode()


def test_the_signature_is_hmac_sha256_of_path_query_and_timestamp():
    value = authorizations.sign("client", "secret", "/service/hpa/user/register/client/x?requestId=1",
                                "2026-12-07T08:00:00+02:00")
    client, stamp, mac = value.split(" ")
    assert (client, stamp) == ("client", "2026-12-07T08:00:00+02:00")
    import base64
    import hashlib
    import hmac
    assert mac == base64.b64encode(hmac.new(b"secret", b"/service/hpa/user/register/client/x?requestId=1 "
                                                      b"2026-12-07T08:00:00+02:00", hashlib.sha256).digest()).decode()
