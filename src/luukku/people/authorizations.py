"""Suomi.fi e-Authorizations (Valtuudet) adapters behind a registry, like the population register's.

The person-to-person flow (HPA) of the Valtuudet web API:

1. `GET /service/hpa/user/register/{clientId}/{agent's identity code}?requestId=…` → {sessionId, userId}
2. the browser goes to `/oauth/authorize?client_id=…&response_type=code&redirect_uri=…&user={userId}`,
   where the agent chooses whom they act for, and comes back with `?code=…`
3. `POST /oauth/token?code=…&grant_type=authorization_code&redirect_uri=…` (HTTP Basic: clientId and
   the OAuth secret) → {access_token}
4. `GET /service/hpa/api/delegate/{sessionId}?requestId=…` → [{name, personId}] the chosen principals
5. `GET /service/hpa/api/authorization/{sessionId}/{principalId}?requestId=…[&issues=…]`
   → {result: "ALLOWED" | "DISALLOWED", …}

Steps 1, 4 and 5 carry `X-AsiointivaltuudetAuthorization: clientId timestamp base64(HMAC-SHA256(
client secret, path+query + " " + timestamp))`; 4 and 5 also the bearer token. The identity code
is in the register path because the protocol puts it there; it never goes into our logs or errors.

`settings.LUUKKU_EAUTHORIZATIONS` names the adapter ("" = not in use, "suomifi").
"""

import base64
import hashlib
import hmac
import logging
import uuid
from dataclasses import dataclass, field
from urllib.parse import quote, urlencode

import requests
from django.conf import settings

from luukku.core import clock
from luukku.core.registry import Registry

logger = logging.getLogger(__name__)
authorization_adapters = Registry("e-authorizations adapter")


class AuthorizationError(Exception):
    """Valtuudet could not answer (unreachable, refused, malformed). Never carries an identity code."""


@dataclass(frozen=True)
class Principal:
    hetu: str = field(repr=False)  # personId: the principal's identity code; never in a repr
    name: str


@dataclass
class Session:
    """What the flow keeps between its steps (in the Django session, never in a cookie of its own)."""

    session_id: str
    user_id: str
    token: str = ""


class AuthorizationAdapter:
    """The interface: `register(agent_hetu)` → Session; `authorize_url(session, callback, lang)`;
    `finish(session, code, callback)` → the principals the agent chose; `allowed(session, principal,
    issue)` → may the agent act for the principal in the issue (None: in this service generally)."""

    def configured(self) -> bool:
        return False

    def register(self, agent_hetu: str) -> Session:
        raise NotImplementedError

    def authorize_url(self, session: Session, callback: str, lang: str) -> str:
        raise NotImplementedError

    def finish(self, session: Session, code: str, callback: str) -> list[Principal]:
        raise NotImplementedError

    def allowed(self, session: Session, principal: Principal, issue: str | None = None) -> bool:
        raise NotImplementedError


@authorization_adapters.register("")
class NoAuthorizations(AuthorizationAdapter):
    """Not in use: the pages that would start the flow do not exist."""


def sign(client_id: str, secret: str, path_and_query: str, timestamp: str) -> str:
    """The value of X-AsiointivaltuudetAuthorization."""
    digest = hmac.new(secret.encode(), f"{path_and_query} {timestamp}".encode(), hashlib.sha256).digest()
    return f"{client_id} {timestamp} {base64.b64encode(digest).decode()}"


