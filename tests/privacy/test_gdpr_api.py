"""The Helsinki profile GDPR API: tokens signed with a local RSA key, served by a local JWKS."""

import time

import pytest
from django.core.cache import cache
from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey

from luukku.core.models import AuditEvent
from luukku.people.models import Person
from luukku.privacy.models import LegalHold, ProfileLink

from ..notify.servers import LocalServer

ISSUER = "https://tunnistus.example.fi/realms/helsinki"
AUDIENCE = "luukku-esimerkki"
KEY = RSAKey.generate_key(2048, parameters={"kid": "test-key"})
OTHER_KEY = RSAKey.generate_key(2048, parameters={"kid": "test-key"})  # same kid: a forgery


@pytest.fixture(autouse=True)
def gdpr_settings(settings):
    settings.LUUKKU_GDPR_API = {"ISSUER": ISSUER, "AUDIENCE": AUDIENCE,
                                "JWKS": KeySet([KEY]).as_dict(private=False)}
    return settings


def token(sub, *, scope="gdprquery", key=KEY, **claims):
    now = int(time.time())
    payload = {"iss": ISSUER, "aud": AUDIENCE, "sub": str(sub), "iat": now, "exp": now + 300, "scope": scope,
               **claims}
    payload = {k: v for k, v in payload.items() if v is not None}
    return jwt.encode({"alg": "RS256", "kid": "test-key"}, payload, key)


def url(profile_id, query=""):
    return f"/api/v1/esimerkki/gdpr-api/v1/profiles/{profile_id}{query}"


def get(client, profile_id, tok):
    return client.get(url(profile_id), HTTP_AUTHORIZATION=f"Bearer {tok}")


def delete(client, profile_id, tok, query=""):
    return client.delete(url(profile_id, query), HTTP_AUTHORIZATION=f"Bearer {tok}")


def _find(node, key):
    if node["key"] == key:
        yield node
    for child in node.get("children", []):
        yield from _find(child, key)


def test_get_returns_the_tree_of_the_persons_data(client, aino, child, make_case):
    case = make_case(aino, child)
    response = get(client, aino.public_id, token(aino.public_id))
    assert response.status_code == 200
    body = response.json()
    assert body["key"] == "LUUKKU" and "children" in body
    assert [n["value"] for n in _find(body, "FIRST_NAMES")] == ["Aino"]
    assert case.reference in [n["value"] for n in _find(body, "REFERENCE")]
    text = response.content.decode()
    assert child.hetu not in text and aino.hetu not in text
    for node in _find(body, "PERSON"):
        assert all("value" in c or "children" in c for c in node["children"])
    # The read is in the person's audit trail.
    assert AuditEvent.all_objects.filter(subject_id=aino.public_id, action="privacy.gdpr_query",
                                         channel="api").count() == 1


def test_a_stored_profile_id_finds_the_person(client, municipality, aino):
    import uuid

    profile_id = uuid.uuid4()
    ProfileLink.all_objects.create(municipality=municipality, person=aino, profile_id=profile_id)
    assert get(client, profile_id, token(profile_id)).status_code == 200


def _b64(data) -> str:
    import base64
    import json

    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def _hmac_with_public_key(sub) -> str:
    """The algorithm-confusion attack: HS256 keyed with the issuer's public key."""
    import base64
    import hashlib
    import hmac

    signing = f"{_b64({'alg': 'HS256', 'kid': 'test-key'})}." + _b64(
        {"iss": ISSUER, "aud": AUDIENCE, "sub": str(sub), "exp": int(time.time()) + 60, "scope": "gdprquery"})
    mac = hmac.new(KEY.as_pem(private=False), signing.encode(), hashlib.sha256).digest()
    return f"{signing}.{base64.urlsafe_b64encode(mac).rstrip(b'=').decode()}"


@pytest.mark.parametrize("case", ["missing", "not_bearer", "garbage", "expired", "forged", "wrong_audience",
                                  "wrong_issuer", "no_exp", "no_sub", "alg_none", "hmac_with_public_key"])
def test_bad_tokens_are_401(client, aino, case):
    sub = aino.public_id
    header = {
        "missing": "",
        "not_bearer": f"Basic {token(sub)}",
        "garbage": "Bearer not.a.token",
        "expired": f"Bearer {token(sub, exp=int(time.time()) - 3600)}",
        "forged": f"Bearer {token(sub, key=OTHER_KEY)}",
        "wrong_audience": f"Bearer {token(sub, aud='someone-else')}",
        "wrong_issuer": f"Bearer {token(sub, iss='https://evil.example')}",
        "no_exp": f"Bearer {token(sub, exp=None)}",
        "alg_none": f"Bearer {_b64({'alg': 'none'})}.{_b64({'iss': ISSUER, 'aud': AUDIENCE, 'sub': str(sub)})}.",
        "hmac_with_public_key": f"Bearer {_hmac_with_public_key(sub)}",
        "no_sub": f"Bearer {jwt.encode({'alg': 'RS256', 'kid': 'test-key'}, {'iss': ISSUER, 'aud': AUDIENCE, 'exp': int(time.time()) + 60, 'scope': 'gdprquery'}, KEY)}",  # noqa: E501
    }[case]
    response = client.get(url(aino.public_id), HTTP_AUTHORIZATION=header) if header else client.get(
        url(aino.public_id))
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["errors"][0]["code"] in ("NO_TOKEN", "INVALID_TOKEN")
    assert "FIRST_NAMES" not in response.content.decode()


