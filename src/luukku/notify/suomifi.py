"""Suomi.fi Messages (Viestit) over its REST API, the way City of Helsinki's
django-helsinki-suomifi-messages speaks it: POST /v1/token with {username, password} gives an
access token; POST /v2/messages/electronic sends an electronic message, POST /v2/messages a
multichannel one (electronic, or printed and posted by Posti when the recipient has no mailbox),
whose letter is a PDF uploaded first to /v2/attachments.

`externalId` is the delivery's idempotency key: a repeat answers 409 with the first message's id,
which we take as sent. The recipient is the identity code, decrypted at send time and never logged
or kept in an error. A person with a protected address (turvakielto) gets electronic messages only:
our copy of their address never leaves the system.
"""

import threading
import time

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .channels import Channel, PermanentFailure, TemporaryFailure, channels

_token_lock = threading.Lock()
_token: dict = {}  # per worker process: {"key": (url, username), "value": "Bearer …", "until": epoch}


class SuomiFiMessages:
    """A small client: one token per process, renewed when it expires or is refused (401)."""

    def __init__(self):
        self.base = settings.LUUKKU_SUOMIFI_MESSAGES_URL
        self.timeout = settings.LUUKKU_SUOMIFI_TIMEOUT

    def _request(self, method, path, **kwargs):
        import requests

        try:
            return requests.request(method, self.base + path, timeout=(min(5.0, self.timeout), self.timeout), **kwargs)
        except requests.Timeout as exc:
            raise TemporaryFailure("Suomi.fi Messages timed out") from exc
        except requests.RequestException as exc:
            raise TemporaryFailure(f"Suomi.fi Messages unreachable: {type(exc).__name__}") from exc

    def _authorization(self, *, renew: bool = False) -> str:
        key = (self.base, settings.LUUKKU_SUOMIFI_MESSAGES_USERNAME)
        with _token_lock:
            if not renew and _token.get("key") == key and _token.get("until", 0) > time.time():
                return _token["value"]
            response = self._request("POST", "/v1/token", json={
                "username": settings.LUUKKU_SUOMIFI_MESSAGES_USERNAME,
                "password": settings.LUUKKU_SUOMIFI_MESSAGES_PASSWORD})
            if response.status_code != 200:
                # Wrong credentials are fixed by an operator, not by the message: retry with back-off.
                raise TemporaryFailure(f"Suomi.fi Messages login failed ({response.status_code})")
            data = response.json()
            value = f"{data.get('token_type') or 'Bearer'} {data['access_token']}"
            lifetime = int(data.get("expires_in") or 300)
            _token.update(key=key, value=value, until=time.time() + max(lifetime - 60, 10))
            return value

    def post(self, path, **kwargs):
        """POST with the token; a refused token (401) is renewed once."""
        response = self._request("POST", path, headers={"Authorization": self._authorization()}, **kwargs)
        if response.status_code == 401:
            response = self._request("POST", path, headers={"Authorization": self._authorization(renew=True)},
                                     **kwargs)
        return response


def _electronic(notification) -> dict:
    return {
        "title": notification.subject[:200],
        "body": notification.body,
        "bodyFormat": "Text",
        "messageServiceType": "Normal",
        "notifications": {"senderDetailsInNotifications": "Organisation and service name",
                          "unreadMessageNotification": {"reminder": "Default reminder"}},
        "replyAllowedBy": "No one",
        "visibility": "Normal",
        "attachments": [],
    }


def _letter_pdf(notification) -> bytes:
    from django.template.loader import render_to_string
    from weasyprint import (
        HTML,  # late: Pango is slow to load and only paper mail needs it
    )

    html = render_to_string("notify/letter.html", {"notification": notification})
    return HTML(string=html).write_pdf()


def _postal_address(name, street, postal_code, city) -> dict:
    return {"name": name[:100], "streetAddress": street, "zipCode": postal_code, "city": city, "countryCode": "FI"}


