"""Resolve the municipality and language of every request before any view runs."""

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotFound, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation

from . import selectors
from .tenancy import municipality_context

# First path segments that are not municipality slugs.
RESERVED = {"admin", "api", "static", "media", "healthz", "i18n", "favicon.ico", "robots.txt", ""}
LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}


def _slug_from_path(path: str) -> str | None:
    parts = path.lstrip("/").split("/")
    if parts[0] == "api" and len(parts) > 2 and parts[1] == "v1":
        return parts[2] or None
    if parts[0] in RESERVED:
        return None
    return parts[0]


def not_found_response(request):
    """The 404 for an unknown municipality: in Finnish and Swedish, as no language is known."""
    parts = request.path_info.split("/")
    if len(parts) > 4 and parts[1:3] == ["api", "v1"] and parts[4] == "open311":
        # Open311 clients read errors only in the standard's shape, in the format of the suffix.
        from luukku.feedback import open311

        return open311.no_such_municipality(request)
    if request.path_info.startswith("/api/"):
        # No language is known here either: the same bilingual words as the page, as JSON.
        detail = "Sivua ei löytynyt – Sidan hittades inte – Not found: no such municipality."
        return JsonResponse({"detail": detail, "code": "not_found"}, status=404, json_dumps_params={"ensure_ascii": False})
    html = render_to_string("web/unknown_municipality.html", {"path": request.path}, request=None)
    return HttpResponseNotFound(html)


class MunicipalityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        municipality = None
        slug = _slug_from_path(request.path_info)
        if slug is not None:
            municipality = selectors.municipality_by_slug(slug)
            if municipality is None:
                return not_found_response(request)
        else:
            municipality = selectors.municipality_by_host(request.get_host().split(":")[0])
            if municipality is None and request.path_info.startswith("/admin/"):
                municipality = selectors.admin_municipality(request)
        request.municipality = municipality
        # Request code is strict: a scoped query with no municipality raises.
        with municipality_context(municipality, strict=True):
            return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # A reserved first segment is no slug (/api/x/, /static/x/…), yet the municipality routes
        # match it: their views would run without a municipality (a 500). Nobody lives there.
        if "municipality" in view_kwargs and _slug_from_path(request.path_info) is None:
            return not_found_response(request)
        return None


class LanguageMiddleware:
    """`/<slug>/<lang>/…` decides the language; elsewhere the cookie or the browser's wish."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        parts = request.path_info.lstrip("/").split("/")
        language = None
        if parts[0] == "api" and len(parts) > 2:
            language = None
        elif len(parts) > 1 and parts[1] in LANGUAGE_CODES and getattr(request, "municipality", None):
            language = parts[1]
        if language is None:
            language = translation.get_language_from_request(request)
        municipality = getattr(request, "municipality", None)
        if municipality is not None and language not in municipality.languages:
            language = municipality.default_language
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


def content_length(request) -> int:
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


def body_limit(request) -> int:
    """The largest body this request may declare. Files come only as multipart: a signed-in user's
    attachments (eservices' total per application) or anyone's feedback photos; any other body is
    a form or JSON of at most LUUKKU_MAX_BODY_BYTES."""
    limit = settings.LUUKKU_MAX_BODY_BYTES
    if request.META.get("CONTENT_TYPE", "").lower().startswith("multipart/form-data"):
        photos = settings.LUUKKU_FEEDBACK_PHOTO_MAX_BYTES * settings.LUUKKU_FEEDBACK_PHOTO_MAX_COUNT
        limit = max(limit, photos + settings.LUUKKU_MAX_BODY_BYTES)
        if limit < settings.LUUKKU_MAX_UPLOAD_BYTES and request.user.is_authenticated:
            limit = settings.LUUKKU_MAX_UPLOAD_BYTES
    return limit


def too_large_response(request, limit: int):
    from django.utils.translation import gettext as _

    megabytes = max(limit // (1024 * 1024), 1)
    message = _("The request is too large: at most %(mb)s MB can be sent at once.") % {"mb": megabytes}
    parts = request.path_info.split("/")
    if "open311" in parts[:5]:
        from luukku.feedback import open311_format

        fmt = "xml" if request.path_info.lower().endswith(".xml") else "json"
        return open311_format.errors([(413, message)], fmt, 413)
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": message, "code": "too_large"}, status=413)
    html = render_to_string("web/too_large.html", {"message": message}, request=request)
    return HttpResponse(html, status=413)


class BodySizeMiddleware:
    """Refuses a declared body above the limit with 413 before anything reads it: a worker is not
    held while hundreds of megabytes arrive only to be thrown away. (The proxy in front has its own
    limit, docs/operations.md; this one holds when it is missing.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        length = content_length(request)
        if length > settings.LUUKKU_MAX_BODY_BYTES:
            limit = body_limit(request)
            if length > limit:
                return too_large_response(request, limit)
        return self.get_response(request)
