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
        fields = ["case_type", "name", "title", "body", "fields", "appeal_instructions", "answer_days",
                  "review_body", "review_days", "review_unit", "active"]
        help_texts = {
            "fields": format_lazy("{} {}", _(
                'A list such as [{"key": "start", "label": {"fi": "Aloituspäivä", "sv": "Startdatum", '
                '"en": "Start date"}, "type": "date", "required": true}]. Types: text, textarea, date, '
                'number, choice (with "choices": [{"value": "yes", "label": {"fi": "Kyllä"}}]).'), _(
                'The handler finds each field filled in from the application’s answer of the same key, or of '
                'the key named by "answer" (e.g. "answer": "units": the first preferred unit).')),
            "body": _("Use {key} of a field, or {reference}, {applicant}, {subject}, {case_type}, {date} and "
                      "{municipality}."),
            "answer_days": _("Fill in when the resident must accept or decline, e.g. 14 for a place in early "
                             "childhood education: the deadline counts from the day the decision is received."),
            "review_body": _("To whom a request for review is made, e.g. the committee. Use {review_body} in the "
                             "appeal instructions. Empty: the municipality."),
            "review_unit": _("The unit that prepares requests for review. Empty: the unit of the case."),
            "review_days": _("Days from receiving the decision to request a review: 30 under the Administrative "
                             "Procedure Act (e.g. early childhood education), 14 for decisions of the "
                             "municipality's own bodies under the Local Government Act. Use {review_days} in the "
                             "appeal instructions."),
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