def paper_possible(person) -> bool:
    """Paper mail with our copy of the address: configured, a full address, and never under turvakielto."""
    return bool(settings.LUUKKU_SUOMIFI_PAPER_MAIL and not person.protected_address and person.street_address
                and person.postal_code and person.post_office)


@channels.register("suomifi")
class SuomiFiChannel(Channel):
    label = _("Suomi.fi Messages")
    needs = _("a Finnish personal identity code")
    missing = _("We have no personal identity code for you.")

    @classmethod
    def check(cls):
        missing = [name for name in ("URL", "USERNAME", "PASSWORD", "SERVICE_ID")
                   if not getattr(settings, f"LUUKKU_SUOMIFI_MESSAGES_{name}")]
        problems = [f"LUUKKU_SUOMIFI_MESSAGES_{name} is not set" for name in missing]
        if settings.LUUKKU_SUOMIFI_PAPER_MAIL and not (settings.LUUKKU_SUOMIFI_POSTI_USERNAME
                                                       and settings.LUUKKU_SUOMIFI_POSTI_PASSWORD):
            problems.append("paper mail needs LUUKKU_SUOMIFI_POSTI_USERNAME and _PASSWORD")
        return problems

    def has_address(self, person):
        return bool(person.hetu_encrypted)  # without decrypting it; a Contact has none

    def address(self, person):
        return person.hetu if person.hetu_encrypted else None

    def send(self, delivery, notification, address):
        client = SuomiFiMessages()
        person = notification.recipient
        body = {
            "externalId": delivery.idempotency_key,
            "recipient": {"id": address},
            "sender": {"serviceId": settings.LUUKKU_SUOMIFI_MESSAGES_SERVICE_ID},
            "electronic": _electronic(notification),
        }
        if paper_possible(person):
            body["paperMail"] = self._paper(client, notification, person)
            response = client.post("/v2/messages", json=body)
        else:
            response = client.post("/v2/messages/electronic", json=body)
        return _result(response)

    def _paper(self, client, notification, person) -> dict:
        upload = client.post("/v2/attachments", files={"file": ("kirje.pdf", _letter_pdf(notification),
                                                                "application/pdf")})
        if upload.status_code >= 300:
            _raise(upload.status_code, "attachment upload")
        municipality = person.municipality
        from luukku.core.translation import tr

        return {
            "attachments": [{"attachmentId": upload.json()["attachmentId"]}],
            "colorPrinting": False,
            "createAddressPage": True,
            "messageServiceType": "Normal",
            "printingAndEnvelopingService": {"postiMessaging": {
                "contactDetails": {"email": settings.LUUKKU_SUOMIFI_POSTI_EMAIL},
                "username": settings.LUUKKU_SUOMIFI_POSTI_USERNAME,
                "password": settings.LUUKKU_SUOMIFI_POSTI_PASSWORD}},
            "recipient": {"address": _postal_address(person.full_name, person.street_address, person.postal_code,
                                                     person.post_office)},
            "rotateLandscapePages": False,
            "sender": {"address": _postal_address(tr(municipality.name, "fi"), tr(municipality.street_address, "fi"),
                                                  municipality.postal_code, tr(municipality.post_office, "fi"))},
            "twoSidedPrinting": False,
        }


def _raise(status: int, what: str):
    if status >= 500 or status in (401, 429):
        raise TemporaryFailure(f"Suomi.fi Messages {what}: {status}")
    # 4xx: e.g. no active mailbox for an electronic-only message; retrying will not change it.
    raise PermanentFailure(f"Suomi.fi Messages refused the {what} ({status})")


def _result(response) -> str:
    status = response.status_code
    if status < 300 or status == 409:  # 409: this externalId was sent already: done
        try:
            data = response.json()
        except ValueError:
            data = {}
        message_id = data.get("messageId") if isinstance(data, dict) else None
        return str(message_id) if message_id is not None else ""
    _raise(status, "message")
