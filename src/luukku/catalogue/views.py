"""The resident portal: thin views over catalogue.selectors; every page works without JavaScript.

Views take (request, municipality, lang, …): the middleware has already resolved
request.municipality and activated the language; a language the municipality does not offer is a 404.
"""

import copy
import functools
import logging
import unicodedata

from django.http import Http404
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from luukku.core import clock
from luukku.core.selectors import signed_in_user
from luukku.people.selectors import current_person

from . import actions, hours, personal, search, selectors
from .models import ChannelKind, CodeKind
from .pagecache import cached_page

logger = logging.getLogger(__name__)
MAX_QUERY_CHARS = 2000  # what is kept in the box; the search engine decides what it accepts


def _check_language(request, lang):
    if lang not in request.municipality.languages:
        raise Http404("language not offered")


def portal_view(view):
    """Language check + page cache, in that order of cost."""

    @cached_page
    def wrapper(request, municipality, lang, *args, **kwargs):
        _check_language(request, lang)
        return view(request, municipality, lang, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


@portal_view
def front(request, municipality, lang):
    # Signed in as a resident: their own matters first (never cached: the cache is for anonymous pages).
    person = current_person(request) if signed_in_user(request) else None
    return render(
        request,
        "catalogue/front.html",
        {
            "person": person,
            "personal": personal.front_page_items(person, lang) if person else None,
            "life_events": selectors.events(CodeKind.LIFE_EVENT),
            "business_events": selectors.events(CodeKind.BUSINESS_EVENT),
            "sectors": selectors.sectors(),
            "popular": selectors.popular_services(),
        },
    )


EVENT_PAGES = {
    CodeKind.LIFE_EVENT: ("catalogue:life_event", "catalogue:life_events"),
    CodeKind.BUSINESS_EVENT: ("catalogue:business_event", "catalogue:business_events"),
}


@portal_view
def event_list(request, municipality, lang, kind=CodeKind.LIFE_EVENT):
    return render(
        request,
        "catalogue/events.html",
        {"kind": kind, "events": selectors.events(kind), "event_url": EVENT_PAGES[kind][0]},
    )


@portal_view
def event_detail(request, municipality, lang, slug, kind=CodeKind.LIFE_EVENT):
    event = selectors.event_by_slug(kind, slug)
    if event is None:
        raise Http404("no such life event")
    services = selectors.services_of_event(event)
    return render(
        request,
        "catalogue/event.html",
        {
            "kind": kind,
            "event": event,
            "groups": selectors.grouped_by_sector(services),
            "list_url": EVENT_PAGES[kind][1],
        },
    )


@portal_view
def sector_list(request, municipality, lang):
    return render(request, "catalogue/sectors.html", {"sectors": selectors.sectors()})


@portal_view
def sector_detail(request, municipality, lang, slug):
    sector = selectors.sector_by_slug(slug)
    if sector is None:
        raise Http404("no such sector")
    return render(
        request, "catalogue/sector.html", {"sector": sector, "services": selectors.services_of_sector(sector)}
    )


@portal_view
def service_detail(request, municipality, lang, slug):
    page = selectors.service_page(request.municipality, slug)
    if page is None:
        raise Http404("no such service")
    now = clock.now()
    channels, valid_until, stamp = {}, [], [clock.today()]
    for kind, items in page.channels.items():
        if kind in (ChannelKind.SERVICE_LOCATION, ChannelKind.PHONE):
            items = [_with_hours(page, channel, now, lang, valid_until, stamp) for channel in items]
        channels[kind] = items
    if valid_until:
        request.page_valid_until = min(valid_until)
    service = page.service
    person = current_person(request) if signed_in_user(request) else None
    return render(
        request,
        "catalogue/service.html",
        {
            "service": service,
            "person": person,
            "channels": channels,
            # What the channels' part of the page shows today: its rendering is kept under this.
            "channels_stamp": tuple(stamp),
            **actions.of_service(service, channels.get(ChannelKind.E_SERVICE, []), person),
            "life_events": page.codes[CodeKind.LIFE_EVENT],
            "business_events": page.codes[CodeKind.BUSINESS_EVENT],
            "target_groups": page.codes[CodeKind.TARGET_GROUP],
            "legislation": page.legislation,
            # Read only when the page's body is rendered, not when its kept copy is served.
            "organisations": SimpleLazyObject(lambda: selectors.organisations_of(service, lang)),
        },
    )


def _with_hours(page, channel, now, lang, valid_until, stamp):
    """A copy of a shared channel with today's opening status (the status is kept on the page until it
    may change: the next opening, closing or midnight)."""
    rows = page.hours[channel.pk]
    channel = copy.copy(channel)
    channel.has_hours = hours.has_hours(rows)
    if channel.has_hours:
        kept = page.status_until.get(channel.pk)
        if kept is None or not kept[1] <= now < kept[2]:
            state = hours.status(rows, now)
            kept = page.status_until[channel.pk] = (state, now, hours.next_change(rows, now, current=state))
        channel.open_status = state = kept[0]
        channel.open_text = hours.describe(state, now, lang)
        channel.week = functools.partial(hours.week, rows, language=lang)  # only when the part is rendered
        valid_until.append(kept[2])
        stamp.append((channel.pk, state.is_open, channel.open_text))
    return channel


def clean_query(value: str) -> str:
    """Drop control characters (NUL breaks PostgreSQL) and keep at most MAX_QUERY_CHARS."""
    value = "".join(ch for ch in value if unicodedata.category(ch) not in ("Cc", "Cs") or ch == " ")
    return value[:MAX_QUERY_CHARS]


@portal_view
def search_page(request, municipality, lang):
    searched = "q" in request.GET
    query = clean_query(request.GET.get("q", ""))
    response, failed = None, False
    if searched:
        try:
            response = search.search(request.municipality, query, lang)
        except Exception:  # a resident must get a page, never a 500; the log keeps the cause
            logger.exception("search failed")
            failed = True
            request.page_valid_until = clock.now()  # never cache the apology
    problem = None
    if response is not None:
        problem = response.problem
        if problem is None and not query.strip():
            problem = _("Type a word that describes your errand, for example “daycare” or “building permit”.")
    return render(
        request,
        "catalogue/search.html",
        {
            "query": query,
            "searched": searched,
            "response": response,
            "results": response.results if response else [],
            "problem": problem,
            "failed": failed,
            "life_events": selectors.events(CodeKind.LIFE_EVENT)[:8] if searched else [],
        },
    )


@portal_view
def accessibility(request, municipality, lang):
    return render(request, "catalogue/accessibility.html", {})


@portal_view
def privacy(request, municipality, lang):
    return render(request, "catalogue/privacy.html", {})
