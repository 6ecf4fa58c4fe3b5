"""The resident's form for granting a mandate: whom (identity code, or name and birth date), for
which services and for how long."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import hetu as hetu_module

DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y"]


class GrantForm(forms.Form):
    code = forms.CharField(label=_("Personal identity code"), required=False, max_length=20,
                           help_text=_("For example 010190-123A"))
    first_names = forms.CharField(label=_("First name"), required=False, max_length=200)
    last_name = forms.CharField(label=_("Last name"), required=False, max_length=200)
    birth_date = forms.DateField(label=_("Date of birth"), required=False, input_formats=DATE_FORMATS,
                                 help_text=_("For example 31.12.1980"),
                                 error_messages={"invalid": _("Give the date as day.month.year, e.g. 31.12.1980.")})
    case_types = forms.MultipleChoiceField(
        label=_("Services"), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one service."),
                        "invalid_choice": _("Choose the services from the list.")})
    valid_from = forms.DateField(label=_("Valid from"), input_formats=DATE_FORMATS,
                                 help_text=_("For example 31.12.2026"),
                                 error_messages={"required": _("Give the first day of the mandate."),
                                                 "invalid": _("Give the date as day.month.year, e.g. 31.12.2026.")})
    valid_until = forms.DateField(label=_("Valid until"), input_formats=DATE_FORMATS,
                                  help_text=_("The last day on which the mandate is valid."),
                                  error_messages={"required": _("Give the last day of the mandate."),
                                                  "invalid": _("Give the date as day.month.year, e.g. 31.12.2026.")})

    def __init__(self, *args, case_types, **kwargs):
        super().__init__(*args, **kwargs)
        self.case_type_rows = {str(ct.public_id): ct for ct in case_types}
        self.fields["case_types"].choices = [(key, str(ct)) for key, ct in self.case_type_rows.items()]

    def clean_code(self):
        code = self.cleaned_data.get("code", "").strip()
        return hetu_module.validate(code) if code else ""

    def clean(self):
        data = super().clean()
        if self.errors.get("code"):
            return data
        named = data.get("first_names", "").strip() and data.get("last_name", "").strip() and data.get("birth_date")
        if not data.get("code") and not named and not self.errors.get("birth_date"):
            raise ValidationError(_("Give the personal identity code of the person you authorise, or their "
                                    "first name, last name and date of birth."), code="whom")
        return data

    def chosen_case_types(self):
        return [self.case_type_rows[key] for key in self.cleaned_data["case_types"]]
