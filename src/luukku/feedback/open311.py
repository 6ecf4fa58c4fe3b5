"""Open311 GeoReport v2 with Helsinki's extensions (locale, extensions=true, lat/long/radius,
updated_after/updated_before, media upload).

Two mounts share these views: /api/v1/<slug>/open311/v2/ (the municipality from the path,
jurisdiction_id optional) and /api/open311/v2/ (jurisdiction_id, the municipality code, required).
Every answer, errors too, is in the format of the URL's suffix. Only moderated public feedback is
shown, and never the reporter's contact details. Writes go through services.submit.
"""

import hashlib
import re
from datetime import datetime, time, timedelta
from functools import wraps
from math import isfinite

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.http import HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt

from luukku.core import clock, ratelimit
from luukku.core.models import Municipality
from luukku.core.tenancy import municipality_context
from luukku.core.translation import tr

from . import open311_format as out
from . import open311_selectors as reads
from . import services
from .config import intake_config
from .models import Channel, Publication, open311_status

WINDOW_DAYS = 90
MAX_RADIUS_M = 100_000
SMALL_BODY_BYTES = 64 * 1024  # a post without photos fits; a larger one must name its key up front
KEY_LIMIT_FACTOR = 10  # one partner key may post this many times one address's limit
SAFE_ID = re.compile(r"^[\w-]{1,64}$", re.ASCII)
# What a moderator has not yet seen is not shown, not even to the partner holding the token.
UNPUBLISHED_HIDDEN = ("description", "status_notes", "media_url", "address", "zipcode", "lat", "long")
ATTRIBUTE = re.compile(r"^attribute\[([^\]]{1,60})\](\[\])?$")


class Open311Error(Exception):
    def __init__(self, status: int, description: str = "", *, items=None, headers=None):
        super().__init__(description)
        self.status, self.headers = status, headers or {}
        self.items = items or [(status, description)]


class Call:
    """One API call: the request, its municipality, format and language."""

    def __init__(self, request, municipality, fmt, language):
        self.request, self.municipality, self.fmt, self.language = request, municipality, fmt, language

    def param(self, name: str) -> str:
        return self.request.GET.get(name, "").replace("\x00", "").strip()


# --- the frame every endpoint shares -------------------------------------------------------------

def _municipality(request):
    """From the path (/api/v1/<slug>/…), or from jurisdiction_id on the shared endpoint."""
    jurisdiction = (request.GET.get("jurisdiction_id") or "").strip()
    if not jurisdiction and request.method == "POST":
        jurisdiction = (request.POST.get("jurisdiction_id") or "").strip()
    by_path = request.resolver_match.namespace == "open311_municipality"
    municipality = getattr(request, "municipality", None)
    if by_path:
        if jurisdiction and jurisdiction != municipality.code:
            raise Open311Error(404, _("jurisdiction_id was not found."))
        return municipality
    if not jurisdiction:
        raise Open311Error(400, _("jurisdiction_id was not provided."))
    found = Municipality.objects.filter(code=jurisdiction).first() if re.fullmatch(r"\d{3}", jurisdiction) else None
    if found is None or (municipality is not None and municipality.pk != found.pk):  # a host pins its own
        raise Open311Error(404, _("jurisdiction_id was not found."))
    return found


def _wish(request, *, body: bool) -> str | None:
    """`locale` (fi, sv, en; also fi_FI and the like) from the query string, or from a POST body already read."""
    wish = (request.GET.get("locale") or "").strip()[:2].lower()
    if not wish and body and request.method == "POST":
        wish = (request.POST.get("locale") or "").strip()[:2].lower()
    return wish if wish in dict(settings.LANGUAGES) else None


def _language(request, municipality) -> str:
    """`locale`, else the municipality's first language."""
    return _wish(request, body=True) or municipality.default_language


def _early_language(request) -> str:
    """The language of errors found before the municipality is (the query's locale, the path's municipality's
    first language, or the site's), so that one answer never mixes languages."""
    known = getattr(request, "municipality", None)
    return _wish(request, body=False) or (known.default_language if known else settings.LANGUAGE_CODE)


