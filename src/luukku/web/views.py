"""Site-level pages: the root, health check and error pages."""

from pathlib import Path

from django.conf import settings
from django.contrib.auth.views import LoginView, LogoutView
from django.db import connection
from django.http import (
    HttpResponse,
    HttpResponseForbidden,
    HttpResponseNotFound,
    HttpResponseServerError,
    JsonResponse,
)
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import cache_control

from luukku.core import idle, selectors
from luukku.people.decorators import resident_required
from luukku.people.selectors import current_person, persons_acting_for
from luukku.twofactor import gate as second_factor
from luukku.web.staff import nav
from luukku.web.staff.views import desk_url

from . import landing


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


def _luminance(rgb) -> float:
    def channel(c):
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _hex(rgb) -> str:
    return "#" + "".join(f"{round(c):02x}" for c in rgb)


def brand_colours(colour: str) -> dict:
    """The brand colour, darkened until white text on it and it as text on the light page
    background (#f3f4f6) or on its own pale tint (panels) pass WCAG AA (4.5:1)."""
    try:
        rgb = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
    except (ValueError, TypeError, IndexError):
        rgb = (0, 0, 191)
    light = (243, 244, 246)
    tint = tuple(c + (255 - c) * 0.9 for c in rgb)  # from the original colour: panels keep its hue
    while contrast(rgb, light) < 4.6 or contrast(rgb, tint) < 4.6:
        rgb = tuple(c * 0.92 for c in rgb)
    dark = tuple(c * 0.75 for c in rgb)
    return {"brand": _hex(rgb), "brand_dark": _hex(dark), "brand_tint": _hex(tint)}


def brand_css(request, municipality):
    """The municipality's colours as CSS custom properties (inline styles are forbidden by the CSP)."""
    m = request.municipality
    colours = brand_colours(m.primary_colour)
    css = (
        ":root {\n"
        f"  --brand: {colours['brand']};\n"
        f"  --brand-dark: {colours['brand_dark']};\n"
        f"  --brand-tint: {colours['brand_tint']};\n"
        "}\n"
    )
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "public, max-age=86400"
    return response


# Pages of a person or of staff, and the private APIs: not for search engines (the catalogue is).
# `*` spans any path segments (the municipality and the language), as the major crawlers read it.
ROBOTS_DISALLOW = (
    "/admin/", "/api/v1/*/me/", "/api/v1/*/staff/", "/api/v1/*/gdpr-api/",
    "/*/virkailija/", "/*/omat-asiat/", "/*/omat-tiedot/", "/*/asiointi/", "/*/tarjoukset/", "/*/ilmoitukset/",
    "/*/soittopyynto/",
    "/*/kirjaudu/", "/*/kirjaudu-ulos/", "/*/tunnistaudu/", "/*/istunto/", "/*/palaute/kiitos/",
    "/*/palaute/seuranta/",
)
FAVICON = Path(__file__).parent / "static" / "web" / "favicon.ico"


@cache_control(public=True, max_age=86400)
def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOW), "Allow: /", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@cache_control(public=True, max_age=604800)
def favicon(request):
    return HttpResponse(FAVICON.read_bytes(), content_type="image/vnd.microsoft.icon")


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


STAFF_AREA = "/virkailija/"


def _in_staff_area(request) -> bool:
    return STAFF_AREA in request.path and nav.is_staff_member(getattr(request, "user", None),
                                                               getattr(request, "municipality", None))


def _error_page(request, template):
    """An error page in the site's frame and the user's language (the URL's, set by the middleware);
    inside the staff area, for staff, in the staff workspace's frame."""
    layout = "web/staff_base.html" if _in_staff_area(request) else "web/base.html"
    return render_to_string(template, {"layout": layout}, request=request)


def permission_denied(request, exception=None):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "You do not have permission to perform this action.",
                             "code": "permission_denied"}, status=403)
    return HttpResponseForbidden(_error_page(request, "web/403.html"))


def page_not_found(request, exception=None):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found.", "code": "not_found"}, status=404)
    return HttpResponseNotFound(_error_page(request, "web/404.html"))


def server_error(request):
    # Rendered without the request context: the failure may be in a context processor.
    html = render_to_string("web/500.html", {"STATIC_URL": settings.STATIC_URL})
    return HttpResponseServerError(html)


def bare(request, **kwargs):
    """Fixed bytes through the full middleware stack: the baseline the benchmarks compare with."""
    return HttpResponse(b"ok", content_type="text/plain")


@resident_required()
def bare_resident(request, **kwargs):
    """The floor of a signed-in resident's page: the login gate (session, user, person), the people
    they act for and the site's frame with nothing in it. The benchmarks' second baseline."""
    persons_acting_for(request.person)
    return render(request, "web/bare_resident.html")


class ResidentLoginView(LoginView):
    """Local accounts (demo and staff). Residents will log in through OpenID Connect as well."""

    template_name = "web/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        return _front_url(self.kwargs)

    def get_success_url(self):
        """Staff land on their desk, unless they were on their way to a staff page or the
        administration; residents go where they were going (the front page by default)."""
        url = super().get_success_url()
        if nav.is_staff_member(self.request.user, self.request.municipality):
            path = url.split("?", 1)[0]
            if STAFF_AREA not in path and not path.startswith("/admin/"):
                return desk_url(self.request.municipality, self.kwargs["lang"])
        return url

    def form_valid(self, form):
        response = super().form_valid(form)
        # A resident lands in their own language (web.landing); staff and explicit choices stay.
        self.request.__dict__.pop("_luukku_person", None)  # read before login as nobody's
        response["Location"] = landing.resident_landing(self.request, response.url, current_person(self.request))
        if not second_factor.passed(self.request):  # staff who see personal data: the code next
            return redirect(second_factor.step_url(self.request, response.url, municipality=self.request.municipality,
                                                   lang=self.kwargs["lang"]))
        return response


class ResidentLogoutView(LogoutView):
    # Logging out takes a POST (CSRF); a followed or bookmarked link goes to the front page, not a blank 405.
    http_method_names = ["get", "post", "options"]

    def get(self, request, *args, **kwargs):
        return redirect(self.get_success_url())

    def get_success_url(self):
        return _front_url(self.kwargs)


def _front_url(kwargs) -> str:
    return reverse("catalogue:front", kwargs={"municipality": kwargs["municipality"], "lang": kwargs["lang"]})


def keep_session(request, municipality, lang):
    """"Stay signed in": the idle time starts again. JSON for the page's script; without
    JavaScript the form's POST comes back to the page it was sent from. A followed link (GET)
    goes to the front page, like the logout's."""
    if request.method != "POST":
        return redirect(_front_url({"municipality": municipality, "lang": lang}))
    wants_json = "application/json" in request.headers.get("Accept", "")
    if not request.user.is_authenticated:
        if wants_json:
            return JsonResponse({"detail": "not signed in", "code": "not_authenticated"}, status=401)
        return redirect(reverse("login", kwargs={"municipality": municipality, "lang": lang}))
    idle.touch(request, force=True)
    if wants_json:
        ends = idle.ends_at(request)
        return JsonResponse({"ends_at": ends.isoformat(),
                             "ends_at_text": formats.time_format(timezone.localtime(ends), "TIME_FORMAT")})
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = _front_url({"municipality": municipality, "lang": lang})
    return redirect(target)
