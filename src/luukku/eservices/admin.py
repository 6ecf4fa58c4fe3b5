"""The form builder: case types with their status texts, form definitions with pages and fields.

Catalogue editors (and administrators) edit; a published definition is read-only: "Create a new
version" copies it to a draft, "Publish" makes a draft current and retires the previous one. Drafts
and cases keep the version they were made with.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Max
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from luukku.cases.models import StatusText
from luukku.core.admin import ScopedAdmin, ScopedInline
from luukku.core.models import Role

from . import prefill, services
from .models import CaseType, DefinitionStatus, FieldType, FormDefinition, FormField, FormPage

VIEWERS = (Role.MANAGER, Role.CASE_HANDLER, Role.SERVICE_POINT_AGENT)
EDITORS = (Role.CATALOGUE_EDITOR,)
CHOICE_TYPES = {FieldType.CHOICE, FieldType.MULTI_CHOICE}
RESIDENT_ACTIONS = {"answer", "add_attachments", "withdraw"}


def check_choices(value):
    """[{"value": "x", "label": {"fi": "…", …}}, …]: values unique, a Finnish label for each."""
    if value in (None, ""):
        return
    if not isinstance(value, list):
        raise ValidationError(_("Choices must be a list."))
    seen = set()
    for choice in value:
        if not isinstance(choice, dict) or set(choice) - {"value", "label"}:
            raise ValidationError(_('Each choice is an object {"value": …, "label": {"fi": …}}.'))
        key = choice.get("value")
        if not isinstance(key, str) or not key.strip() or len(key) > 200:
            raise ValidationError(_("Each choice needs a value (text of at most 200 characters)."))
        if key in seen:
            raise ValidationError(_("The choice value “%(value)s” is used twice.") % {"value": key})
        seen.add(key)
        label = choice.get("label")
        if not isinstance(label, dict) or not isinstance(label.get("fi"), str) or not label["fi"].strip() \
                or not all(isinstance(t, str) for t in label.values()):
            raise ValidationError(_("Each choice needs a label at least in Finnish."))


def check_actions(value):
    if value in (None, ""):
        return
    if not isinstance(value, list) or not set(value) <= RESIDENT_ACTIONS:
        raise ValidationError(
            _("Actions are a list of: %(actions)s.") % {"actions": ", ".join(sorted(RESIDENT_ACTIONS))})


class StatusTextInline(ScopedInline):
    model = StatusText
    extra = 0
    json_shapes = {"actions": check_actions}
    fields = ["status", "text", "action_required", "actions"]


@admin.register(CaseType)
class CaseTypeAdmin(ScopedAdmin):
    bumps_content = True  # the service page shows the "Apply online" link
    view_roles = VIEWERS
    edit_roles = EDITORS
    inlines = [StatusTextInline]
    list_display = ["__str__", "slug", "service", "unit", "kind", "sla_days", "active"]
    list_filter = ["kind", "active", "who_may_apply"]
    search_fields = ["slug", "name"]
    fields = ["name", "slug", "service", "kind", "unit", "sla_days", "who_may_apply",
              "requires_strong_identification", "active", "start_date_field", "min_age_months", "max_age_months"]


class FieldFormSet(BaseInlineFormSet):
    """Keys unique; a condition names an earlier field of the same definition; choices well formed."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "page" in form.fields:
            form.fields["page"].queryset = FormPage.all_objects.filter(definition=self.instance) \
                if self.instance.pk else FormPage.all_objects.none()

    def clean(self):
        super().clean()
        rows = []
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            data = form.cleaned_data
            page = data.get("page")
            rows.append(((page.order if page else 0, data.get("order") or 0), form, data))
        rows.sort(key=lambda row: row[0])
        earlier: dict = {}
        problems = []
        for _position, form, data in rows:
            key = data.get("key")
            if not key:
                continue
            if key in earlier:
                form.add_error("key", gettext("Another field already has the key “%(key)s”.") % {"key": key})
                problems.append(key)
            kind = data.get("type")
            if kind in CHOICE_TYPES and not data.get("choices"):
                form.add_error("choices", gettext("A choice field needs at least one choice."))
            condition = data.get("condition_field")
            if condition:
                source = earlier.get(condition)
                if source is None:
                    form.add_error("condition_field", gettext(
                        "The condition must name a field that comes earlier in this form."))
                elif not data.get("condition_value"):
                    form.add_error("condition_value", gettext("Give the value that shows this field."))
                else:
                    allowed = _values_of(source)
                    if allowed is not None and data["condition_value"] not in allowed:
                        form.add_error("condition_value", gettext(
                            "“%(field)s” has no such value; use one of: %(values)s.")
                            % {"field": condition, "values": ", ".join(allowed)})
            elif data.get("condition_value"):
                form.add_error("condition_field", gettext("Name the field whose value shows this field."))
            if data.get("prefill") and data["prefill"] not in prefill.prefill_providers:
                form.add_error("prefill", gettext("No such prefill source."))
            earlier.setdefault(key, data)
        if problems:
            raise ValidationError(gettext("Field keys must be unique within a form."))


