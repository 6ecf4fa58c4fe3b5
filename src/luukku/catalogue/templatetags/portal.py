"""Template helpers of the resident portal.

`tr` shows a translated field in the page's language; text that had to fall back to another
language is wrapped in an element with its own `lang`, so screen readers pronounce it right.
"""

import functools

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.http import urlencode
from django.utils.html import escape, format_html, linebreaks
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, override

from luukku.catalogue import phones
from luukku.core.translation import localize

register = template.Library()

# Each language named in itself, as a language switch must (never translated).
LANGUAGE_NAMES = {"fi": "Suomi", "sv": "Svenska", "en": "English", "se": "Davvisámegiella"}


def _language():
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0]


@register.filter
def tr(value, language=None):
    """Inline text: `{{ service.name|tr }}`."""
    picked = localize(value if isinstance(value, dict) else None, language or _language())
    if picked.is_fallback:
        return format_html('<span lang="{}">{}</span>', picked.language, picked.text)
    return escape(picked.text)


@register.filter
def trtext(value, language=None):
    """Plain text for attributes and titles (no markup)."""
    return localize(value if isinstance(value, dict) else None, language or _language()).text


@register.filter
def trblock(value, language=None):
    """Multi-line text as paragraphs: `{{ service.description|trblock }}`."""
    picked = localize(value if isinstance(value, dict) else None, language or _language())
    if not picked:
        return ""
    html = linebreaks(picked.text, autoescape=True)
    if picked.is_fallback:
        return format_html('<div lang="{}">{}</div>', picked.language, mark_safe(html))  # noqa: S308 (escaped above)
    return mark_safe(html)  # noqa: S308 (linebreaks escaped the text)


@register.filter
def isolated(value):
    """Text typed by a reader, set apart from the page's direction (a Hebrew or Arabic query in a Finnish
    sentence keeps its own order and does not reorder the sentence around it)."""
    return format_html("<bdi>{}</bdi>", value)


@register.filter
def has_text(value) -> bool:
    return bool(localize(value if isinstance(value, dict) else None, _language()))


@register.filter
def language_name(code):
    return LANGUAGE_NAMES.get(code, code)