def endpoint(*methods):
    def decorate(view):
        @csrf_exempt
        @wraps(view)
        def wrapper(request, fmt="json", municipality=None, **kwargs):
            with translation.override(_early_language(request)):
                return answer(request, fmt.lower(), **kwargs)

        def answer(request, fmt, **kwargs):
            if fmt not in out.FORMATS:
                return out.errors([(404, _("Unknown format: use .json or .xml."))], "json", 404)
            try:
                allowed = {*methods, "HEAD"} if "GET" in methods else set(methods)
                if request.method not in allowed:
                    raise Open311Error(405, _("This method is not allowed here."),
                                       headers={"Allow": ", ".join(sorted(allowed))})
                large = request.method == "POST" and _early_key_check(request)
                place = _municipality(request)
                if large:
                    with municipality_context(place, strict=True):
                        if services.api_key_for(place, request.GET["api_key"].strip()) is None:
                            raise Open311Error(403, _("api_key is not valid."))  # the body is never read
                if request.method == "POST":
                    request.POST  # noqa: B018 -- parse here so a bad body is a 400 in our format
                language = _language(request, place)
                with municipality_context(place, strict=True), translation.override(language):
                    try:
                        return view(Call(request, place, fmt, language), **kwargs)
                    except Open311Error as exc:  # raised in the caller's language
                        return _error(exc, fmt)
            except Open311Error as exc:
                return _error(exc, fmt)
            except (SuspiciousOperation, MultiPartParserError):
                return out.errors([(400, _("The request could not be read."))], fmt, 400)
        return wrapper
    return decorate


def no_such_municipality(request):
    """The 404 of an unknown municipality in the path, in the standard's shape and the request's language."""
    fmt = "xml" if request.path_info.lower().endswith(".xml") else "json"
    with translation.override(_early_language(request)):
        return out.errors([(404, _("The municipality in the address was not found."))], fmt, 404)


