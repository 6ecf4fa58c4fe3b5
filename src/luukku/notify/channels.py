"""Notification channels behind a registry. A channel is a small class:

    key (registry_key)   "email", "sms", "suomifi", "console"
    label                lazily translated name shown to residents
    needs                what it needs of the person, for the sentence "we have no …"
    check()              (classmethod) configuration problems; a channel with any is not offered
    has_address(person)  whether the person can be reached (cheap: no decryption)
    address(person)      where to send, or None; called only at send time. `person` is a Person or,
                         for a notification without one, a models.Contact (email, phone, no identity code).
                         PermanentFailure when there is one that can never work (not a valid address).
    send(delivery, notification, address) -> provider id
        Raise TemporaryFailure to be retried with back-off, PermanentFailure to give up: what can
        never succeed (an invalid address, a permanent 5xx refusal) fails at once, with its reason.

Every send carries the delivery's idempotency key, so a provider that de-duplicates (Suomi.fi's
externalId, a gateway's reference) turns our at-least-once into once.
"""

import json
import logging
import re
import smtplib

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from luukku.core.registry import Registry

log = logging.getLogger(__name__)
channels = Registry("notification channel")


class TemporaryFailure(Exception):
    """Try again later (timeout, connection refused, 5xx, 429)."""


class PermanentFailure(Exception):
    """Will not work by retrying (4xx other than 409/429, no such recipient)."""


class Channel:
    label = ""
    needs = ""  # "Email needs an email address, …"
    missing = ""  # shown where we could not send: "We have no email address for you."
    offered = True  # False: never a resident's choice (console stands in for sms)

    @classmethod
    def check(cls) -> list[str]:
        return []

    @classmethod
    def configured(cls) -> bool:
        return not cls.check()

    def has_address(self, person) -> bool:
        try:
            return bool(self.address(person))
        except PermanentFailure:  # one we could never send to
            return False

    def address(self, person):
        raise NotImplementedError

    def send(self, delivery, notification, address) -> str:
        raise NotImplementedError


def offered() -> list[str]:
    """Keys a resident may choose now: offered and configured, in registry order."""
    return [key for key, cls in channels.items() if cls.offered and cls.configured()]


def sender(key: str) -> Channel:
    """The class that does the sending for a chosen channel (console stands in for the SMS gateway)."""
    if key == "sms" and settings.LUUKKU_SMS_BACKEND == "console":
        return channels["console"]()
    return channels[key]()


def phone_number(raw: str) -> str | None:
    """A Finnish or international mobile number in E.164 (+358401234567), or None."""
    digits = re.sub(r"[\s\-().]", "", raw or "")
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    elif digits.startswith("0"):
        digits = "+358" + digits[1:]
    return digits if re.fullmatch(r"\+[1-9]\d{6,14}", digits) else None


EMAIL_MAX = 254  # as the forms and the stored fields take it


def email_address(raw: str) -> str | None:
    """One valid address as the web forms take it (Django's EmailValidator, at most 254 characters),
    else None: never a list, a display name, a quoted local part or a line break."""
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    value = str(raw or "").strip()
    if not value or len(value) > EMAIL_MAX or '"' in value or any(ch.isspace() or ord(ch) < 32 for ch in value):
        return None
    try:
        validate_email(value)
    except ValidationError:
        return None
    return value


def _smtp_codes(exc: smtplib.SMTPRecipientsRefused) -> list[int]:
    return [code for code, _message in (exc.recipients or {}).values() if isinstance(code, int)]


def mobile_address(person) -> str | None:
    """The person's number in E.164, None without one; PermanentFailure for one that is no number."""
    if not str(person.phone or "").strip():
        return None
    number = phone_number(person.phone)
    if number is None:
        raise PermanentFailure("not a valid mobile phone number")
    return number


@channels.register("email")
class EmailChannel(Channel):
    label = _("Email")
    needs = _("an email address")
    missing = _("We have no email address for you.")

    def address(self, person):
        if not str(person.email or "").strip():
            return None
        address = email_address(person.email)
        if address is None:
            raise PermanentFailure("not a valid email address")
        return address

    def send(self, delivery, notification, address):
        from django.core.mail import EmailMessage

        if email_address(address) != address:
            raise PermanentFailure("not a valid email address")
        message_id = f"<{delivery.idempotency_key}@luukku>"
        message = EmailMessage(notification.subject, notification.body, to=[address],
                               headers={"Message-ID": message_id, "X-Luukku-Idempotency-Key": delivery.idempotency_key,
                                        "Auto-Submitted": "auto-generated"})
        try:
            message.send()
        except smtplib.SMTPRecipientsRefused as exc:
            codes = _smtp_codes(exc)
            if codes and all(code < 500 for code in codes):  # 4xx: mailbox busy, greylisting
                raise TemporaryFailure(f"the mail server deferred the recipient ({codes[0]})") from exc
            raise PermanentFailure(f"the mail server refused the recipient ({codes[0] if codes else 'no code'})") \
                from exc
        except smtplib.SMTPDataError as exc:
            if 500 <= exc.smtp_code < 600:  # the message itself is refused for good
                raise PermanentFailure(f"the mail server refused the message ({exc.smtp_code})") from exc
            raise TemporaryFailure(f"mail server: {type(exc).__name__} ({exc.smtp_code})") from exc
        except (smtplib.SMTPException, OSError) as exc:
            # Also a refused sender or login: our configuration, not this message; it goes once fixed.
            raise TemporaryFailure(f"mail server: {type(exc).__name__}") from exc
        except ValueError as exc:  # a header Django will not write (a line break): never sendable
            raise PermanentFailure("the address or subject cannot be put in an email") from exc
        return message_id


