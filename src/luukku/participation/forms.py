"""Forms of the managers' budget pages: the budget (dates, rule, minimum age) and its areas. Every
refusal in words next to its field, what was typed kept (bound forms). The rules themselves are the
service's (services.budget_errors, services.area_errors), so the form and the service say the same."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from luukku.web.staff.forms import DateField, DateTimeField, DecimalField

from . import services
from .models import Budget, Rule


def _label(name):
    return capfirst(Budget._meta.get_field(name).verbose_name)


def _whole_number(label, *, min_value, max_value=None, required=True, error=None):
    messages = {"min_value": error, "max_value": error, "invalid": error, "required": error}
    return forms.IntegerField(label=label, min_value=min_value, max_value=max_value, required=required,
                              error_messages={k: v for k, v in messages.items() if v})


class BudgetForm(forms.Form):
    title = forms.CharField(label=_label("title"), max_length=200,
                            error_messages={"required": _("Give the budget a title.")})
    slug = forms.SlugField(label=_label("slug"), max_length=80,
                           help_text=_("In the address of the budget's page, e.g. omakunta-2026."),
                           error_messages={"required": _("Give the URL name, e.g. omakunta-2026."),
                                           "invalid": _("Use only letters a–z, digits and hyphens in the URL name.")})
    description = forms.CharField(label=_label("description"), required=False, max_length=20000,
                                  widget=forms.Textarea)
    informing_starts = DateField(label=_label("informing_starts"))
    proposals_starts = DateField(label=_label("proposals_starts"))
    screening_starts = DateField(label=_label("screening_starts"))
    voting_starts = DateTimeField(label=_("Voting opens (date and time)"))
    voting_ends = DateTimeField(label=_("Voting closes (date and time)"))
    results_starts = DateField(label=_label("results_starts"))
    follow_up_starts = DateField(label=_label("follow_up_starts"))
    rule = forms.ChoiceField(label=_label("rule"), choices=Rule.choices)
    threshold_percent = _whole_number(_("Minimum share of the amount (%), knapsack rule"), min_value=0, max_value=100,
                                      required=False,
                                      error=_("Give the minimum share as a percentage from 0 to 100."))
    min_plans = _whole_number(_("Minimum number of plans (minimum and approval rules)"), min_value=0, max_value=1000,
                              required=False, error=_("Give the minimum number of plans as a whole number."))
    max_plans = _whole_number(_("Maximum number of plans (approval rule; empty: no limit)"), min_value=1,
                              max_value=1000, required=False,
                              error=_("Give the maximum number of plans as a whole number, at least 1."))
    minimum_age = _whole_number(_label("minimum_age"), min_value=0, max_value=120,
                                error=_("Give the minimum age in years, from 0 to 120."))

    def __init__(self, *args, creating=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not creating:
            del self.fields["slug"]  # the page's address stays: links to it are out there

    def clean(self):
        data = super().clean()
        for name in ("voting_starts", "voting_ends"):
            # The field shows minutes: a moment saved to the second is kept when it was not changed.
            initial = self.initial.get(name)
            if initial and data.get(name) and self.fields[name].prepare_value(initial) == \
                    self.fields[name].prepare_value(data[name]):
                data[name] = initial
        data["threshold_percent"] = data.get("threshold_percent") or 0
        data["min_plans"] = data.get("min_plans") or 0
        if not self.errors:
            for field, messages in services.budget_errors(data).items():
                for message in messages:
                    self.add_error(field, message)
        return data

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in services.BUDGET_FIELDS}


class AreaForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(label=_("Name of the area"), max_length=200,
                           error_messages={"required": _("Give the area a name.")})
    amount = DecimalField(label=_("Amount (€)"), min_value=1, max_digits=15, decimal_places=0,
                          error_messages={k: _("Give the area's amount in euros, more than zero.")
                                          for k in ("required", "invalid", "min_value", "max_decimal_places",
                                                    "max_digits")})
    is_whole = forms.BooleanField(label=_("Whole municipality"), required=False)
    delete = forms.BooleanField(label=_("Remove"), required=False)


class BaseAreaFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        for message in services.area_errors(self.rows()):
            raise forms.ValidationError(message)

    def rows(self) -> list[dict]:
        """The filled rows (empty extra rows left out), as the service takes them."""
        rows = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or (not data.get("id") and not data.get("name")):
                continue
            rows.append({"id": data.get("id"), "name": data["name"], "amount": int(data["amount"]),
                         "is_whole": data.get("is_whole", False), "delete": data.get("delete", False)})
        return rows


AreaFormSet = forms.formset_factory(AreaForm, formset=BaseAreaFormSet, extra=2, max_num=50, validate_max=True)


def area_formset(budget=None, data=None):
    """The areas' rows: the budget's own and two empty ones (a new budget: the whole municipality's
    row named already)."""
    if budget is not None:
        initial = [{"id": a.pk, "name": a.name, "amount": a.amount, "is_whole": a.is_whole}
                   for a in budget.areas.all()]
    else:
        initial = [{"name": _("Whole municipality"), "is_whole": True}]
    return AreaFormSet(data, initial=initial, prefix="areas")


class HideForm(forms.Form):
    reason = forms.CharField(label=_("Reason for removing (shown in place of the comment)"), max_length=500,
                             error_messages={"required": _("Give the reason for removing the comment: it is "
                                                           "shown in its place.")})
