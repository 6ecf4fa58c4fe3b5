"""`staff_page`: the gate of every staff page (the back office and the front office)."""

import functools
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.cache import never_cache

from luukku.twofactor import gate

from . import selectors


def staff_page(roles, may=None):
    """Anonymous → the login, keeping `next`; signed in without one of `roles` in this municipality
    (or, when given, for whom `may(user, municipality)` is false) → 403; a role that needs the second factor and a session that has not passed it → that step.
    Checks the language, never cached. Which rows the user then sees is the view's business
    (cases.access). The decorator's `may` is the same test, for the staff menu (luukku.web.staff.nav):
    a menu entry shows exactly where its page's gate lets the user in."""
    allowed = may or functools.partial(selectors.has_role, roles=roles)

    def decorator(view):
        @never_cache
        @functools.wraps(view)
        def wrapper(request, municipality, lang, *args, **kwargs):
            if lang not in request.municipality.languages:
                raise Http404("language not offered")
            if not request.user.is_authenticated:
                login = reverse("login", kwargs={"municipality": request.municipality.slug, "lang": lang})
                return redirect(f"{login}?{urlencode({'next': request.get_full_path()})}")
            if not allowed(request.user, request.municipality):
                raise PermissionDenied
            if not gate.passed(request):  # password only: the second factor first
                return gate.refuse_page(request, lang=lang)
            return view(request, municipality, lang, *args, **kwargs)

        return wrapper

    decorator.may = allowed
    return decorator
