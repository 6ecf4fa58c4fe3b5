"""A local HTTP server that speaks Qmatic Orchestra's calendar public API, version 1 (the part
booking.adapters.qmatic uses): a branch with a time zone, a service's dates and times, booking a time
(which then is no longer free) and deleting an appointment. It checks the API key, records every
request, and can answer 500 or hang (every request or one method's) past the client's timeout."""

import itertools
import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

API_KEY = "qmatic-test-key"


class _Handler(BaseHTTPRequestHandler):
    def _serve(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        status, body = self.server.owner.handle(self.command, self.path, dict(self.headers), raw)
        data = json.dumps(body).encode() if body is not None else b""
        try:
            self.send_response(status)
            if data:
                self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (the timeout test)

    do_GET = do_POST = do_DELETE = _serve

    def log_message(self, *args):
        pass


class QmaticServer:
    """`times`: {"2026-12-14": ["09:00", …]} free at branch B1, service S1 (Europe/Helsinki)."""

    PREFIX = "/calendar-backend/public/api/v1/"

    def __init__(self, times: dict[str, list[str]]):
        self.times = {day: list(values) for day, values in times.items()}
        self.appointments: dict[str, dict] = {}
        self.requests: list[dict] = []
        self.fail_status = 0  # answer every request with this (500: "error_message" header as Qmatic's)
        self.hang = 0.0  # seconds to wait before answering…
        self.hang_only = ""  # …only requests of this method ("": every request)
        self.ids = itertools.count(1)
        self.lock = threading.Lock()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.daemon_threads = True
        self.httpd.owner = self
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                       daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/calendar-backend/public/api"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()

    def handle(self, method, path, headers, raw):
        body = json.loads(raw) if raw else None
        with self.lock:
            self.requests.append({"method": method, "path": path, "body": body})
        if self.hang and self.hang_only in ("", method):
            time.sleep(self.hang)
        if headers.get("X-Api-Key") != API_KEY:
            return 401, {"msg": "Unauthorized"}
        if self.fail_status:
            return self.fail_status, {"msg": "An error occured."}
        if not path.startswith(self.PREFIX):
            return 404, {"msg": "Not found"}
        route = path[len(self.PREFIX):].rstrip("/")
        with self.lock:
            return self._route(method, route, body)

    def _route(self, method, route, body):
        if method == "GET" and route == "branches/B1":
            return 200, {"branch": {"publicId": "B1", "name": "Virastotalo", "timeZone": "Europe/Helsinki"}}
        base = "branches/B1/services/S1/dates"
        if method == "GET" and route == base:
            return 200, {"notifications": [], "dates": [f"{d}T00:00:00" for d, t in sorted(self.times.items()) if t],
                         "meta": {"totalResults": len(self.times)}}
        m = re.fullmatch(re.escape(base) + r"/(\d{4}-\d\d-\d\d)/times", route)
        if method == "GET" and m:
            return 200, {"notifications": [], "times": self.times.get(m[1], [])}
        m = re.fullmatch(re.escape(base) + r"/(\d{4}-\d\d-\d\d)/times/(\d\d:\d\d)/book", route)
        if method == "POST" and m:
            day, at = m[1], m[2]
            if at not in self.times.get(day, []):
                return 409, {"msg": "Time slot not available"}
            self.times[day].remove(at)
            public_id = f"appt-{next(self.ids)}"
            self.appointments[public_id] = {"publicId": public_id, "start": f"{day}T{at}:00", "body": body}
            return 200, {"publicId": public_id, "start": f"{day}T{at}:00.000+0200", "title": body.get("title"),
                         "customers": [body.get("customer")], "notes": body.get("notes")}
        m = re.fullmatch(r"appointments/([^/]+)", route)
        if method == "DELETE" and m:
            appointment = self.appointments.pop(m[1], None)
            if appointment is None:
                return 404, {"msg": "Appointment not found"}
            day, at = appointment["start"][:10], appointment["start"][11:16]
            self.times.setdefault(day, []).append(at)
            self.times[day].sort()
            return 204, None
        return 404, {"msg": "Not found"}