@register.simple_tag(takes_context=True)
def language_links(context):
    """[{code, name, url, current}] for the same page in each language the municipality offers."""
    request = context.get("request")
    municipality = getattr(request, "municipality", None) if request else None
    if municipality is None:
        return []
    match = getattr(request, "resolver_match", None)
    view = (match.view_name, tuple(sorted(match.kwargs.items()))) if match is not None and match.url_name else None
    args = (view, municipality.slug, tuple(municipality.languages), request.META.get("QUERY_STRING", ""),
            _language(), get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    try:
        return _language_links(*args)
    except TypeError:  # an unhashable URL argument: no memo
        return _language_links.__wrapped__(*args)


@functools.lru_cache(maxsize=4096)
def _language_links(view, slug, languages, query, current, prefix, urlconf) -> tuple:
    """Pure in its arguments, as _reverse_once below: six reverse() calls for three languages were
    ~0.5 M instructions on every page (issue 15)."""
    links = []
    for code in languages:
        url = None
        if view is not None and "lang" in dict(view[1]):
            kwargs = dict(view[1], lang=code, municipality=slug)
            try:
                with override(code):  # the URL words of that language (/sv/tjanster/…)
                    url = reverse(view[0], kwargs=kwargs, urlconf=urlconf)
            except NoReverseMatch:
                url = None
            if url and query:
                url = f"{url}?{query}"
        if url is None:
            url = reverse("catalogue:front", kwargs={"municipality": slug, "lang": code}, urlconf=urlconf)
        # The visible switch goes through choose-language: an explicit choice outlives login (web.landing).
        switch = reverse("choose-language", kwargs={"municipality": slug, "lang": code}, urlconf=urlconf)
        links.append({"code": code, "name": LANGUAGE_NAMES.get(code, code), "url": url, "current": code == current,
                      "switch_url": f"{switch}?{urlencode({'next': url})}"})
    return tuple(links)


@register.simple_tag(takes_context=True)
def portal_url(context, name, *args):
    """`{% portal_url "catalogue:service" service.slug %}`: a catalogue URL in the current
    municipality and language."""
    request = context["request"]
    args = (request.municipality.slug, _language(), *args)
    try:
        return _reverse_once(name, args, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    except TypeError:  # an unhashable argument: no memo
        return reverse(name, args=args)


@functools.lru_cache(maxsize=4096)
def _reverse_once(name, args, prefix, urlconf):
    """reverse() is ~0.14 M instructions a call and the frame makes 17 (issue 15). The URLconf is fixed
    for the life of the process, so a URL depends only on these arguments: the script prefix and a
    per-request urlconf are part of the key because reverse() reads them from the thread."""
    return reverse(name, args=args, urlconf=urlconf)


@receiver(setting_changed)
def _urlconf_changed(*, setting, **kwargs):
    if setting in ("ROOT_URLCONF", "LUUKKU_BENCH"):  # tests only: a process's URLconf is otherwise fixed
        _reverse_once.cache_clear()
        _language_links.cache_clear()


@register.filter
def trshort(value, words=24):
    """Inline text cut to a number of words (one-line descriptions in grids)."""
    from django.utils.text import Truncator

    picked = localize(value if isinstance(value, dict) else None, _language())
    text = Truncator(picked.text.splitlines()[0] if picked.text else "").words(int(words), truncate="…")
    if picked.is_fallback:
        return format_html('<span lang="{}">{}</span>', picked.language, text)
    return escape(text)


@register.simple_tag(takes_context=True)
def event_url(context, code):
    """The portal page of a life event or business life-cycle event."""
    from luukku.catalogue.models import CodeKind
    from luukku.catalogue.selectors import code_slug

    name = "catalogue:business_event" if code.kind == CodeKind.BUSINESS_EVENT else "catalogue:life_event"
    return portal_url(context, name, code_slug(code))


@register.filter
def weekday(value):
    """A date (or 0–6, Monday first) as the weekday's name."""
    from django.utils.dates import WEEKDAYS

    try:
        index = value.weekday() if hasattr(value, "weekday") else int(value)
    except (TypeError, ValueError):
        return ""
    return WEEKDAYS.get(index, "")


@register.filter
def short_date(value):
    from luukku.catalogue.hours import format_date

    return format_date(value)


@register.filter
def interval(value):
    """(start, end) datetimes as 8.00–16.00."""
    from luukku.catalogue.hours import format_interval

    return format_interval(value[0], value[1], _language())


@register.filter
def hhmm(value):
    """A stored "08:00" shown as 8.00 (Finnish and Swedish) or 8:00 (English)."""
    try:
        hours, minutes = str(value).split(":")[:2]
        separator = ":" if _language() == "en" else "."
        return f"{int(hours)}{separator}{minutes[:2]}"
    except (ValueError, AttributeError):
        return ""


@register.filter
def tel(value):
    """A phone number for a tel: link (digits and a leading +)."""
    value = str(value or "")
    return ("+" if value.strip().startswith("+") else "") + "".join(ch for ch in value if ch.isdigit())


@register.filter
def coordinates(latitude, longitude):
    """"61.51240, 25.22410" (latitude, longitude): decimal points whatever the language, since a pair
    written with decimal commas ("61,5124, 25,2241") cannot be read."""
    try:
        return f"{float(latitude):.5f}, {float(longitude):.5f}"
    except (TypeError, ValueError):
        return ""


@register.filter
def phone_display(phone):
    """A PTV phone row as read: "+358 29 555 1200" (prefix and number)."""
    return phones.display(phone) if isinstance(phone, dict) else ""


@register.filter
def phone_tel(phone):
    """A PTV phone row for a tel: link: "+358295551200"."""
    return phones.dialable(phone) if isinstance(phone, dict) else ""


@register.filter
def for_language(entries, key="number"):
    """Phone numbers or email addresses given per language (PTV lists one row per language):
    each number once, the reader's language's row preferred."""
    if not isinstance(entries, list):
        return []
    language = _language()
    picked: dict = {}
    for entry in entries:
        if not isinstance(entry, dict) or not entry.get(key):
            continue
        value = str(entry[key]).replace(" ", "").lower()
        if value not in picked or entry.get("language") == language:
            picked[value] = entry
    return list(picked.values())
