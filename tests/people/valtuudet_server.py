"""A local HTTP server that speaks the Suomi.fi Valtuudet person-to-person (HPA) web API: it checks
the X-AsiointivaltuudetAuthorization HMAC of every /service/ call, the Basic credentials of the token
exchange and the bearer token, and answers as Valtuudet does. Every request is recorded."""

import base64
import datetime as dt
import hashlib
import hmac
import itertools
import uuid
from urllib.parse import parse_qs, urlsplit

from ..notify.servers import LocalServer

CLIENT_ID = "luukku-koivula"
CLIENT_SECRET = "hpa-client-secret"
OAUTH_SECRET = "hpa-oauth-secret"


def _header(headers, name):
    return next((v for k, v in headers.items() if k.lower() == name.lower()), "")


class ValtuudetServer(LocalServer):
    def __init__(self, principals: dict, allowed: set, secret: str = CLIENT_SECRET):
        super().__init__()
        self.principals = principals  # agent's code → [{"name", "personId"}] they choose
        self.allowed = allowed  # {(principal's code, issue)}
        self.secret = secret
        self.sessions: dict[str, dict] = {}
        self.codes: dict[str, str] = {}
        self.bad_signatures = 0
        self._n = itertools.count(1)

    def choose(self, user_id: str) -> str:
        """What the agent's browser does at /oauth/authorize: pick the principals, get a code."""
        session_id = next(s for s, v in self.sessions.items() if v["user"] == user_id)
        code = f"code-{next(self._n)}"
        self.codes[code] = session_id
        return code

    def _signed(self, path, headers) -> bool:
        try:
            client, stamp, mac = _header(headers, "X-AsiointivaltuudetAuthorization").split(" ")
            when = dt.datetime.fromisoformat(stamp)
        except ValueError:
            return False
        expected = base64.b64encode(hmac.new(self.secret.encode(), f"{path} {stamp}".encode(),
                                             hashlib.sha256).digest()).decode()
        return client == CLIENT_ID and when.tzinfo is not None and hmac.compare_digest(mac, expected)

    def handle(self, method, path, headers, raw):
        with self.lock:
            self.requests.append({"method": method, "path": path, "headers": headers})
        parts, query = urlsplit(path).path.split("/"), parse_qs(urlsplit(path).query)
        if path.startswith("/service/"):
            if not self._signed(path, headers):
                self.bad_signatures += 1
                return 401, {"error": "invalid checksum"}
            if "requestId" not in query:
                return 400, {"error": "requestId missing"}
        if method == "GET" and parts[1:5] == ["service", "hpa", "user", "register"]:
            if parts[5] != CLIENT_ID:
                return 403, {"error": "unknown client"}
            session_id, user_id = uuid.uuid4().hex, uuid.uuid4().hex
            self.sessions[session_id] = {"user": user_id, "agent": parts[6], "token": None}
            return 200, {"sessionId": session_id, "userId": user_id}
        if method == "POST" and parts[1:3] == ["oauth", "token"]:
            basic = base64.b64encode(f"{CLIENT_ID}:{OAUTH_SECRET}".encode()).decode()
            session_id = self.codes.pop(query.get("code", [""])[0], None)
            if _header(headers, "Authorization") != f"Basic {basic}" or session_id is None:
                return 401, {"error": "invalid_grant"}
            token = uuid.uuid4().hex
            self.sessions[session_id]["token"] = token
            return 200, {"access_token": token, "token_type": "bearer", "expires_in": 599, "scope": "read write"}
        if parts[1:4] != ["service", "hpa", "api"] or len(parts) < 6:
            return 404, {"error": "not found"}
        session = self.sessions.get(parts[5])
        if session is None or _header(headers, "Authorization") != f"Bearer {session['token']}":
            return 401, {"error": "invalid token"}
        if parts[4] == "delegate":
            return 200, self.principals.get(session["agent"], [])
        if parts[4] == "authorization" and len(parts) == 7:
            principal, issue = parts[6], query.get("issues", [""])[0]
            return 200, {"principalId": principal, "reasons": [],
                         "result": "ALLOWED" if (principal, issue) in self.allowed else "DISALLOWED"}
        return 404, {"error": "not found"}