def _early_key_check(request) -> bool:
    """A body larger than SMALL_BODY_BYTES (one with photos) is read only for a known partner: its
    api_key (and on the shared mount its jurisdiction_id) must then come in the query string, and is
    checked before the body is read. True when the body is large."""
    from luukku.core.middleware import content_length

    if content_length(request) <= SMALL_BODY_BYTES:
        return False
    if not request.GET.get("api_key", "").strip():
        raise Open311Error(401, _("api_key missing: with a request larger than %(kb)d kB, give api_key "
                                  "in the query string.") % {"kb": SMALL_BODY_BYTES // 1024})
    if request.resolver_match.namespace != "open311_municipality" and not request.GET.get("jurisdiction_id"):
        raise Open311Error(400, _("jurisdiction_id was not provided."))
    return True


def _error(exc: Open311Error, fmt: str):
    response = out.errors(exc.items, fmt, exc.status)
    for header, value in exc.headers.items():
        response[header] = value
    return response


# --- reading input ---------------------------------------------------------------------------------

def _datetime(call, name: str, *, end_of_day=False) -> datetime | None:
    """ISO 8601 / W3C datetime or date; a '+' of an offset that arrived as a space is restored."""
    raw = call.param(name)
    if not raw:
        return None
    raw = raw.replace(" ", "+")
    try:
        value = parse_datetime(raw)
        if value is None:
            day = parse_date(raw)
            if day is not None:
                value = datetime.combine(day, time.max if end_of_day else time.min)
        if value is not None and timezone.is_naive(value):
            value = timezone.make_aware(value)
        if value is not None and not 1900 <= value.year <= 9000:  # the window arithmetic must fit
            value = None
    except (ValueError, OverflowError):
        value = None
    if value is None:
        raise Open311Error(400, _("%(name)s must be a date and time in the W3C format, e.g. "
                                  "2026-01-31T12:00:00+02:00.") % {"name": name})
    return value


def _number(call, name: str) -> float | None:
    raw = call.param(name)
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        value = None
    if value is None or not isfinite(value):
        raise Open311Error(400, _("%(name)s must be a number.") % {"name": name})
    return value


def _comma_list(raw: str) -> list[str]:
    return [part.strip() for part in raw.split(",") if part.strip()]


def _filter(call) -> reads.RequestFilter:
    flt = reads.RequestFilter()
    ids = _comma_list(call.param("service_request_id"))
    if ids:  # overrides every other filter (the standard)
        flt.references = [i for i in ids if SAFE_ID.match(i)]
        return flt
    codes = _comma_list(call.param("service_code"))
    if codes:
        flt.service_codes = [c for c in codes if SAFE_ID.match(c)]
    statuses = {s.lower() for s in _comma_list(call.param("status"))}
    if statuses - {"open", "closed"}:
        raise Open311Error(400, _("status must be open or closed (or both, separated by a comma)."))
    flt.statuses = statuses or None
    start, end = _datetime(call, "start_date"), _datetime(call, "end_date", end_of_day=True)
    flt.updated_after = _datetime(call, "updated_after")
    flt.updated_before = _datetime(call, "updated_before", end_of_day=True)
    window = timedelta(days=WINDOW_DAYS)
    if start and end:
        if end < start:
            raise Open311Error(400, _("end_date must not be before start_date."))
        if end - start > window:
            raise Open311Error(400, ngettext("The date range may span at most %(days)d day.",
                                             "The date range may span at most %(days)d days.",
                                             WINDOW_DAYS) % {"days": WINDOW_DAYS})
    elif start:
        end = start + window
    elif end:
        start = end - window
    elif flt.updated_after is None and flt.updated_before is None:
        end = clock.now()
        start = end - window
    flt.start, flt.end = start, end
    lat, lon, radius = _number(call, "lat"), _number(call, "long"), _number(call, "radius")
    if (lat, lon, radius) != (None, None, None):
        if None in (lat, lon, radius):
            raise Open311Error(400, _("Give lat, long and radius together."))
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise Open311Error(400, _("lat and long must be WGS84 decimal degrees."))
        if not 0 < radius <= MAX_RADIUS_M:
            raise Open311Error(400, _("radius must be more than 0 and at most %(max)d metres.")
                               % {"max": MAX_RADIUS_M})
        flt.point = (lat, lon, radius)
    return flt


# --- output ------------------------------------------------------------------------------------------

def _w3c(value) -> str | None:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def _notice(sla_days) -> str:
    if not sla_days:
        return ""
    return ngettext("We aim to handle this within %(days)d working day.",
                    "We aim to handle this within %(days)d working days.", sla_days) % {"days": sla_days}


def _expected(item):
    if item.expected_at:
        return _w3c(item.expected_at)
    if item.due_date:
        return _w3c(timezone.make_aware(datetime.combine(item.due_date, time(23, 59, 59))))
    return None


def _media_url(call, item) -> str | None:
    if not item.first_media:
        return None
    namespace = call.request.resolver_match.namespace
    kwargs = {"service_request_id": item.reference, "media_id": item.first_media}
    if namespace == "open311_municipality":
        kwargs["municipality"] = call.municipality.slug
    url = reverse(f"{namespace}:media", kwargs=kwargs)
    if namespace != "open311_municipality":
        url += f"?jurisdiction_id={call.municipality.code}"
    return call.request.build_absolute_uri(url)


def _request_data(call, item, extensions: bool) -> dict:
    """One public request: the standard's fields only (never the reporter)."""
    data = {
        "service_request_id": item.reference,
        "status": open311_status(item.status),
        "status_notes": item.public_answer or None,
        "service_name": tr(item.category.name, call.language),
        "service_code": item.category.code,
        "description": item.description,
        "agency_responsible": tr(item.unit.name, call.language),
        "service_notice": _notice(item.category.sla_days) or None,
        "requested_datetime": _w3c(item.submitted_at),
        "updated_datetime": _w3c(item.updated_at),
        "expected_datetime": _expected(item),
        "address": item.address or None,
        "address_id": None,
        "zipcode": item.zipcode or None,
        "lat": item.latitude,
        "long": item.longitude,
        "media_url": _media_url(call, item),
    }
    if extensions:
        data["extended_attributes"] = {"title": item.title or None, "detailed_status": item.status,
                                       "service_object_id": None, "service_object_type": None}
    return data


def _extensions(call) -> bool:
    return call.param("extensions").lower() in ("true", "1", "yes")


# --- endpoints ------------------------------------------------------------------------------------

@endpoint("GET")
def service_list(call):
    data = [{
        "service_code": c.code,
        "service_name": tr(c.name, call.language),
        "description": tr(c.description, call.language) or None,
        "metadata": bool(c.attributes),
        "type": "realtime",
        "keywords": c.keywords or None,
        "group": tr(c.group, call.language) or None,
    } for c in reads.categories(call.municipality)]
    return out.render(data, call.fmt, "services")


def _text(value, language) -> str | None:
    if isinstance(value, dict):
        return tr(value, language) or None
    return str(value) if value not in (None, "") else None


@endpoint("GET")
def service_definition(call, service_code):
    category = reads.category(call.municipality, service_code) if SAFE_ID.match(service_code) else None
    if category is None:
        raise Open311Error(404, _("service_code was not found."))
    specs = [a for a in category.attributes or [] if isinstance(a, dict)]
    attributes = [{
        "variable": True,
        "code": str(spec.get("code", "")),
        "datatype": spec.get("datatype", "string"),
        "required": bool(spec.get("required")),
        "datatype_description": _text(spec.get("datatype_description"), call.language),
        "order": spec.get("order", index),
        "description": _text(spec.get("description"), call.language),
        "values": [{"key": str(v.get("key", "")), "name": _text(v.get("name"), call.language)}
                   for v in spec.get("values") or [] if isinstance(v, dict)],
    } for index, spec in enumerate(specs, start=1)]
    attributes.sort(key=lambda a: (a["order"] if isinstance(a["order"], int) else 0))
    return out.render({"service_code": category.code, "attributes": attributes}, call.fmt, "service_definition")


@endpoint("GET", "POST")
def requests(call):
    if call.request.method == "POST":
        return _post_request(call)
    return _cached(call, lambda: _request_list(call))


def _request_list(call):
    items = reads.public_requests(call.municipality, _filter(call))
    extensions = _extensions(call)
    return out.render([_request_data(call, item, extensions) for item in items], call.fmt, "service_requests")


def _cached(call, build):
    """GET requests, kept for a short while: the same public list is asked again and again (apps,
    maps, open-data harvesters) and a thousand items take long to build. The key has the
    municipality's content_version, which services bump whenever something public changes, so a
    published answer shows at once (with a shared cache; each process's own otherwise)."""
    seconds = settings.LUUKKU_OPEN311_CACHE_SECONDS
    if seconds <= 0:
        return build()
    m = call.municipality
    raw = f"{m.public_id}:{m.content_version}:{call.fmt}:{call.language}:{call.request.get_host()}:" \
          f"{call.request.get_full_path()}"
    key = "luukku:open311:" + hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()
    hit = cache.get(key)
    if hit is not None:
        return HttpResponse(hit[0], content_type=hit[1])
    response = build()
    if response.status_code == 200:
        cache.set(key, (response.content, response["Content-Type"]), seconds)
    return response


@endpoint("GET")
def request_detail(call, service_request_id):
    """A public request; with `token` (from the POST's answer) the poster follows its own request from the
    start: status, service and dates at once, its description, place and photos once it is published."""
    token = call.param("token")
    item = None
    if SAFE_ID.match(service_request_id) and token:
        item = reads.followed_request(call.municipality, service_request_id, token) if SAFE_ID.match(token) else None
    elif SAFE_ID.match(service_request_id):
        item = reads.public_request(call.municipality, service_request_id)
    if item is None:
        raise Open311Error(404, _("service_request_id was not found."))
    unpublished = bool(token) and item.publication != Publication.PUBLIC
    if unpublished:
        item.first_media = None
    data = _request_data(call, item, _extensions(call))
    if unpublished:
        for field in UNPUBLISHED_HIDDEN:
            data[field] = None
        if "extended_attributes" in data:
            data["extended_attributes"]["title"] = None
    return out.render([data], call.fmt, "service_requests")


@endpoint("GET")
def token(call, token):
    reference = reads.reference_by_token(call.municipality, token) if SAFE_ID.match(token) else None
    if reference is None:
        raise Open311Error(404, _("token was not found."))
    return out.render([{"service_request_id": reference, "token": token}], call.fmt, "service_requests")


@endpoint("GET")
def media(call, service_request_id, media_id):
    """A photo of public feedback (the media_url of GET requests); 404 for anything else."""
    item = reads.public_media(call.municipality, service_request_id, media_id) if SAFE_ID.match(
        service_request_id) else None
    if item is None:
        raise Open311Error(404, _("The photo was not found."))
    try:
        with item.file.open("rb") as handle:
            content = handle.read()
    except OSError:
        raise Open311Error(404, _("The photo was not found."))
    response = HttpResponse(content, content_type=item.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    response["Cache-Control"] = "public, max-age=300"
    return response


# --- POST requests ---------------------------------------------------------------------------------

def _form(request, name: str) -> str:
    return (request.POST.get(name) or "").replace("\x00", "")


def _attributes(request) -> dict:
    answers = {}
    for key in request.POST:
        match = ATTRIBUTE.match(key)
        if match:
            values = [v.replace("\x00", "") for v in request.POST.getlist(key)]
            answers[match.group(1)] = values if match.group(2) else values[-1]
    return answers


def _limit(scope: str, key: str, count: int, seconds: int):
    wait = ratelimit.hit(scope, key, count, seconds)
    if wait:
        raise Open311Error(429, _("Too many requests. Try again in %(seconds)d seconds.") % {"seconds": wait},
                           headers={"Retry-After": str(wait)})


def _validation_items(exc: ValidationError) -> list[tuple[int, str]]:
    items = []
    groups = exc.error_dict.values() if hasattr(exc, "error_dict") else [exc.error_list]
    for errors in groups:
        for error in errors:
            code = 404 if error.code == "unknown_category" else 400
            items.extend((code, message) for message in error.messages)
    return items


def _post_request(call):
    request, municipality = call.request, call.municipality
    count, seconds = ratelimit.feedback_limit()
    _limit("open311", ratelimit.client_address(request), count, seconds)
    given_key = (request.GET.get("api_key") or _form(request, "api_key")).replace("\x00", "").strip()
    if not given_key:
        raise Open311Error(400, _("api_key missing."))
    api_key = services.api_key_for(municipality, given_key)
    if api_key is None:
        raise Open311Error(403, _("api_key is not valid."))
    _limit("open311-key", str(api_key.public_id), count * KEY_LIMIT_FACTOR, seconds)
    code = _form(request, "service_code").strip()
    if not code:
        raise Open311Error(400, _("service_code was not provided."))
    category = intake_config(municipality).categories.get(code)
    if category is None:
        raise Open311Error(404, _("service_code was not found."))
    address = _form(request, "address_string").strip() or _form(request, "address_id").strip()
    account_id = _form(request, "account_id")
    try:
        feedback = services.submit(
            municipality=municipality, category=category, description=_form(request, "description"),
            channel=Channel.API, language=call.language, title=_form(request, "title"),
            latitude=_form(request, "lat").strip() or None, longitude=_form(request, "long").strip() or None,
            address=address, attributes=_attributes(request), first_name=_form(request, "first_name"),
            last_name=_form(request, "last_name"), email=_form(request, "email"), phone=_form(request, "phone"),
            device_id=_form(request, "device_id"), account_id=account_id, api_key=api_key,
            photos=request.FILES.getlist("media") + request.FILES.getlist("media[]"), later=True)
    except ValidationError as exc:
        items = _validation_items(exc)
        status = 404 if items and all(code == 404 for code, _text in items) else 400
        raise Open311Error(status, items=items or [(400, _("The request could not be read."))])
    data = [{"service_request_id": feedback.reference, "token": feedback.token,
             "service_notice": _notice(category.sla_days) or None, "account_id": account_id or None}]
    return out.render(data, call.fmt, "service_requests", status=201)
