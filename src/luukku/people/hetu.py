"""The henkilötunnus (personal identity code): validation, birth date, encryption at rest and a
keyed hash for look-up. The code never goes into URLs, logs or error pages; only `mask()` may be shown.
"""

import base64
import datetime as dt
import hashlib
import hmac

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.fi import hetu as stdnum_hetu

CENTURIES = {"+": 1800, "-": 1900, "Y": 1900, "X": 1900, "W": 1900, "V": 1900, "U": 1900,
             "A": 2000, "B": 2000, "C": 2000, "D": 2000, "E": 2000, "F": 2000}


CHECK_CHARS = "0123456789ABCDEFHJKLMNPRSTUVWXY"


def compose(birth: dt.date, individual: int) -> str:
    """The code of someone born on `birth` with this individual number (2–899), its check character
    computed: for synthetic people (the demo, the benchmarks), never read from anyone."""
    digits = f"{birth:%d%m%y}{individual:03d}"
    century = "+" if birth.year < 1900 else "-" if birth.year < 2000 else "A"
    return f"{digits[:6]}{century}{digits[6:]}{CHECK_CHARS[int(digits) % 31]}"


def normalize(value: str) -> str:
    """Upper case, spaces removed (people type them either way)."""
    return "".join(str(value).split()).upper()


def validate(value: str, *, allow_temporary: bool = False) -> str:
    """The normalised code, or ValidationError with a message that says what to fix."""
    code = normalize(value)
    try:
        stdnum_hetu.validate(code, allow_temporary=allow_temporary)
    except StdnumError:
        if not allow_temporary and _is_temporary(code):
            raise ValidationError(_("A temporary identity code cannot be used here."), code="temporary") from None
        raise ValidationError(
            _("Check the personal identity code: it has the form DDMMYY, a century sign, three digits and a check character."),
            code="invalid",
        ) from None
    return code


def _is_temporary(code: str) -> bool:
    try:
        stdnum_hetu.validate(code, allow_temporary=True)
    except StdnumError:
        return False
    return True


def birth_date(code: str) -> dt.date:
    code = normalize(code)
    return dt.date(CENTURIES[code[6]] + int(code[4:6]), int(code[2:4]), int(code[0:2]))


def mask(code: str) -> str:
    """Shown to a person about themselves: the birth-date part only."""
    return normalize(code)[:7] + "****"


def _keys() -> list[bytes]:
    """Fernet keys: LUUKKU_HETU_KEYS (comma-separated, newest first) or one derived from SECRET_KEY."""
    configured = [k.strip() for k in getattr(settings, "LUUKKU_HETU_KEYS", []) if k.strip()]
    if configured:
        return [k.encode() for k in configured]
    digest = hashlib.sha256(b"luukku-hetu-encryption:" + settings.SECRET_KEY.encode()).digest()
    return [base64.urlsafe_b64encode(digest)]


def encrypt(code: str) -> str:
    return MultiFernet([Fernet(k) for k in _keys()]).encrypt(normalize(code).encode()).decode()


def decrypt(token: str) -> str:
    return MultiFernet([Fernet(k) for k in _keys()]).decrypt(token.encode()).decode()


def lookup_hash(code: str) -> str:
    """Keyed hash (HMAC-SHA256) for finding a person by code without decrypting every row."""
    key = getattr(settings, "LUUKKU_HETU_HASH_KEY", "") or ("luukku-hetu-hash:" + settings.SECRET_KEY)
    return hmac.new(key.encode(), normalize(code).encode(), hashlib.sha256).hexdigest()
