"""Admin of the back office's vocabulary: sub-statuses, partner organisations and decision
templates. Case handlers and managers read them; catalogue editors and managers keep them."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from luukku.core.admin import ScopedAdmin
from luukku.core.models import Role

from . import decisions
from .models import DecisionTemplate, PartnerOrganisation, SubStatus

VIEW_ROLES = (Role.CASE_HANDLER, Role.MANAGER)
EDIT_ROLES = (Role.CATALOGUE_EDITOR, Role.MANAGER)


@admin.register(SubStatus)
class SubStatusAdmin(ScopedAdmin):
    view_roles = VIEW_ROLES
    edit_roles = EDIT_ROLES
    list_display = ["__str__", "case_type", "status", "code", "order"]
    list_filter = ["case_type", "status"]
    search_fields = ["code"]


@admin.register(PartnerOrganisation)
class PartnerOrganisationAdmin(ScopedAdmin):
    view_roles = VIEW_ROLES
    edit_roles = EDIT_ROLES
    list_display = ["__str__", "business_id", "email", "phone", "active"]
    list_filter = ["active"]
    search_fields = ["business_id", "email"]


class DecisionTemplateForm(forms.ModelForm):
    """The fields JSON and the placeholders checked together (decisions.check_template)."""

    class Meta:
        model = DecisionTemplate
        fields = ["case_type", "name", "title", "body", "fields", "appeal_instructions", "active"]
        help_texts = {
            "fields": format_lazy("{} {}", _(
                'A list such as [{"key": "start", "label": {"fi": "Aloituspäivä", "sv": "Startdatum", '
                '"en": "Start date"}, "type": "date", "required": true}]. Types: text, textarea, date, '
                'number, choice (with "choices": [{"value": "yes", "label": {"fi": "Kyllä"}}]).'), _(
                'The handler finds each field filled in from the application’s answer of the same key, or of '
                'the key named by "answer" (e.g. "answer": "units": the first preferred unit).')),
            "body": _("Use {key} of a field, or {reference}, {applicant}, {subject}, {case_type}, {date} and "
                      "{municipality}."),
        }

    def clean(self):
        cleaned = super().clean()
        if "fields" in self.errors:  # not JSON at all: the field's own message says so
            return cleaned
        probe = DecisionTemplate(fields=cleaned.get("fields", []), **{
            name: cleaned.get(name) or {} for name in ("title", "body", "appeal_instructions")})
        try:
            decisions.check_template(probe)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                if name not in self.errors:
                    for message in messages:
                        self.add_error(name, message)
        return cleaned


@admin.register(DecisionTemplate)
class DecisionTemplateAdmin(ScopedAdmin):
    view_roles = VIEW_ROLES
    edit_roles = EDIT_ROLES
    form = DecisionTemplateForm
    list_display = ["__str__", "case_type", "active"]
    list_filter = ["case_type", "active"]
