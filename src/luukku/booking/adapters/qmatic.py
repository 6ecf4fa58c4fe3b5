"""Qmatic Orchestra's calendar public appointment API ("calendar-backend/public/api"), version 1:

    GET    v1/branches/{branch}                                       {"branch": {"timeZone": …, …}}
    GET    v1/branches/{branch}/services/{service}/dates              {"dates": ["2026-12-14T00:00:00", …]}
    GET    v1/branches/{branch}/services/{service}/dates/{d}/times    {"times": ["09:00", "09:30", …]}
    POST   v1/branches/{branch}/services/{service}/dates/{d}/times/{t}/book
           {"title", "customer": {"firstName", "lastName", "email", "phone"}, "notes"}
           → the appointment, {"publicId": …, "start": …, …} (some installations wrap it in "appointment")
    DELETE v1/appointments/{publicId}                                 204; 404 when it is not there

Dates and times are the branch's local time without an offset; the branch's `timeZone` says which.
The API sits behind Qmatic's gateway, which takes an API key in a header (X-Api-Key by default).
The API has no move: a move books the new time and then cancels the old one (the new one is cancelled
again when the old cannot be), so a failure leaves the appointment where it was.

Settings (booking.adapters): {"url": "https://…/calendar-backend/public/api", "api_key": "…",
"api_key_header": "X-Api-Key", "timeout": 10}. `Resource.external_id`: "<branch>/<service>" public ids.
What is sent of the resident: the name and the contact details the booking has, and our reference;
never an identity code or the message to the staff.
"""

import datetime as dt
import logging
from urllib.parse import quote
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import requests

from luukku.core import clock

from ..slots import Slot
from . import AdapterError, AppointmentSystem, appointment_systems

log = logging.getLogger(__name__)
TITLE = "Luukku"


def _q(value: str) -> str:
    return quote(str(value), safe="")


@appointment_systems.register("qmatic")
class Qmatic(AppointmentSystem):
    label = "Qmatic Orchestra (calendar public API)"

    @classmethod
    def check_config(cls, config: dict) -> list[str]:
        problems = []
        if not str(config.get("url") or "").startswith(("http://", "https://")):
            problems.append("url must be the API's http(s) address (…/calendar-backend/public/api)")
        if not config.get("api_key"):
            problems.append("api_key is missing")
        return problems

    # --- HTTP ------------------------------------------------------------------------------------

    def _request(self, method: str, path: str, **kwargs) -> requests.Response:
        base = self.config["url"].rstrip("/")
        timeout = float(self.config.get("timeout") or 10)
        headers = {"Accept": "application/json",
                   self.config.get("api_key_header") or "X-Api-Key": self.config["api_key"]}
        try:
            response = requests.request(method, f"{base}/v1/{path}", headers=headers,
                                        timeout=(min(5.0, timeout), timeout), **kwargs)
        except requests.Timeout as exc:
            raise AdapterError(f"Qmatic timed out: {method} {path}") from exc
        except requests.RequestException as exc:
            raise AdapterError(f"Qmatic unreachable: {type(exc).__name__}") from exc
        if response.status_code >= 500:
            raise AdapterError(f"Qmatic answered {response.status_code} to {method} {path}: "
                               f"{response.headers.get('error_message', '')[:200]}")
        return response

    def _json(self, method: str, path: str, **kwargs) -> dict:
        response = self._request(method, path, **kwargs)
        if response.status_code != 200 and not (method == "POST" and response.status_code == 201):
            raise AdapterError(f"Qmatic answered {response.status_code} to {method} {path}",
                               taken=response.status_code == 409)
        try:
            data = response.json()
        except ValueError as exc:
            raise AdapterError(f"Qmatic answered {method} {path} with something other than JSON") from exc
        if not isinstance(data, dict):
            raise AdapterError(f"Qmatic answered {method} {path} with an unexpected shape")
        return data

    # --- the resource ----------------------------------------------------------------------------

    @staticmethod
    def _ids(resource) -> tuple[str, str]:
        branch, _sep, service = (resource.external_id or "").partition("/")
        if not branch or not service:
            raise AdapterError(f"resource {resource.pk}: external_id must be '<branch>/<service>'")
        return _q(branch), _q(service)

    def _zone(self, branch: str) -> ZoneInfo:
        data = self._json("GET", f"branches/{branch}")
        name = (data.get("branch") or {}).get("timeZone") or "Europe/Helsinki"
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            return clock.HELSINKI

    # --- the interface ---------------------------------------------------------------------------

    def free_slots(self, resource, start: dt.date, end: dt.date) -> list[Slot]:
        branch, service = self._ids(resource)
        zone = self._zone(branch)
        length = dt.timedelta(minutes=resource.slot_minutes)
        base = f"branches/{branch}/services/{service}/dates"
        out = []
        try:
            days = sorted({dt.date.fromisoformat(str(value)[:10]) for value in self._json("GET", base)["dates"]})
            for day in (d for d in days if start <= d <= end):
                for value in self._json("GET", f"{base}/{day.isoformat()}/times")["times"]:
                    at = dt.datetime.combine(day, dt.time.fromisoformat(str(value)[:5])).replace(tzinfo=zone)
                    out.append(Slot(resource.pk, at, at + length, 1, 0, None))
        except (KeyError, TypeError, ValueError) as exc:
            raise AdapterError(f"Qmatic's dates or times were not understood: {type(exc).__name__}") from exc
        return sorted(out, key=lambda s: s.starts_at)

    def _book(self, booking, starts_at: dt.datetime) -> str:
        branch, service = self._ids(booking.resource)
        local = starts_at.astimezone(self._zone(branch))
        first, _sep, last = (booking.name or "").strip().rpartition(" ")
        customer = {"firstName": first, "lastName": last or first}
        if booking.person_id is not None:
            customer.update(email=booking.person.email or "", phone=booking.person.phone or "")
        else:
            customer.update(email=booking.email, phone=booking.phone)
        path = (f"branches/{branch}/services/{service}/dates/{local.date().isoformat()}"
                f"/times/{local.strftime('%H:%M')}/book")
        data = self._json("POST", path, json={"title": TITLE, "customer": customer, "notes": booking.reference})
        public_id = (data.get("appointment") or data).get("publicId")
        if not public_id:
            raise AdapterError("Qmatic's appointment had no publicId")
        return str(public_id)

    def book(self, booking) -> str:
        return self._book(booking, booking.starts_at)

    def _delete(self, public_id: str) -> None:
        response = self._request("DELETE", f"appointments/{_q(public_id)}")
        if response.status_code not in (200, 204, 404):  # 404: not there, which is what we wanted
            raise AdapterError(f"Qmatic answered {response.status_code} to cancelling an appointment")

    def cancel(self, booking) -> None:
        if booking.external_id:
            self._delete(booking.external_id)

    def reschedule(self, booking, starts_at: dt.datetime) -> str:
        new_id = self._book(booking, starts_at)
        try:
            self.cancel(booking)
        except AdapterError:
            try:
                self._delete(new_id)
            except AdapterError:
                log.error("Qmatic appointment %s was left booked by a failed move; cancel it in Qmatic", new_id)
            raise
        return new_id
