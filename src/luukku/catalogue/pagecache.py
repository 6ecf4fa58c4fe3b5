"""Cache of rendered public pages.

Key: municipality id and public id + its content_version + language + full path (with the query
string), so any catalogue change (bump_content_version) retires every cached page of that
municipality at once. The public id too: SQLite may give a new municipality the id of a deleted
one (a reset demo, each test's rolled-back world), and its version starts again from the same
number, so the id alone could serve the old one's pages. Only anonymous GET/HEAD requests with a
200 that sets no cookie are stored. A view may say its page goes stale earlier (opening hours:
"open now" turns into "closed") by setting `request.page_valid_until`.
"""

import functools
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse

from luukku.core import clock
from luukku.core.selectors import signed_in_user

HEADER = "X-Page-Cache"


def _key(request, lang: str) -> str:
    municipality = request.municipality
    path = hashlib.sha256(request.get_full_path().encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return f"luukku:page:{municipality.pk}:{municipality.public_id}:{municipality.content_version}:{lang}:{path}"


def _cacheable_request(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and getattr(request, "municipality", None) is not None
        and signed_in_user(request) is None
        and not getattr(request, "skip_page_cache", False)  # e.g. the notice after an idle logout
    )


def _timeout(request) -> int:
    timeout = settings.LUUKKU_PAGE_CACHE_SECONDS
    valid_until = getattr(request, "page_valid_until", None)
    if valid_until is not None:
        timeout = min(timeout, int((valid_until - clock.now()).total_seconds()))
    return timeout


def cached_page(view):
    """Serve the view's 200 from the cache for anonymous readers."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if settings.LUUKKU_PAGE_CACHE_SECONDS <= 0 or not _cacheable_request(request):
            return view(request, *args, **kwargs)
        key = _key(request, kwargs.get("lang", ""))
        hit = cache.get(key)
        if hit is not None:
            content, content_type = hit
            response = HttpResponse(content, content_type=content_type)
            response[HEADER] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if (
            response.status_code == 200
            and not response.cookies
            and not getattr(response, "streaming", False)
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and not response.has_header("Set-Cookie")
        ):
            timeout = _timeout(request)
            if timeout > 0:
                cache.set(key, (response.content, response["Content-Type"]), timeout)
            response[HEADER] = "miss"
        return response

    return wrapper
