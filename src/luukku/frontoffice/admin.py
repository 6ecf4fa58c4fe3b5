"""Contacts in the admin: read-only history. Opening one is an AuditEvent (it is personal data)."""

from django.contrib import admin

from luukku.core.admin import AuditedListMixin, HistoryAdmin
from luukku.core.models import Role
from luukku.core.services import record_audit

from .models import Contact


@admin.register(Contact)
class ContactAdmin(AuditedListMixin, HistoryAdmin):
    view_roles = (Role.SERVICE_POINT_AGENT, Role.MANAGER)
    audit_action, audit_purpose = "contact", "front office administration"  # the list names the residents
    list_display = ["at", "person", "channel", "topic", "case", "by_user", "unit"]
    list_filter = ["channel", "unit"]
    list_select_related = ["person", "case", "by_user", "unit"]
    search_fields = ["person__last_name", "person__first_names", "topic", "case__reference"]
    date_hierarchy = "at"
    fields = ["at", "person", "channel", "topic", "notes", "case", "service", "by_user", "unit"]
    readonly_fields = fields

    def audit_subjects(self, obj) -> list:
        return [obj.person.public_id]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, admin.utils.unquote(object_id))
        if obj is not None and self.has_view_permission(request, obj):
            record_audit(municipality=request.municipality, actor=request.user, subject_id=obj.person.public_id,
                         action="contact.read", purpose="front office administration",
                         object_type="frontoffice.contact", object_id=obj.public_id)
        return super().change_view(request, object_id, form_url, extra_context)