def test_missing_scope_is_403(client, aino):
    response = get(client, aino.public_id, token(aino.public_id, scope="openid profile"))
    assert response.status_code == 403 and response.json()["errors"][0]["code"] == "MISSING_SCOPE"
    # The query scope does not allow deleting.
    response = delete(client, aino.public_id, token(aino.public_id, scope="gdprquery"))
    assert response.status_code == 403
    aino.refresh_from_db()
    assert aino.first_names == "Aino"


def test_scopes_in_helsinki_and_keycloak_claims(client, aino):
    tok = token(aino.public_id, scope=None, **{"https://api.hel.fi/auth": ["gdprquery"]})
    assert get(client, aino.public_id, tok).status_code == 200
    tok = token(aino.public_id, scope=None, authorization={"permissions": [{"scopes": ["gdprquery"]}]})
    assert get(client, aino.public_id, tok).status_code == 200


def test_configured_scope_names(client, settings, aino):
    settings.LUUKKU_GDPR_API = {**settings.LUUKKU_GDPR_API, "QUERY_SCOPE": "luukku.gdprquery"}
    assert get(client, aino.public_id, token(aino.public_id)).status_code == 403
    assert get(client, aino.public_id, token(aino.public_id, scope="luukku.gdprquery")).status_code == 200


def test_unknown_person_is_404(client, aino):
    import uuid

    other = uuid.uuid4()
    response = get(client, other, token(other))
    assert response.status_code == 404 and response.json()["errors"][0]["code"] == "NOT_FOUND"
    assert get(client, "not-a-uuid", token("not-a-uuid")).status_code == 404


def test_a_token_for_another_person_is_403(client, aino, bertil):
    response = get(client, aino.public_id, token(bertil.public_id))
    assert response.status_code == 403 and "Aino" not in response.content.decode()


def test_another_municipalitys_person_is_404(client, other_municipality, aino):
    response = client.get(f"/api/v1/toinen/gdpr-api/v1/profiles/{aino.public_id}",
                          HTTP_AUTHORIZATION=f"Bearer {token(aino.public_id)}")
    assert response.status_code == 404


def test_delete_erases_and_dry_run_only_checks(client, aino):
    tok = token(aino.public_id, scope="gdprdelete")
    assert delete(client, aino.public_id, tok, "?dry_run=true").status_code == 204
    aino.refresh_from_db()
    assert aino.first_names == "Aino"
    assert delete(client, aino.public_id, tok).status_code == 204
    aino.refresh_from_db()
    assert aino.first_names == "" and aino.user_id is None


def test_delete_refused_with_reasons_in_three_languages(client, municipality, aino, make_case):
    case = make_case(aino)
    LegalHold.all_objects.create(municipality=municipality, case=case, reason="Valitus")
    for query in ("?dry_run=true", ""):
        response = delete(client, aino.public_id, token(aino.public_id, scope="gdprdelete"), query)
        assert response.status_code == 403
        errors = response.json()["errors"]
        assert [e["code"] for e in errors] == ["OPEN_CASE", "LEGAL_HOLD"]
        assert all(set(e["message"]) == {"fi", "sv", "en"} for e in errors)
        assert case.reference in errors[0]["message"]["sv"]
    assert Person.all_objects.get(pk=aino.pk).first_names == "Aino"


class Jwks(LocalServer):
    def __init__(self, keys):
        super().__init__()
        self.keys = keys

    def handle(self, method, path, headers, raw):
        with self.lock:
            self.requests.append({"path": path})
        return 200, self.keys


def test_keys_are_fetched_from_the_issuers_jwks_url_and_cached(client, settings, aino):
    cache.clear()
    with Jwks(KeySet([KEY]).as_dict(private=False)) as server:
        settings.LUUKKU_GDPR_API = {"ISSUER": ISSUER, "AUDIENCE": AUDIENCE, "JWKS_URL": f"{server.url}/certs"}
        assert get(client, aino.public_id, token(aino.public_id)).status_code == 200
        assert get(client, aino.public_id, token(aino.public_id, key=OTHER_KEY)).status_code == 401
        assert len(server.requests) == 1


def test_unreachable_jwks_is_503_not_500(client, settings, aino):
    cache.clear()
    settings.LUUKKU_GDPR_API = {"ISSUER": ISSUER, "AUDIENCE": AUDIENCE, "JWKS_URL": "http://127.0.0.1:9/certs"}
    assert get(client, aino.public_id, token(aino.public_id)).status_code == 503


def test_not_configured_is_401(client, settings, aino):
    settings.LUUKKU_GDPR_API = {}
    assert get(client, aino.public_id, token(aino.public_id)).status_code == 401
