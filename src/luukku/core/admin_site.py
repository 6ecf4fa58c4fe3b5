"""The staff administration: one municipality at a time.

The middleware picks the municipality being administered (`selectors.admin_municipality`: the
session's choice among the user's memberships, else the first); the scoped managers then show
only its rows. Access comes from StaffMembership roles, not from Django's global permissions.
"""

import functools

from django.contrib import admin, messages
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

SESSION_KEY = "admin_municipality"
ERROR_FLAG = "e"  # django.contrib.admin.views.main.ERROR_FLAG (not imported: this module loads before models)
# Date parts a list filter or the date hierarchy may ask for, with the values that can exist. Year 9999
# is out: the hierarchy asks for the year after it (datetime overflows: a 500), and so do bounds of
# `at__year__gt=99999999` the database would compute.
DATE_PARTS = {"year": (1, 9998), "iso_year": (1, 9998), "month": (1, 12), "day": (1, 31), "week": (1, 53),
              "week_day": (1, 7), "iso_week_day": (1, 7), "quarter": (1, 4), "hour": (0, 23), "minute": (0, 59),
              "second": (0, 59)}


def impossible_date_lookup(query) -> bool:
    """Does a `<field>__<part>…` parameter ask for a date part that no date has?"""
    for key, values in query.lists():
        parts = [DATE_PARTS[p] for p in key.split("__")[1:] if p in DATE_PARTS]
        if not parts or key.endswith("__isnull"):
            continue
        low, high = parts[-1]
        for value in (v for raw in values for v in raw.split(",")):
            value = value.strip()
            if not (value.isascii() and value.lstrip("-").isdigit() and len(value) < 10 and low <= int(value) <= high):
                return True
    return False


class LuukkuAdminConfig(AdminConfig):
    """Replaces "django.contrib.admin" in INSTALLED_APPS (this module imports no models at load)."""

    default_site = "luukku.core.admin_site.LuukkuAdminSite"


class AuditedAutocompleteJsonView(AutocompleteJsonView):
    """Autocomplete answers with names: an admin that audits its rows (core.admin.AuditedAdmin) audits
    the ones it returns, before they are sent."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        audit = getattr(self.model_admin, "audit", None)
        if audit is not None:
            audit(self.request, list(context["object_list"]), "autocomplete")
        return context


class LuukkuAdminSite(admin.AdminSite):
    site_title = _("Luukku administration")
    site_header = _("Luukku administration")
    index_title = _("Administration")
    index_template = "admin/luukku/index.html"

    def has_permission(self, request):
        from . import selectors

        user = request.user
        if not (user.is_active and user.is_staff):
            return False
        if user.is_superuser:
            return True
        municipality = getattr(request, "municipality", None)
        return municipality is not None and bool(selectors.memberships_of(user, municipality))

    def each_context(self, request):
        context = super().each_context(request)
        municipality = getattr(request, "municipality", None)
        context["admin_municipality"] = municipality
        if municipality is not None:
            context["site_header"] = f"{self.site_header} – {municipality}"
        from . import selectors

        choices = []
        if request.user.is_authenticated and self._may_switch(request):
            choices = selectors.staff_municipalities(request.user)
        context["admin_municipality_choices"] = choices if len(choices) > 1 else []
        return context

    def autocomplete_view(self, request):
        return AuditedAutocompleteJsonView.as_view(admin_site=self)(request)

    def get_urls(self):
        from luukku.twofactor import views as second_factor

        urls = [
            path("switch-municipality/", self.admin_view(self.switch_municipality), name="switch_municipality"),
            # The second step of the login, for an admin with no municipality to show it under.
            path("second-factor/", second_factor.verify, name="second_factor_verify"),
            path("second-factor/enrol/", second_factor.enrol, name="second_factor_enrol"),
        ]
        return urls + super().get_urls()

    def admin_view(self, view, cacheable=False):
        """Every admin page: a staff member who needs the second factor passes it first; a date filter
        no date can have gets the changelist's own error answer instead of a 500."""
        inner = super().admin_view(view, cacheable)

        def gate_view(request, *args, **kwargs):
            from luukku.twofactor import gate

            if self.has_permission(request) and not gate.passed(request):
                return gate.refuse_page(request)
            if impossible_date_lookup(request.GET):
                return HttpResponseRedirect(f"{request.path}?{ERROR_FLAG}=1")
            return inner(request, *args, **kwargs)

        return functools.update_wrapper(gate_view, inner)

    @staticmethod
    def _may_switch(request) -> bool:
        from . import selectors

        # A host name of one municipality pins the admin to it; switching means nothing there.
        return selectors.municipality_by_host(request.get_host().split(":")[0]) is None

    def switch_municipality(self, request):
        """POST municipality=<slug>: administer another municipality the user belongs to."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        from . import selectors

        allowed = {m.slug: m for m in selectors.staff_municipalities(request.user)}
        chosen = allowed.get(request.POST.get("municipality", ""))
        if chosen is None or not self._may_switch(request):
            raise PermissionDenied
        request.session[SESSION_KEY] = chosen.pk
        messages.info(request, gettext("You are now administering %(name)s.") % {"name": chosen})
        return redirect("admin:index")
