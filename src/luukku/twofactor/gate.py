"""The session side: a staff session that needs the second factor and has not passed it is refused
by every staff gate (core.decorators.staff_page, the admin site, the staff API's permission)."""

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.permissions import BasePermission

from .selectors import requires_second_factor

SESSION_KEY = "luukku_second_factor"  # the user's pk once the second factor has been passed


def mark_passed(request, user) -> None:
    request.session[SESSION_KEY] = user.pk
    request.session.cycle_key()  # a new session id for the stronger login


def has_passed(request) -> bool:
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated and request.session.get(SESSION_KEY) == user.pk


def passed(request) -> bool:
    """May this session use staff pages as far as the second factor goes?"""
    return has_passed(request) or not requires_second_factor(request.user)


def step_url(request, next_url: str, *, municipality=None, lang=None) -> str:
    """The second-factor step (verification or, first time, enrolment) that leads on to `next_url`.
    Under the municipality's path when one is known; the admin's own otherwise."""
    municipality = municipality or getattr(request, "municipality", None)
    if municipality is not None:
        if lang not in municipality.languages:
            lang = getattr(request, "LANGUAGE_CODE", None)
            lang = lang if lang in municipality.languages else municipality.default_language
        url = reverse("twofactor:verify", kwargs={"municipality": municipality.slug, "lang": lang})
    else:
        url = reverse("admin:second_factor_verify")
    return f"{url}?{urlencode({'next': next_url})}"


def refuse_page(request, **kwargs):
    return redirect(step_url(request, request.get_full_path(), **kwargs))


def safe_next(request, value: str, default: str) -> str:
    ok = value and url_has_allowed_host_and_scheme(value, {request.get_host()}, require_https=request.is_secure())
    return value if ok else default


class SecondFactorRequired(exceptions.PermissionDenied):
    default_detail = _("Confirm your login with the second factor (the code from your authenticator app) first.")
    default_code = "second_factor_required"


class SecondFactorPassed(BasePermission):
    """The staff API (session authentication): 403 `second_factor_required` until the step is passed."""

    def has_permission(self, request, view):
        if not passed(request):
            raise SecondFactorRequired
        return True
