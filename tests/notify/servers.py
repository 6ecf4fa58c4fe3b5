"""Real local HTTP servers that speak the outside services' protocols (no mock library): an SMS
gateway and Suomi.fi Messages (tests/catalogue adds Finto's Skosmos API). Each records every request
it gets."""

import email.parser
import email.policy
import itertools
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class _Handler(BaseHTTPRequestHandler):
    def _serve(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        status, body = self.server.owner.handle(self.command, self.path, dict(self.headers), raw)
        # bytes are sent as they are (a server that answers with something that is not JSON)
        data = body if isinstance(body, bytes) else json.dumps(body).encode() if body is not None else b""
        try:
            self.send_response(status)
            if data:
                self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test)

    do_POST = do_GET = do_DELETE = _serve

    def log_message(self, *args):
        pass


class LocalServer:
    def __init__(self):
        self.lock = threading.Lock()
        self.requests: list[dict] = []
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.daemon_threads = True
        self.httpd.owner = self
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()

    def handle(self, method, path, headers, raw):
        raise NotImplementedError


def parse_json(raw: bytes):
    try:
        return json.loads(raw or b"null")
    except ValueError:
        return None


class SmsGateway(LocalServer):
    """POST / with a JSON message. `fail_first` keys get one 500 (or `fail_status`) before success;
    `hang` makes every answer slower than the client's timeout."""

    def __init__(self, *, fail_first=(), fail_status=500, always=None, hang: float = 0):
        super().__init__()
        self.fail_first, self.fail_status, self.always, self.hang = set(fail_first), fail_status, always, hang
        self.failed: set[str] = set()
        self.ids = itertools.count(1)

    def handle(self, method, path, headers, raw):
        payload = parse_json(raw)
        key = headers.get("Idempotency-Key", "")
        if self.hang:
            time.sleep(self.hang)
        with self.lock:
            if self.always is not None:
                status = self.always
            elif key in self.fail_first and key not in self.failed:
                self.failed.add(key)
                status = self.fail_status
            else:
                status = 200
            self.requests.append({"key": key, "headers": headers, "payload": payload, "status": status,
                                  "raw": raw})
            return status, ({"id": f"gw-{next(self.ids)}"} if status == 200 else {"error": "try later"})

    def accepted(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for r in self.requests:
            if r["status"] == 200:
                counts[r["key"]] = counts.get(r["key"], 0) + 1
        return counts


class SuomiFiMessages(LocalServer):
    """The parts of the Suomi.fi Messages REST API we use: /v1/token, /v2/attachments,
    /v2/messages/electronic and /v2/messages; 401 for an unknown token, 409 with the first
    message id for a repeated externalId, 400 for a recipient without a mailbox."""

    USERNAME, PASSWORD = "luukku-sender", "salasana-123"

    def __init__(self, *, no_mailbox=()):
        super().__init__()
        self.tokens: set[str] = set()
        self.sent: dict[str, int] = {}  # externalId → messageId
        self.attachments: dict[str, bytes] = {}
        self.no_mailbox = set(no_mailbox)
        self.ids = itertools.count(1001)

    def handle(self, method, path, headers, raw):
        with self.lock:
            record = {"method": method, "path": path, "headers": headers, "raw": raw, "json": None}
            self.requests.append(record)
            if path == "/v1/token":
                body = parse_json(raw) or {}
                record["json"] = body
                if body.get("username") != self.USERNAME or body.get("password") != self.PASSWORD:
                    return 401, {"error": "invalid credentials"}
                token = f"token-{next(self.ids)}"
                self.tokens.add(token)
                return 200, {"access_token": token, "expires_in": 3600, "token_type": "Bearer"}
            scheme, _, token = headers.get("Authorization", "").partition(" ")
            if scheme != "Bearer" or token not in self.tokens:
                return 401, {"error": "invalid token"}
            if path == "/v2/attachments":
                attachment_id = f"att-{next(self.ids)}"
                self.attachments[attachment_id] = self._file(headers, raw)
                return 200, {"attachmentId": attachment_id}
            if path in ("/v2/messages/electronic", "/v2/messages"):
                body = parse_json(raw) or {}
                record["json"] = body
                external_id = body.get("externalId")
                if not external_id or not body.get("recipient", {}).get("id") or "electronic" not in body:
                    return 400, {"error": "invalid message"}
                if external_id in self.sent:
                    return 409, {"messageId": self.sent[external_id]}
                if path.endswith("/electronic") and body["recipient"]["id"] in self.no_mailbox:
                    return 400, {"error": "recipient has no active mailbox"}
                if path == "/v2/messages" and body.get("paperMail", {}).get("attachments", [{}])[0].get(
                        "attachmentId") not in self.attachments:
                    return 400, {"error": "unknown attachment"}
                self.sent[external_id] = next(self.ids)
                return 200, {"messageId": self.sent[external_id]}
            return 404, {"error": "not found"}

    @staticmethod
    def _file(headers, raw) -> bytes:
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            f"Content-Type: {headers.get('Content-Type', '')}\r\n\r\n".encode() + raw)
        for part in message.iter_parts():
            return part.get_payload(decode=True)
        return b""

    def messages(self):
        return [r for r in self.requests if r["path"].startswith("/v2/messages")]
