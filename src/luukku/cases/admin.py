"""Staff side, minimal (the back-office issue builds queues): case handlers of the case's unit read
cases (each opening is audited) and act on them through cases.services, never by editing fields."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from luukku.core import selectors as core_selectors
from luukku.core.admin import ScopedAdmin
from luukku.core.models import Role
from luukku.core.services import record_audit

from . import services
from .models import Case, Message, Status, StatusChange, StatusText

HANDLER_ROLES = (Role.CASE_HANDLER,)


def may_handle(user, case) -> bool:
    return core_selectors.has_role(user, case.municipality, HANDLER_ROLES, unit=case.unit)


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


class HandleForm(forms.Form):
    ACTIONS = [
        ("in_handling", _("Start handling")),
        ("request_information", _("Request information from the resident")),
        ("message", _("Send a message to the resident")),
        ("decide", _("Make a decision")),
        ("close", _("Close the case")),
        ("transfer", _("Transfer to another authority")),
    ]
    action = forms.ChoiceField(label=_("Action"), choices=ACTIONS)
    title = forms.CharField(label=_("Decision title"), max_length=200, required=False)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 6}), required=False, max_length=20000)


@admin.register(Case)
class CaseAdmin(ScopedAdmin):
    view_roles = (Role.CASE_HANDLER, Role.MANAGER)
    edit_roles = ()
    unit_field = "unit"
    list_display = ["reference", "case_type", "status", "subject", "unit", "submitted_at", "due_date"]
    list_filter = ["status", "case_type", "unit"]
    search_fields = ["reference"]
    date_hierarchy = "submitted_at"
    readonly_fields = ["reference", "case_type", "definition", "applicant", "subject", "mandate", "unit", "status",
                       "channel", "data", "submitted_at", "due_date", "updated_at"]
    fields = readonly_fields
    inlines = [StatusChangeInline, MessageInline]
    actions = ["start_handling", "close_cases"]

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

    def change_view(self, request, object_id, form_url="", extra_context=None):
        case = self.get_object(request, object_id)
        if case is not None and self.has_view_permission(request, case):
            record_audit(municipality=case.municipality, actor=request.user, subject_id=case.subject.public_id,
                         action="case.read", purpose="case handling", object_type="cases.case",
                         object_id=case.public_id, unit=case.unit,
                         role=Role.CASE_HANDLER if may_handle(request.user, case) else Role.MANAGER)
        extra_context = {**(extra_context or {}),
                         "may_handle": case is not None and may_handle(request.user, case)}
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        return [path("<int:object_id>/handle/", self.admin_site.admin_view(self.handle_view),
                     name="cases_case_handle"), *super().get_urls()]

    def handle_view(self, request, object_id):
        case = get_object_or_404(self.get_queryset(request), pk=object_id)
        if not may_handle(request.user, case):
            raise PermissionDenied
        form = HandleForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            action, title, body = (form.cleaned_data[k] for k in ("action", "title", "body"))
            try:
                if action == "request_information":
                    services.request_information(case, request.user, body)
                elif action == "message":
                    services.send_message(case, by_user=request.user, body=body)
                elif action == "decide":
                    services.decide(case, request.user, title, body)
                else:
                    status = {"in_handling": Status.IN_HANDLING, "close": Status.CLOSED,
                              "transfer": Status.TRANSFERRED}[action]
                    services.change_status(case, status, by_user=request.user, reason=body)
            except ValidationError as exc:
                for text in exc.messages:
                    form.add_error(None, text)
            else:
                messages.success(request, _("Done."))
                return redirect(reverse("admin:cases_case_change", args=[case.pk]))
        return TemplateResponse(request, "admin/cases/case/handle.html", {
            **self.admin_site.each_context(request), "opts": self.model._meta, "case": case, "form": form,
            "title": _("Handle case %(reference)s") % {"reference": case.reference},
        })

    def _bulk(self, request, queryset, status):
        done = 0
        for case in queryset:
            if not may_handle(request.user, case):
                continue
            try:
                services.change_status(case, status, by_user=request.user)
                done += 1
            except ValidationError as exc:
                self.message_user(request, f"{case.reference}: {' '.join(exc.messages)}", messages.WARNING)
        self.message_user(request, _("%(n)s cases changed.") % {"n": done})

    @admin.action(description=_("Start handling the selected cases"))
    def start_handling(self, request, queryset):
        self._bulk(request, queryset, Status.IN_HANDLING)

    @admin.action(description=_("Close the selected cases"))
    def close_cases(self, request, queryset):
        self._bulk(request, queryset, Status.CLOSED)


@admin.register(StatusText)
class StatusTextAdmin(ScopedAdmin):
    view_roles = (Role.CASE_HANDLER, Role.MANAGER)
    edit_roles = (Role.CATALOGUE_EDITOR, Role.MANAGER)
    list_display = ["case_type", "status", "action_required"]
    list_filter = ["case_type", "status"]
