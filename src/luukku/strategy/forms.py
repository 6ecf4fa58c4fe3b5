"""Forms of the strategy pages: each refuses in words what is not a goal, a project or an indicator
(no title, a period that ends before it begins, a value that is not a number, a latest value from
the future or without its date). What was typed is kept."""

from django import forms
from django.utils.translation import gettext_lazy as _

from luukku.core import clock
from luukku.web.staff.forms import DecimalField

from .models import Goal, Level

DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]
LIMIT = 10**12  # beyond any count, euro sum or share a municipality measures


def _title(label):
    return forms.CharField(label=label, max_length=200, error_messages={
        "required": _("Give the title."),
        "max_length": _("The title can be at most 200 characters long.")})


def _text(label):
    return forms.CharField(label=label, required=False, max_length=4000, widget=forms.Textarea, error_messages={
        "max_length": _("The description can be at most 4 000 characters long.")})


def _year(label):
    return forms.IntegerField(label=label, min_value=2000, max_value=2100, error_messages={
        "required": _("Give the year."), "invalid": _("Give the year as four digits, e.g. 2027."),
        "min_value": _("Give a year between 2000 and 2100."), "max_value": _("Give a year between 2000 and 2100.")})


def _number(label, required=True):
    messages = {"required": _("Give the number."), "invalid": _("Give a number, e.g. 42 or 12,5."),
                "min_value": _("The number is too large: check it."),
                "max_value": _("The number is too large: check it."),
                "max_digits": _("The number is too large: check it."),
                "max_whole_digits": _("The number is too large: check it."),
                "max_decimal_places": _("Give at most two decimals.")}
    return DecimalField(label=label, required=required, max_digits=14, decimal_places=2, min_value=-LIMIT,
                        max_value=LIMIT, error_messages=messages)


class _Stripped(forms.Form):
    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if not title:
            raise forms.ValidationError(_("Give the title."))
        return title


class GoalForm(_Stripped):
    title = _title(_("Title"))
    description = _text(_("Description"))
    start_year = _year(_("First year"))
    end_year = _year(_("Last year"))

    def clean(self):
        data = super().clean()
        start, end = data.get("start_year"), data.get("end_year")
        if start and end and end < start:
            self.add_error("end_year", _("The last year is before the first year."))
        return data


class ProjectForm(_Stripped):
    title = _title(_("Title"))
    description = _text(_("Description"))
    goals = forms.ModelMultipleChoiceField(
        label=_("Strategic goals it serves"), queryset=Goal.all_objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple, error_messages={
            "invalid_choice": _("Choose goals of this municipality."),
            "invalid_pk_value": _("Choose goals of this municipality.")})

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goals"].queryset = Goal.all_objects.filter(municipality=municipality)
        self.fields["goals"].label_from_instance = lambda g: f"{g.title} ({g.start_year}–{g.end_year})"


class IndicatorForm(forms.Form):
    level = forms.ChoiceField(label=_("Level in the chain"), choices=[("", "—"), *Level.choices], error_messages={
        "required": _("Choose the level: input, output, outcome or impact."),
        "invalid_choice": _("Choose the level: input, output, outcome or impact.")})
    name = forms.CharField(label=_("Name"), max_length=200, error_messages={
        "required": _("Name the indicator."), "max_length": _("The name can be at most 200 characters long.")})
    unit = forms.CharField(label=_("Unit of measure"), required=False, max_length=40,
                           help_text=_("E.g. %, applications, euros, days."),
                           error_messages={"max_length": _("The unit can be at most 40 characters long.")})
    baseline = _number(_("Baseline"))
    target = _number(_("Target"))
    latest_value = _number(_("Latest value"), required=False)
    latest_on = forms.DateField(label=_("Date of the latest value"), required=False, input_formats=DATE_FORMATS,
                                error_messages={"invalid": _("Enter the date as day.month.year: dd.mm.yyyy.")})

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Name the indicator."))
        return name

    def clean(self):
        data = super().clean()
        baseline, target = data.get("baseline"), data.get("target")
        if baseline is not None and target is not None and baseline == target:
            self.add_error("target", _("The target is the same as the baseline: give the value the project aims at."))
        value, on = data.get("latest_value"), data.get("latest_on")
        if "latest_value" not in self.errors and "latest_on" not in self.errors:
            if value is not None and on is None:
                self.add_error("latest_on", _("Give the date of the latest value."))
            elif on is not None and value is None:
                self.add_error("latest_value", _("Give the latest value, or leave its date empty."))
            elif on is not None and on > clock.today():
                self.add_error("latest_on", _("The latest value cannot be from the future."))
        return data