def _fill(template, values: dict):
    """The JSON template with {placeholders} replaced inside its strings (values stay JSON-safe)."""
    if isinstance(template, dict):
        return {k: _fill(v, values) for k, v in template.items()}
    if isinstance(template, list):
        return [_fill(v, values) for v in template]
    if isinstance(template, str):
        for name, value in values.items():
            template = template.replace("{" + name + "}", value)
    return template


def sms_text(notification) -> str:
    return notification.body


@channels.register("sms")
class SmsChannel(Channel):
    """An HTTP SMS gateway: one JSON POST per message, the idempotency key as header and {reference}."""

    label = _("Text message (SMS)")
    needs = _("a mobile phone number")
    missing = _("We have no mobile phone number for you.")

    @classmethod
    def check(cls):
        if settings.LUUKKU_SMS_BACKEND == "console":
            return []
        problems = [] if settings.LUUKKU_SMS_GATEWAY_URL else ["LUUKKU_SMS_GATEWAY_URL is not set"]
        try:
            json.loads(settings.LUUKKU_SMS_PAYLOAD)
        except ValueError:
            problems.append("LUUKKU_SMS_PAYLOAD is not valid JSON")
        return problems

    def address(self, person):
        return mobile_address(person)

    def send(self, delivery, notification, address):
        import requests

        key = delivery.idempotency_key
        payload = _fill(json.loads(settings.LUUKKU_SMS_PAYLOAD), {
            "to": address, "text": sms_text(notification), "reference": key, "sender": settings.LUUKKU_SMS_SENDER})
        headers = {"Idempotency-Key": key, "Accept": "application/json"}
        if settings.LUUKKU_SMS_GATEWAY_TOKEN:
            scheme = settings.LUUKKU_SMS_GATEWAY_AUTH_SCHEME
            headers[settings.LUUKKU_SMS_GATEWAY_AUTH_HEADER] = (
                f"{scheme} {settings.LUUKKU_SMS_GATEWAY_TOKEN}" if scheme else settings.LUUKKU_SMS_GATEWAY_TOKEN)
        timeout = settings.LUUKKU_SMS_TIMEOUT
        try:
            response = requests.post(settings.LUUKKU_SMS_GATEWAY_URL, json=payload, headers=headers,
                                     timeout=(min(5.0, timeout), timeout))
        except requests.Timeout as exc:
            raise TemporaryFailure("SMS gateway timed out") from exc
        except requests.RequestException as exc:
            raise TemporaryFailure(f"SMS gateway unreachable: {type(exc).__name__}") from exc
        status = response.status_code
        if status >= 500 or status == 429:
            raise TemporaryFailure(f"SMS gateway answered {status}")
        # 409: a gateway that de-duplicates by our reference has this message already.
        if status >= 400 and status != 409:
            raise PermanentFailure(f"SMS gateway refused the message ({status})")
        return _provider_id(response) or key


def _provider_id(response) -> str:
    try:
        data = response.json()
    except ValueError:
        return ""
    if isinstance(data, dict):
        for name in ("messageId", "message_id", "id"):
            if data.get(name) not in (None, ""):
                return str(data[name])
    return ""


@channels.register("console")
class ConsoleChannel(Channel):
    """The demo's SMS: the text is written to the worker's console, the number masked."""

    label = _("Text message (written to the console)")
    needs = _("a mobile phone number")
    missing = _("We have no mobile phone number for you.")
    offered = False

    def address(self, person):
        return mobile_address(person)

    def send(self, delivery, notification, address):
        masked = "*" * (len(address) - 3) + address[-3:]
        text = f"[SMS to {masked}, reference {delivery.idempotency_key}]\n{sms_text(notification)}\n"
        print(text, flush=True)
        log.info("console SMS %s sent", delivery.idempotency_key)
        return f"console:{delivery.idempotency_key}"
