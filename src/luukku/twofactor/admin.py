"""Administrators see who has taken the second factor into use and reset it for a lost phone."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from luukku.core import selectors as core_selectors
from luukku.core.models import Role

from . import selectors, services
from .models import SecondFactor


@admin.register(SecondFactor)
class SecondFactorAdmin(admin.ModelAdmin):
    list_display = ["user", "confirmed_at", "last_used_at", "recovery_codes_left"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    fields = ["user", "created_at", "confirmed_at", "last_used_at"]
    readonly_fields = fields
    actions = ["reset"]

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("user")
        if request.user.is_superuser:
            return qs
        municipality = getattr(request, "municipality", None)
        return qs.filter(user__memberships__municipality=municipality).distinct()

    def _administers(self, request) -> bool:
        return core_selectors.has_role(request.user, getattr(request, "municipality", None), (Role.ADMINISTRATOR,))

    def has_module_permission(self, request):
        return self._administers(request)

    def has_view_permission(self, request, obj=None):
        return self._administers(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("recovery codes left"))
    def recovery_codes_left(self, obj):
        return obj.recovery_codes.filter(used_at__isnull=True).count()

    @admin.action(description=_("Reset the second factor (the next login sets up a new one)"))
    def reset(self, request, queryset):
        done, refused = 0, []
        for factor in queryset.select_related("user"):
            if selectors.may_reset(request.user, factor.user):
                done += services.reset(actor=request.user, user=factor.user, municipality=request.municipality)
            else:
                refused.append(factor.user.get_username())
        if done:
            self.message_user(request, ngettext(
                "The second factor of %(count)d staff member was reset.",
                "The second factors of %(count)d staff members were reset.", done) % {"count": done})
        if refused:
            self.message_user(request, _("You may not reset the second factor of: %(names)s.") % {
                "names": ", ".join(refused)}, messages.ERROR)
