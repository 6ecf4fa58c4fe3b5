"""Site-level pages: the root, health check and error pages."""

from django.conf import settings
from django.db import connection
from django.http import HttpResponse, HttpResponseNotFound, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import translation

from luukku.core import selectors


def root(request):
    """One municipality (or a host mapped to one): go there. Several: list them."""
    municipality = getattr(request, "municipality", None)
    if municipality is None:
        municipalities = list(selectors.municipalities())
        if len(municipalities) == 1:
            municipality = municipalities[0]
        else:
            return render(request, "web/municipalities.html", {"municipalities": municipalities})
    return redirect("catalogue:front", municipality=municipality.slug, lang=_language_for(request, municipality))


def municipality_root(request, municipality):
    return redirect("catalogue:front", municipality=municipality, lang=_language_for(request, request.municipality))


def _language_for(request, municipality) -> str:
    language = translation.get_language_from_request(request)
    return language if language in municipality.languages else municipality.default_language


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def page_not_found(request, exception=None):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found.", "code": "not_found"}, status=404)
    return HttpResponseNotFound(render_to_string("web/404.html", request=request))


def server_error(request):
    # Rendered without the request context: the failure may be in a context processor.
    html = render_to_string("web/500.html", {"STATIC_URL": settings.STATIC_URL})
    return HttpResponseServerError(html)


def bare(request):
    """Fixed bytes through the full middleware stack: the baseline the benchmarks compare with."""
    return HttpResponse(b"ok", content_type="text/plain")
