"""Administration of retention: the periods (administrators edit them), legal holds (administrators
set and release them) and the runs of the retention job (read only). Registered from apps.ready so
that the privacy app's shared admin.py stays free for the others."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from luukku.core.admin import HistoryAdmin, ScopedAdmin
from luukku.core.models import Role
from luukku.core.services import record_audit

from .models import DEFAULT_RETENTION_DAYS, LegalHold, RetentionRule, RetentionRun


@admin.register(RetentionRule)
class RetentionRuleAdmin(ScopedAdmin):
    view_roles = (Role.MANAGER,)
    edit_roles = (Role.ADMINISTRATOR,)
    list_display = ["record_type", "case_type", "days", "default_days"]
    list_filter = ["record_type"]
    fields = ["record_type", "case_type", "days", "notes"]

    @admin.display(description=_("default (days)"))
    def default_days(self, obj):
        return DEFAULT_RETENTION_DAYS.get(obj.record_type, "–")


@admin.register(LegalHold)
class LegalHoldAdmin(ScopedAdmin):
    view_roles = (Role.MANAGER,)
    edit_roles = (Role.ADMINISTRATOR,)
    list_display = ["__str__", "reason", "created_at", "released_at"]
    list_filter = [("released_at", admin.EmptyFieldListFilter)]
    raw_id_fields = ["person", "case"]
    fields = ["person", "case", "reason", "released_at"]

    def has_delete_permission(self, request, obj=None):
        return False  # a hold is released (released_at), so that it stays explainable

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        hold = self.get_object(request, object_id)
        if hold is not None and hold.person_id and self.has_view_permission(request, hold):
            record_audit(municipality=hold.municipality, actor=request.user, subject_id=hold.person.public_id,
                         action="legal_hold.read", purpose="legal hold", object_type="privacy.legalhold",
                         object_id=hold.pk, role=Role.ADMINISTRATOR)
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(RetentionRun)
class RetentionRunAdmin(HistoryAdmin):
    list_display = ["started_at", "finished_at", "removed", "held", "error"]
    fields = readonly_fields = ["started_at", "finished_at", "counts", "held", "error"]

    @admin.display(description=_("removed"))
    def removed(self, obj):
        return ", ".join(f"{k}: {v}" for k, v in sorted(obj.counts.items())) or "–"
