"""Payment providers behind a registry (setting LUUKKU_PAYMENT_PROVIDER, default "test").

A provider does two things, the way Finnish payment services (Paytrail, Visma Pay, Nets) work:

    start(booking, callback_url) -> URL   where to send the resident to pay (the provider's page)
    verify(params) -> Outcome             the provider's redirect back (and its server-to-server call)
                                          to `callback_url`, with the result and an HMAC signature;
                                          BadSignature when it was not signed with the shared secret

Luukku's side is the same for every provider (payment_views.callback): a verified "ok" calls
services.confirm_payment; anything else leaves the booking awaiting payment until services.expire_unpaid
frees its time. The "test" provider's page is served by Luukku itself (payment_views.test_pay) and calls
back through that same signed path, so the demo and the tests go the way a real payment would.
"""

import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from luukku.core.registry import Registry

payment_providers = Registry("payment provider")

# The parameters a callback carries (the names Paytrail uses, so that its provider maps one to one).
STAMP, REFERENCE, AMOUNT, STATUS, TRANSACTION = (
    "checkout-stamp", "checkout-reference", "checkout-amount", "checkout-status", "checkout-transaction-id")
SIGNATURE = "signature"
OK = "ok"


class BadSignature(Exception):
    """A callback that was not signed by the provider (or was altered): refused, nothing changes."""


class PaymentUnavailable(Exception):
    """The provider cannot take a payment now (not configured, or its service did not answer)."""


@dataclass(frozen=True)
class Outcome:
    stamp: str  # the booking's public id
    reference: str  # the booking's reference
    amount_cents: int
    paid: bool
    transaction_id: str


def sign(params: dict, secret: bytes) -> str:
    """HMAC-SHA256 over the checkout-* parameters sorted by name, one "name:value" a line (Paytrail's
    scheme without the body)."""
    lines = "\n".join(f"{k}:{params[k]}" for k in sorted(params) if k.startswith("checkout-"))
    return hmac.new(secret, lines.encode(), hashlib.sha256).hexdigest()


def _verify_signature(params, secret: bytes) -> dict:
    fields = {k: str(params.get(k, "")) for k in (STAMP, REFERENCE, AMOUNT, STATUS, TRANSACTION)}
    given = str(params.get(SIGNATURE, ""))
    if not given or not hmac.compare_digest(sign(fields, secret), given):
        raise BadSignature("the callback's signature does not match")
    return fields


def _outcome(fields: dict) -> Outcome:
    try:
        amount = int(fields[AMOUNT])
    except ValueError:
        raise BadSignature("the amount is not a number") from None
    return Outcome(stamp=fields[STAMP], reference=fields[REFERENCE], amount_cents=amount,
                   paid=fields[STATUS] == OK, transaction_id=fields[TRANSACTION][:100])


class PaymentProvider:
    label = ""

    @classmethod
    def check(cls) -> list[str]:
        """Configuration problems; a provider with any takes no payments."""
        return []

    def start(self, booking, callback_url: str) -> str:
        raise NotImplementedError

    def verify(self, params) -> Outcome:
        raise NotImplementedError


@payment_providers.register("test")
class TestProvider(PaymentProvider):
    """No money moves: Luukku's own page with "Pay" and "Cancel", clearly a test, signing its callback
    with a key derived from SECRET_KEY. Refused in production (LUUKKU_ENV=production)."""

    label = _("Test payment")

    @classmethod
    def check(cls) -> list[str]:
        if getattr(settings, "PRODUCTION", False):
            return ["the test provider takes no money: set LUUKKU_PAYMENT_PROVIDER to a real provider"]
        return []

    @staticmethod
    def secret() -> bytes:
        return salted_hmac("luukku.booking.payments.test", "callback").digest()

    def start(self, booking, callback_url: str) -> str:
        token = signing.dumps({"b": str(booking.public_id), "c": callback_url}, salt="booking.testpay")
        return reverse("booking:test_pay", args=[booking.resource.municipality.slug, booking.language or "fi", token])

    def callback_params(self, booking, *, paid: bool, transaction_id: str) -> dict:
        """What the test page sends back, signed as a real provider would sign it."""
        params = {STAMP: str(booking.public_id), REFERENCE: booking.reference,
                  AMOUNT: str(booking.price_cents or 0), STATUS: OK if paid else "fail", TRANSACTION: transaction_id}
        params[SIGNATURE] = sign(params, self.secret())
        return params

    def verify(self, params) -> Outcome:
        return _outcome(_verify_signature(params, self.secret()))


def provider_key() -> str:
    return getattr(settings, "LUUKKU_PAYMENT_PROVIDER", "test")


def active_provider() -> PaymentProvider:
    """The configured provider, or PaymentUnavailable (unknown, or its check fails)."""
    key = provider_key()
    if key not in payment_providers:
        raise PaymentUnavailable(f"unknown payment provider {key!r}")
    cls = payment_providers[key]
    if cls.check():
        raise PaymentUnavailable("; ".join(cls.check()))
    return cls()
