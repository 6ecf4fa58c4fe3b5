"""Resident portal pages under /<municipality>/<lang>/. URL words are in the page's language where
the catalogue has them (Finnish, and Swedish on Swedish pages: /sv/tjanster/…); every other
language uses the Finnish words. A link with the other language's words (an old bookmark, a link
built before the Swedish words existed) is redirected to the page's own words."""

from django.http import HttpResponsePermanentRedirect
from django.urls import path, reverse
from django.utils.functional import lazy
from django.utils.translation import get_language

from . import views
from .models import CodeKind

app_name = "catalogue"
business = {"kind": CodeKind.BUSINESS_EVENT}

# (name, Finnish route, Swedish route, view, extra kwargs)
ROUTES = [
    ("life_events", "elamantilanteet/", "livssituationer/", views.event_list, None),
    ("life_event", "elamantilanteet/<slug:slug>/", "livssituationer/<slug:slug>/", views.event_detail, None),
    ("business_events", "yritykselle/", "for-foretag/", views.event_list, business),
    ("business_event", "yritykselle/<slug:slug>/", "for-foretag/<slug:slug>/", views.event_detail, business),
    ("sectors", "toimialat/", "sektorer/", views.sector_list, None),
    ("sector", "toimialat/<slug:slug>/", "sektorer/<slug:slug>/", views.sector_detail, None),
    ("service", "palvelut/<slug:slug>/", "tjanster/<slug:slug>/", views.service_detail, None),
    ("search", "haku/", "sok/", views.search_page, None),
    ("accessibility", "saavutettavuusseloste/", "tillganglighetsutlatande/", views.accessibility, None),
    ("privacy", "tietosuoja/", "dataskydd/", views.privacy, None),
]


def _in_language(fi: str, sv: str) -> str:
    return sv if (get_language() or "").startswith("sv") else fi


localized = lazy(_in_language, str)


def to_own_words(request, municipality, lang, target, **kwargs):
    """The same page under the URL words of its language, keeping the query (a search's ?q=)."""
    kwargs.pop("kind", None)
    url = reverse(f"catalogue:{target}", kwargs={"municipality": municipality, "lang": lang, **kwargs})
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)


urlpatterns = [
    path("", views.front, name="front"),
    *(path(localized(fi, sv), view, extra, name=name) for name, fi, sv, view, extra in ROUTES),
    # Reached only when the words are not the page's own (the patterns above matched first).
    *(path(route, to_own_words, {"target": name})
      for name, fi, sv, _view, _extra in ROUTES for route in (fi, sv)),
]
