"""The GDPR API of Helsinki's profile contract (open-city-profile `gdpr-api-openapi.yaml`), so that
a city's resident-profile service can fetch and erase what Luukku holds about a person:

    GET    /api/v1/<municipality>/gdpr-api/v1/profiles/<id>               → {key, children | value}
    DELETE /api/v1/<municipality>/gdpr-api/v1/profiles/<id>[?dry_run=true] → 204, or 403 {errors}

A bearer JWT from the configured issuer (keys from its JWKS) must carry our audience, an unexpired
`exp`, a `sub` naming the same person as `<id>`, and the query or delete scope. Bad or missing
token: 401; missing scope or another person's token: 403; unknown id: 404."""

import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from luukku.core.api import MunicipalityViewMixin
from luukku.core.models import Channel
from luukku.core.services import record_audit

from . import erasure, export
from .models import ProfileLink

log = logging.getLogger(__name__)

DEFAULTS = {
    "ISSUER": "",  # the accepted token issuer (e.g. https://tunnistus.hel.fi/auth/realms/helsinki-tunnistus)
    "AUDIENCE": "",  # our client id at the issuer
    "JWKS_URL": "",  # the issuer's keys; or JWKS: a key set given directly
    "JWKS": None,
    "QUERY_SCOPE": "gdprquery",
    "DELETE_SCOPE": "gdprdelete",
    "ALGORITHMS": ["RS256", "RS384", "RS512", "ES256", "ES384", "PS256"],
    "LEEWAY": 30,  # seconds of clock skew allowed on exp/nbf/iat
    "JWKS_CACHE_SECONDS": 600,
}


def config() -> dict:
    return {**DEFAULTS, **getattr(settings, "LUUKKU_GDPR_API", {})}


class TokenRefused(Exception):
    def __init__(self, status: int, code: str, message):
        super().__init__(code)
        self.status, self.code, self.message = status, code, message


def _in_every_language(text: str) -> dict:
    out = {}
    for language in ("fi", "sv", "en"):
        with translation.override(language):
            out[language] = _(text)
    return out


def _errors(code: str, message: dict) -> dict:
    return {"errors": [{"code": code, "message": message}]}


def _keys(conf) -> KeySet:
    if conf["JWKS"]:
        return KeySet.import_key_set(conf["JWKS"])
    url = conf["JWKS_URL"]
    if not url:
        raise TokenRefused(401, "NOT_CONFIGURED", gettext_noop("The GDPR API has no token issuer configured."))
    cache_key = f"gdpr-api:jwks:{url}"
    data = cache.get(cache_key)
    if data is None:
        import requests

        try:
            response = requests.get(url, timeout=5)
            response.raise_for_status()
            data = response.json()
        except (requests.RequestException, ValueError):
            log.exception("could not fetch the GDPR API issuer's keys from %s", url)
            raise TokenRefused(503, "KEYS_UNAVAILABLE",
                               gettext_noop("The token issuer's keys could not be fetched.")) from None
        cache.set(cache_key, data, conf["JWKS_CACHE_SECONDS"])
    return KeySet.import_key_set(data)


def scopes_of(claims: dict) -> set[str]:
    """Scopes as the issuers put them: OAuth `scope` (a string), `scp` (a list), Tunnistamo's API
    scopes (`https://api.hel.fi/auth`) and Keycloak's `authorization.permissions[].scopes`."""
    found = set()
    if isinstance(claims.get("scope"), str):
        found.update(claims["scope"].split())
    for name in ("scp", "https://api.hel.fi/auth"):
        value = claims.get(name)
        if isinstance(value, str):
            found.update(value.split())
        elif isinstance(value, list):
            found.update(v for v in value if isinstance(v, str))
    authorization = claims.get("authorization")
    if isinstance(authorization, dict):
        for permission in authorization.get("permissions") or []:
            if isinstance(permission, dict):
                found.update(s for s in permission.get("scopes") or [] if isinstance(s, str))
    return found


def verify(header: str, scope_key: str) -> dict:
    """The token's claims, or TokenRefused."""
    conf = config()
    kind, _sep, value = (header or "").partition(" ")
    if kind.lower() != "bearer" or not value.strip():
        raise TokenRefused(401, "NO_TOKEN", gettext_noop("A bearer token is required."))
    if not (conf["ISSUER"] and conf["AUDIENCE"]):
        raise TokenRefused(401, "NOT_CONFIGURED", gettext_noop("The GDPR API has no token issuer configured."))
    try:
        token = jwt.decode(value.strip(), _keys(conf), algorithms=conf["ALGORITHMS"])
        jwt.JWTClaimsRegistry(
            leeway=conf["LEEWAY"], iss={"essential": True, "value": conf["ISSUER"]},
            aud={"essential": True, "value": conf["AUDIENCE"]}, exp={"essential": True}, sub={"essential": True},
        ).validate(token.claims)
    except TokenRefused:
        raise
    except (JoseError, ValueError, TypeError) as exc:
        log.info("GDPR API token refused: %s", type(exc).__name__)
        raise TokenRefused(401, "INVALID_TOKEN", gettext_noop(
            "The token was refused: it is invalid, expired or not meant for this service.")) from None
    scope = conf[scope_key]
    if scope not in scopes_of(token.claims):
        raise TokenRefused(403, "MISSING_SCOPE", gettext_noop("The token lacks the required scope."))
    return token.claims