def _values_of(source_data):
    kind = source_data.get("type")
    if kind == FieldType.YES_NO:
        return ["yes", "no"]
    if kind in CHOICE_TYPES:
        return [c["value"] for c in source_data.get("choices") or [] if isinstance(c, dict) and "value" in c]
    return None


class FieldForm(forms.ModelForm):
    prefill = forms.ChoiceField(label=_("prefill from"), required=False)

    class Meta:
        model = FormField
        fields = ["page", "order", "key", "type", "label", "help", "required", "choices", "condition_field",
                  "condition_value", "prefill"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["prefill"].choices = [("", "—")] + [(key, key) for key in prefill.choices()]


class PageInline(ScopedInline):
    model = FormPage
    extra = 0
    fields = ["order", "title", "intro"]


class FieldInline(ScopedInline):
    model = FormField
    fk_name = "definition"
    form = FieldForm
    formset = FieldFormSet
    extra = 0
    json_shapes = {"choices": check_choices}


@admin.register(FormDefinition)
class FormDefinitionAdmin(ScopedAdmin):
    view_roles = VIEWERS
    edit_roles = EDITORS
    inlines = [PageInline, FieldInline]
    list_display = ["case_type", "version", "status", "published_at"]
    list_filter = ["status", "case_type"]
    readonly_fields = ["version", "status", "published_at"]
    actions = ["create_new_version", "publish_version"]

    def get_fields(self, request, obj=None):
        return ["case_type", "version", "status", "published_at"] if obj else ["case_type"]

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "case_type"] if obj else []

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.status != DefinitionStatus.DRAFT:
            return False  # published and retired versions are history
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and (obj.status != DefinitionStatus.DRAFT or obj.drafts.exists()):
            return False
        return super().has_delete_permission(request, obj)

    def has_publish_permission(self, request):
        return self._has(request, self.edit_roles)

    def save_model(self, request, obj, form, change):
        if not change:
            latest = FormDefinition.all_objects.filter(case_type=obj.case_type).aggregate(v=Max("version"))["v"]
            obj.version = (latest or 0) + 1
            obj.status = DefinitionStatus.DRAFT
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Create a new version"), permissions=["add"])
    def create_new_version(self, request, queryset):
        for definition in queryset:
            copy = services.new_version(definition)
            self.message_user(request, gettext("Created %(name)s as a draft.") % {"name": copy}, messages.SUCCESS)

    @admin.action(description=_("Publish"), permissions=["publish"])
    def publish_version(self, request, queryset):
        for definition in queryset:
            try:
                services.publish(definition, actor=request.user)
            except ValidationError as error:
                self.message_user(request, f"{definition}: {' '.join(error.messages)}", messages.ERROR)
            else:
                self.message_user(request, gettext("Published %(name)s.") % {"name": definition}, messages.SUCCESS)
