"""Identity providers behind a registry: "oidc" (an OpenID Connect broker through authlib) and
"local" (the username login of staff and demo residents).

An OIDC login yields an `Identity`; the view turns it into a user, a Person synced from the
register and a session record of the level of assurance. The identity code lives only in the
Identity object for the length of the request: never in the session, a URL or a log message.
"""

import logging
from dataclasses import dataclass, field

from authlib.integrations.base_client import MismatchingStateError
from authlib.integrations.django_client import OAuth
from authlib.common.errors import AuthlibBaseError
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse

from luukku.core.registry import Registry

from . import hetu as hetu_module

logger = logging.getLogger(__name__)
identity_providers = Registry("identity provider")


class IdentificationError(Exception):
    """A failed identification; `code` picks the page the resident sees."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code  # "denied", "state", "failed", "no_code", "invalid_code", "temporary_code", "unavailable", "unreachable"


@dataclass(frozen=True)
class Identity:
    provider: str
    subject: str
    hetu: str = field(repr=False)
    given_name: str = ""
    family_name: str = ""
    loa: str = ""
    amr: tuple[str, ...] = ()

    @property
    def strong(self) -> bool:
        return is_strong(self.loa, self.amr)


def is_strong(loa: str, amr) -> bool:
    return loa in settings.LUUKKU_OIDC_STRONG_ACR or any(m in settings.LUUKKU_OIDC_STRONG_AMR for m in amr or ())


@identity_providers.register("local")
class LocalProvider:
    """Username and password (web.views.ResidentLoginView). Demo residents are linked to their
    Person by the demo loader; such a login is strong only if LUUKKU_DEMO_LOCAL_LOGIN_IS_STRONG."""

    @staticmethod
    def configured() -> bool:
        return True

    @staticmethod
    def login_url(municipality_slug: str, lang: str) -> str:
        return reverse("login", kwargs={"municipality": municipality_slug, "lang": lang})


@identity_providers.register("oidc")
class OidcProvider:
    """Authorization code flow with PKCE and nonce against the broker in LUUKKU_OIDC_DISCOVERY_URL."""

    name = "luukku"
    _clients: dict[tuple, object] = {}

    @staticmethod
    def configured() -> bool:
        return bool(settings.LUUKKU_OIDC_DISCOVERY_URL and settings.LUUKKU_OIDC_CLIENT_ID)

    @classmethod
    def client(cls):
        """One authlib client per configuration (tests and deployments may change it)."""
        key = (settings.LUUKKU_OIDC_DISCOVERY_URL, settings.LUUKKU_OIDC_CLIENT_ID, settings.LUUKKU_OIDC_CLIENT_SECRET,
               settings.LUUKKU_OIDC_SCOPE, settings.LUUKKU_OIDC_PKCE)
        if key not in cls._clients:
            oauth = OAuth()
            client_kwargs = {"scope": settings.LUUKKU_OIDC_SCOPE, "default_timeout": 10}
            if settings.LUUKKU_OIDC_PKCE:
                client_kwargs["code_challenge_method"] = "S256"
            cls._clients[key] = oauth.register(
                cls.name,
                client_id=settings.LUUKKU_OIDC_CLIENT_ID,
                client_secret=settings.LUUKKU_OIDC_CLIENT_SECRET or None,
                server_metadata_url=settings.LUUKKU_OIDC_DISCOVERY_URL,
                client_kwargs=client_kwargs,
            )
        return cls._clients[key]

    @classmethod
    def start(cls, request, redirect_uri: str):
        """The redirect to the broker; state, nonce and the PKCE verifier go to the session."""
        if not cls.configured():
            raise IdentificationError("unavailable")
        try:
            return cls.client().authorize_redirect(request, redirect_uri)
        except Exception as error:  # noqa: BLE001 (discovery unreachable, bad metadata…)
            logger.warning("OIDC start failed: %s", type(error).__name__)
            raise IdentificationError("unreachable") from None

    @classmethod
    def finish(cls, request) -> Identity:
        """Validate the callback (state, code, ID token signature, issuer, audience, nonce)."""
        if not cls.configured():
            raise IdentificationError("unavailable")
        if request.GET.get("error"):
            # e.g. access_denied: the resident cancelled. The description is the broker's, not shown.
            raise IdentificationError("denied")
        if not request.GET.get("code") or not request.GET.get("state"):
            raise IdentificationError("state")
        try:
            token = cls.client().authorize_access_token(request)
        except MismatchingStateError:
            raise IdentificationError("state") from None
        except (AuthlibBaseError, ValueError, KeyError, OSError) as error:
            logger.warning("OIDC token exchange failed: %s", type(error).__name__)
            raise IdentificationError("failed") from None
        except Exception as error:  # noqa: BLE001 (requests' errors and the like: never a 500)
            logger.warning("OIDC token exchange failed: %s", type(error).__name__)
            raise IdentificationError("failed") from None
        claims = token.get("userinfo") or {}
        if not claims.get("sub"):
            raise IdentificationError("failed")
        return identity_from_claims(claims)


def identity_from_claims(claims) -> Identity:
    raw = next((claims[name] for name in settings.LUUKKU_OIDC_HETU_CLAIMS if claims.get(name)), None)
    if not raw or not isinstance(raw, str):
        raise IdentificationError("no_code")
    try:
        code = hetu_module.validate(raw)
    except ValidationError as error:
        raise IdentificationError("temporary_code" if error.code == "temporary" else "invalid_code") from None
    amr = claims.get("amr") or []
    if isinstance(amr, str):
        amr = [amr]
    return Identity(
        provider="oidc",
        subject=str(claims["sub"]),
        hetu=code,
        given_name=str(claims.get("given_name") or "")[:200],
        family_name=str(claims.get("family_name") or "")[:200],
        loa=str(claims.get("acr") or "")[:64],
        amr=tuple(str(m)[:32] for m in amr if m)[:10],
    )
