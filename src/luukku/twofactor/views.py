"""The second step of a staff login: the code from the authenticator app, and the first time the
enrolment (QR code and the secret as text, confirmed with a code, then the recovery codes once).
Served under /<municipality>/<lang>/kirjaudu/ and, for the admin without a municipality, /admin/."""

from urllib.parse import urlencode

import segno
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from . import gate, selectors, services, totp
from .forms import CodeForm
from .services import Outcome

ISSUER = "Luukku"


def _urls(request, kwargs) -> dict:
    """The step's pages and the login, in the frame the step was reached in."""
    if "municipality" in kwargs:
        def url(name):
            return reverse(name, kwargs={"municipality": kwargs["municipality"], "lang": kwargs["lang"]})

        return {"verify": url("twofactor:verify"), "enrol": url("twofactor:enrol"), "login": url("login"),
                "home": url("catalogue:front")}
    return {"verify": reverse("admin:second_factor_verify"), "enrol": reverse("admin:second_factor_enrol"),
            "login": reverse("admin:login"), "home": reverse("admin:index")}


def _step(view):
    """Common to both pages: the language, a signed-in user who needs the step, a safe `next`."""

    @never_cache
    @sensitive_post_parameters("code")
    def wrapper(request, **kwargs):
        municipality = getattr(request, "municipality", None)
        if "lang" in kwargs and (municipality is None or kwargs["lang"] not in municipality.languages):
            raise Http404("language not offered")
        urls = _urls(request, kwargs)
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), urls["login"])
        next_url = gate.safe_next(request, request.POST.get("next") or request.GET.get("next", ""), urls["home"])
        if gate.passed(request):
            return redirect(next_url)
        return view(request, urls, next_url)

    return wrapper


def _with_next(url: str, next_url: str) -> str:
    return f"{url}?{urlencode({'next': next_url})}"


def _error(outcome: Outcome) -> str:
    return {
        Outcome.THROTTLED: _("Too many wrong codes. Wait five minutes and try again."),
        Outcome.REPLAYED: _("This code has already been used. Wait for the next code in your app and enter it."),
    }.get(outcome, _("The code is not right. Check that you entered the newest code from your app, or a "
                     "recovery code."))


@_step
def verify(request, urls, next_url):
    if not selectors.is_enrolled(request.user):
        return redirect(_with_next(urls["enrol"], next_url))
    form = CodeForm(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        outcome = services.check(request.user, form.cleaned_data["code"])
        if outcome in (Outcome.OK, Outcome.RECOVERY):
            gate.mark_passed(request, request.user)
            if outcome is Outcome.RECOVERY:
                left = services.recovery_codes_left(request.user)
                messages.warning(request, ngettext(
                    "You used a recovery code. You have %(count)d recovery code left.",
                    "You used a recovery code. You have %(count)d recovery codes left.", left) % {"count": left})
            return redirect(next_url)
        error = _error(outcome)
    elif form.errors:
        error = form.errors["code"][0]
    return render(request, "twofactor/verify.html", {"form": form, "error": error, "next": next_url},
                  status=400 if error else 200)


@_step
def enrol(request, urls, next_url):
    if selectors.is_enrolled(request.user):
        return redirect(_with_next(urls["verify"], next_url))
    form = CodeForm(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        outcome, codes = services.confirm_enrolment(request.user, form.cleaned_data["code"])
        if outcome is Outcome.OK:
            gate.mark_passed(request, request.user)
            # Shown this once (the page is not cached); only their hashes are kept.
            return render(request, "twofactor/recovery_codes.html", {"codes": codes, "next": next_url})
        error = _error(outcome)
    elif form.errors:
        error = form.errors["code"][0]
    factor = services.start_enrolment(request.user)
    secret = factor.secret
    uri = totp.provisioning_uri(secret, request.user.get_username(), ISSUER)
    qr = segno.make(uri, error="m").svg_inline(
        scale=5, light="#fff", dark="#000", title=_("QR code for your authenticator app"),
        svgclass="qr-code", lineclass=None, omitsize=False)
    return render(request, "twofactor/enrol.html", {
        "form": form, "error": error, "next": next_url, "secret": totp.grouped(secret),
        "qr_svg": mark_safe(qr),  # noqa: S308 (made here from our own data)
        "issuer": ISSUER, "account": request.user.get_username(),
    }, status=400 if error else 200)
