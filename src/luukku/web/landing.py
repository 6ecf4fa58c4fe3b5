"""The resident's language after login, and their explicit choice of language.

A resident who has not chosen a language in this browser session lands, after login, on their
page in their own language: the notification language they set, else their register language
(notify.selectors.language_for), if the municipality offers it. Using the language switch is an
explicit choice: it is remembered in Django's language cookie for the browser session, and login
then keeps the language of the page they were on."""

from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme

from luukku.notify.selectors import language_for


def chose_language(request) -> bool:
    return settings.LANGUAGE_COOKIE_NAME in request.COOKIES


def in_language(url: str, language: str) -> str:
    """The same portal page in `language` (its URL words too); other URLs unchanged."""
    parts = urlsplit(url)
    try:
        match = resolve(parts.path)
    except Resolver404:
        return url
    if "lang" not in match.kwargs or "municipality" not in match.kwargs or match.kwargs["lang"] == language:
        return url
    with translation.override(language):
        try:
            path = reverse(match.view_name, args=match.args, kwargs=dict(match.kwargs, lang=language))
        except Exception:  # noqa: BLE001 (a page that cannot be named in that language: stay where it was)
            return url
    return urlunsplit(parts._replace(path=path))


def resident_landing(request, url: str, person) -> str:
    """Where a resident goes after login: `url` in their own language unless they chose one."""
    if person is None or chose_language(request):
        return url
    return in_language(url, language_for(person))


def choose_language(request, municipality, lang):
    """The language switch: remember the choice for this browser session, then show the page."""
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()) or not target:
        target = reverse("catalogue:front", kwargs={"municipality": municipality, "lang": lang})
    response = HttpResponseRedirect(target)
    if lang in request.municipality.languages:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME, lang, max_age=None,  # until the browser is closed
            path=settings.LANGUAGE_COOKIE_PATH, secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY, samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response
