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
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

SESSION_KEY = "admin_municipality"


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
        """Every admin page: a staff member who needs the second factor passes it first."""
        inner = super().admin_view(view, cacheable)

        def gate_view(request, *args, **kwargs):
            from luukku.twofactor import gate

            if self.has_permission(request) and not gate.passed(request):
                return gate.refuse_page(request)
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
