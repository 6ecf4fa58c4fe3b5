"""`resident_required`: the gate of every resident page; `resident_page` adds the language check."""

from functools import wraps
from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache

from .identity import identity_providers
from .selectors import current_person, is_strongly_identified


def _with_next(url: str, request) -> str:
    return f"{url}?{urlencode({'next': request.get_full_path()})}"


def identify_url(request) -> str:
    return reverse("people:identify", kwargs={"municipality": request.municipality.slug, "lang": _lang(request)})


def _lang(request) -> str:
    return getattr(request, "LANGUAGE_CODE", None) or get_language() or "fi"


def resident_required(strong: bool = False):
    """Anonymous → the login (strong identification when a broker is configured), keeping `next`;
    a user without a Person here → a page that explains; `strong` and a weak login → strong
    identification. Sets `request.person`."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                if identity_providers["oidc"].configured():
                    return redirect(_with_next(identify_url(request), request))
                login = identity_providers["local"].login_url(request.municipality.slug, _lang(request))
                return redirect(_with_next(login, request))
            person = current_person(request)
            if person is None:
                return render(request, "people/no_person.html", {"identify_url": _with_next(identify_url(request), request)},
                              status=403)
            if strong and not is_strongly_identified(request):
                return redirect(_with_next(identify_url(request), request))
            request.person = person
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def resident_page(view=None, *, strong: bool = False):
    """Language check, then `resident_required` (login, request.person); never cached. Use bare
    (`@resident_page`) or with `strong=True` for pages that need strong identification."""

    def decorator(view):
        gated = resident_required(strong=strong)(view)

        @never_cache
        @wraps(view)
        def wrapper(request, municipality, lang, *args, **kwargs):
            if lang not in request.municipality.languages:
                raise Http404("language not offered")
            return gated(request, municipality, lang, *args, **kwargs)

        return wrapper

    return decorator(view) if view is not None else decorator
