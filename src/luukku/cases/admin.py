"""The cases in the admin: read only. Case handlers and managers of the case's unit may look a case
up here (each opening is audited); it is handled on the back-office case page (staff:case), which
the change page links to, and only through cases.services."""

from django.contrib import admin
from django.urls import reverse
from django.utils import translation

from luukku.core import selectors as core_selectors
from luukku.core.admin import AuditedListMixin, ScopedAdmin
from luukku.core.models import Role
from luukku.core.services import record_audits

from . import access
from .models import Case, Message, StatusChange, StatusText


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_view_permission(self, request, obj=None):
        return True  # the parent admin decides who sees the case

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class StatusChangeInline(ReadOnlyInline):
    model = StatusChange
    fields = ["at", "from_status", "to_status", "by_user", "by_person", "on_behalf_of", "reason"]
    readonly_fields = fields


class MessageInline(ReadOnlyInline):
    model = Message
    fields = ["created_at", "from_resident", "author_person", "author_user", "on_behalf_of",
              "is_information_request", "body"]
    readonly_fields = fields


def staff_case_url(case) -> str:
    """The back-office page of the case, in the admin's language when the municipality offers it."""
    language = (translation.get_language() or "").split("-")[0]
    if language not in (case.municipality.languages or []):
        language = case.municipality.default_language or "fi"
    return reverse("staff:case", kwargs={"municipality": case.municipality.slug, "lang": language,
                                         "case_id": case.public_id})


@admin.register(Case)
class CaseAdmin(AuditedListMixin, ScopedAdmin):
    view_roles = (Role.CASE_HANDLER, Role.MANAGER)
    audit_action, audit_purpose = "case", "case handling"  # the list names whom each case concerns
    edit_roles = ()
    unit_field = "unit"
    list_display = ["reference", "case_type", "status", "subject", "unit", "submitted_at", "due_date"]
    list_filter = ["status", "case_type", "unit"]
    search_fields = ["reference"]
    date_hierarchy = "submitted_at"
    readonly_fields = ["reference", "case_type", "definition", "applicant", "subject", "mandate", "unit", "status",
                       "sub_status", "assignee", "channel", "data", "submitted_at", "due_date", "paused_since",
                       "decided_at", "handed_over_to", "updated_at"]
    fields = readonly_fields
    inlines = [StatusChangeInline, MessageInline]
    actions = None  # no bulk changes here: the back office changes cases, one service call at a time

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("case_type", "subject", "unit")
        municipality = getattr(request, "municipality", None)
        if municipality is None:
            return qs
        units = core_selectors.units_for(request.user, municipality, self.view_roles)
        return qs if units is None else qs.filter(unit__in=units)

    def has_view_permission(self, request, obj=None):
        if obj is not None:
            return core_selectors.has_role(request.user, obj.municipality, self.view_roles, unit=obj.unit)
        return super().has_view_permission(request, obj)

    def audit_subjects(self, obj) -> list:
        return [obj.subject.public_id]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        case = self.get_object(request, object_id)
        if case is not None and self.has_view_permission(request, case):
            handles = access.may_handle(request.user, case)
            record_audits(municipality=case.municipality, actor=request.user, action="case.read",
                          purpose="case handling", unit=case.unit, role=Role.CASE_HANDLER if handles else Role.MANAGER,
                          subjects=[(p.public_id, "cases.case", case.public_id)
                                    for p in (case.subject, case.applicant)])
            extra_context = {**(extra_context or {}), "staff_case_url": staff_case_url(case), "may_handle": handles}
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(StatusText)
class StatusTextAdmin(ScopedAdmin):
    view_roles = (Role.CASE_HANDLER, Role.MANAGER)
    edit_roles = (Role.CATALOGUE_EDITOR, Role.MANAGER)
    list_display = ["case_type", "status", "action_required"]
    list_filter = ["case_type", "status"]
from . import admin_templates  # noqa: E402,F401