@authorization_adapters.register("suomifi")
class SuomifiValtuudet(AuthorizationAdapter):
    def __init__(self, *, url=None, client_id=None, client_secret=None, oauth_secret=None, timeout=None):
        self.base = (url if url is not None else settings.LUUKKU_VALTUUDET_URL).rstrip("/")
        self.client_id = client_id if client_id is not None else settings.LUUKKU_VALTUUDET_CLIENT_ID
        self.client_secret = client_secret if client_secret is not None else settings.LUUKKU_VALTUUDET_CLIENT_SECRET
        self.oauth_secret = oauth_secret if oauth_secret is not None else settings.LUUKKU_VALTUUDET_OAUTH_SECRET
        self.timeout = timeout or settings.LUUKKU_VALTUUDET_TIMEOUT

    def configured(self) -> bool:
        return bool(self.base and self.client_id and self.client_secret and self.oauth_secret)

    @staticmethod
    def _timestamp() -> str:
        return clock.now().astimezone(clock.HELSINKI).isoformat(timespec="seconds")

    def _get(self, path: str, params: dict, token: str = ""):
        path_and_query = f"{path}?{urlencode(params)}"
        headers = {"X-AsiointivaltuudetAuthorization": sign(self.client_id, self.client_secret, path_and_query,
                                                            self._timestamp())}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return self._call("GET", path_and_query, path.split("/")[4], headers=headers)

    def _call(self, method, path_and_query, step, **kwargs):
        try:
            response = requests.request(method, self.base + path_and_query,
                                        timeout=(min(5.0, self.timeout), self.timeout), **kwargs)
        except requests.RequestException as exc:
            raise AuthorizationError(f"Valtuudet {step}: {type(exc).__name__}") from None
        if response.status_code != 200:
            raise AuthorizationError(f"Valtuudet {step}: HTTP {response.status_code}")
        try:
            return response.json()
        except ValueError:
            raise AuthorizationError(f"Valtuudet {step}: not JSON") from None

    @staticmethod
    def _request_id() -> str:
        return uuid.uuid4().hex

    def register(self, agent_hetu: str) -> Session:
        path = f"/service/hpa/user/register/{quote(self.client_id, safe='')}/{quote(agent_hetu, safe='')}"
        data = self._get(path, {"requestId": self._request_id()})
        try:
            return Session(session_id=str(data["sessionId"]), user_id=str(data["userId"]))
        except (KeyError, TypeError):
            raise AuthorizationError("Valtuudet register: no session") from None

    def authorize_url(self, session: Session, callback: str, lang: str) -> str:
        query = urlencode({"client_id": self.client_id, "response_type": "code", "redirect_uri": callback,
                           "user": session.user_id, "lang": lang})
        return f"{self.base}/oauth/authorize?{query}"

    def finish(self, session: Session, code: str, callback: str) -> list[Principal]:
        query = urlencode({"code": code, "grant_type": "authorization_code", "redirect_uri": callback})
        data = self._call("POST", f"/oauth/token?{query}", "token", auth=(self.client_id, self.oauth_secret))
        token = data.get("access_token") if isinstance(data, dict) else None
        if not token:
            raise AuthorizationError("Valtuudet token: no access token")
        session.token = str(token)
        rows = self._get(f"/service/hpa/api/delegate/{quote(session.session_id, safe='')}",
                         {"requestId": self._request_id()}, token=session.token)
        if not isinstance(rows, list):
            raise AuthorizationError("Valtuudet delegate: not a list")
        try:
            return [Principal(hetu=str(row["personId"]), name=str(row.get("name", ""))) for row in rows]
        except (KeyError, TypeError, AttributeError):
            raise AuthorizationError("Valtuudet delegate: malformed principal") from None

    def allowed(self, session: Session, principal: Principal, issue: str | None = None) -> bool:
        params = {"requestId": self._request_id()}
        if issue:
            params["issues"] = issue
        path = f"/service/hpa/api/authorization/{quote(session.session_id, safe='')}/{quote(principal.hetu, safe='')}"
        data = self._get(path, params, token=session.token)
        return isinstance(data, dict) and data.get("result") == "ALLOWED"


def get_authorization_adapter(municipality=None) -> AuthorizationAdapter:
    """The adapter for a municipality (one setting for now, as for the register)."""
    adapter = authorization_adapters[settings.LUUKKU_EAUTHORIZATIONS]()
    adapter.municipality = municipality
    return adapter