def find_person(municipality, profile_id: str):
    from luukku.people.models import Person

    try:
        key = uuid.UUID(str(profile_id))
    except ValueError:
        return None
    linked = ProfileLink.all_objects.filter(municipality=municipality, profile_id=key).values("person_id")
    return (Person.all_objects.filter(municipality=municipality).filter(Q(public_id=key) | Q(pk__in=linked))
            .select_related("municipality").first())


def _names_person(person, sub: str) -> bool:
    ids = {str(person.public_id)}
    ids.update(str(p) for p in ProfileLink.all_objects.filter(person=person).values_list("profile_id", flat=True))
    return sub in ids


def tree(key: str, value):
    """The contract's node: {key, value} for a scalar, {key, children} for a list or an object."""
    key = key.upper()
    if isinstance(value, dict):
        return {"key": key, "children": [tree(k, v) for k, v in value.items()]}
    if isinstance(value, list):
        singular = key[:-1] if key.endswith("S") else f"{key}_ITEM"
        return {"key": key, "children": [tree(singular, v) for v in value]}
    if value is None or isinstance(value, str | int | float | bool):
        return {"key": key, "value": value}
    return {"key": key, "value": str(value)}


NODE = inline_serializer("GdprNode", {"key": serializers.CharField(),
                                      "value": serializers.CharField(required=False, allow_null=True),
                                      "children": serializers.ListField(child=serializers.DictField(),
                                                                        required=False)})
ERRORS = inline_serializer("GdprErrors", {"errors": serializers.ListField(child=inline_serializer(
    "GdprError", {"code": serializers.CharField(), "message": serializers.DictField(child=serializers.CharField())}))})


class ProfileView(MunicipalityViewMixin, APIView):
    authentication_classes: list = []  # the bearer token is checked here, not by a session
    permission_classes: list = []

    def _refused(self, exc: TokenRefused) -> Response:
        response = Response(_errors(exc.code, _in_every_language(exc.message)), status=exc.status)
        if exc.status == 401:
            response["WWW-Authenticate"] = 'Bearer error="invalid_token"'
        return response

    def _authorised(self, request, profile_id, scope_key):
        """(person, None) or (None, the refusal's response)."""
        try:
            claims = verify(request.headers.get("Authorization", ""), scope_key)
        except TokenRefused as exc:
            return None, self._refused(exc)
        person = find_person(self.municipality, profile_id)
        if person is None:
            return None, Response(_errors("NOT_FOUND", _in_every_language(gettext_noop("No data about this person."))),
                                  status=404)
        if not _names_person(person, str(claims["sub"])):
            return None, self._refused(TokenRefused(403, "WRONG_SUBJECT",
                                                    gettext_noop("The token is for another person.")))
        return person, None

    @extend_schema(summary="GDPR: a person's data", operation_id="gdpr_profile_query",
                   description="Everything held about the person as a tree of `{key, children | value}`. "
                               "Bearer JWT with the query scope.",
                   responses={200: NODE, 401: ERRORS, 403: ERRORS, 404: ERRORS})
    def get(self, request, municipality, profile_id):
        person, refused = self._authorised(request, profile_id, "QUERY_SCOPE")
        if refused is not None:
            return refused
        record_audit(municipality=person.municipality, actor=None, subject_id=person.public_id,
                     action="privacy.gdpr_query", purpose="the person's GDPR request through the profile service",
                     object_type="people.person", object_id=person.public_id, channel=Channel.API)
        data = export.collect(person, person.language if person.language in ("fi", "sv", "en") else "fi")
        data.pop("format", None)
        return Response(tree("LUUKKU", data))

    @extend_schema(summary="GDPR: erase a person's data", operation_id="gdpr_profile_delete",
                   description="Erases the person's data, or with `dry_run=true` only checks that it could be. "
                               "403 with the reasons when erasure is refused (an open case, a legal hold, "
                               "records under retention). Bearer JWT with the delete scope.",
                   parameters=[OpenApiParameter("dry_run", OpenApiTypes.BOOL, OpenApiParameter.QUERY)],
                   responses={204: OpenApiResponse(description="Erased (or could be, on a dry run)."),
                              401: ERRORS, 403: ERRORS, 404: ERRORS})
    def delete(self, request, municipality, profile_id):
        person, refused = self._authorised(request, profile_id, "DELETE_SCOPE")
        if refused is not None:
            return refused
        dry_run = request.query_params.get("dry_run", "").lower() in ("true", "1", "yes")
        refusals, _counts = erasure.erase(person, dry_run=dry_run)
        if refusals:
            return Response({"errors": [{"code": r.code, "message": r.message} for r in refusals]}, status=403)
        return Response(status=204)
