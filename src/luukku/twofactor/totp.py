"""RFC 6238 time-based one-time passwords (HMAC-SHA1, 6 digits, 30-second steps: what every
authenticator app does) and the recovery codes. Written here rather than taken from pyotp: it is
twenty lines of the standard library, and the caller needs the matched time step (to refuse a
replay), which pyotp's verify() does not give."""

import base64
import hashlib
import hmac
import secrets
import struct
from urllib.parse import quote, urlencode

from django.conf import settings

from luukku.core import clock

STEP_SECONDS = 30
DIGITS = 6
DRIFT_STEPS = 1  # a phone's clock a step behind or ahead still works
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread


def new_secret() -> str:
    """160 random bits in base32 (the length RFC 4226 recommends), as apps expect it."""
    return base64.b32encode(secrets.token_bytes(20)).decode()


def current_step() -> int:
    return int(clock.now().timestamp()) // STEP_SECONDS


def code_at(secret: str, step: int) -> str:
    """The code of one time step (RFC 4226 HOTP over the step counter)."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return str(number % 10**DIGITS).zfill(DIGITS)


def matching_step(secret: str, code: str, *, after: int = 0) -> int | None:
    """The time step (within the allowed drift, later than `after`) whose code this is, or None."""
    if not is_code(code):
        return None
    now = current_step()
    for step in range(now - DRIFT_STEPS, now + DRIFT_STEPS + 1):
        if step > after and hmac.compare_digest(code_at(secret, step), code):
            return step
    return None


def is_code(value: str) -> bool:
    """Six ASCII digits (not other scripts' digits, which str.isdigit() would take)."""
    return len(value) == DIGITS and value.isascii() and value.isdigit()


def provisioning_uri(secret: str, account: str, issuer: str) -> str:
    """The otpauth:// address an authenticator app reads from the QR code."""
    label = quote(f"{issuer}:{account}", safe="")
    query = urlencode({"secret": secret, "issuer": issuer, "algorithm": "SHA1", "digits": DIGITS,
                       "period": STEP_SECONDS})
    return f"otpauth://totp/{label}?{query}"


def grouped(secret: str) -> str:
    """The secret in groups of four for typing by hand (apps ignore the spaces)."""
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def new_recovery_code() -> str:
    """Ten characters (50 bits) as xxxxx-xxxxx."""
    raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def normalize_code(value: str) -> str:
    """What was typed, without spaces and dashes, in lower case (people copy codes either way)."""
    return "".join(ch for ch in str(value) if ch not in " -\t").lower()


def recovery_hash(code: str) -> str:
    """A keyed hash of a recovery code. The codes are random and long, so a keyed SHA-256 (with the
    identity codes' look-up key) is as good as a slow password hash and can be looked up directly."""
    key = getattr(settings, "LUUKKU_HETU_HASH_KEY", "") or ("luukku-hetu-hash:" + settings.SECRET_KEY)
    return hmac.new(key.encode(), b"recovery:" + normalize_code(code).encode(), hashlib.sha256).hexdigest()
