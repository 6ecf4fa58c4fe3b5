"""Forms of the burden pages. Each refuses in words what cannot be an estimate: a negative or empty
time, a time or a sum no single transaction takes (over 1 000 hours, over 100 000 €), a period that
ends before it begins. What was typed is kept (the pages render the bound form again)."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from luukku.catalogue.models import Service
from luukku.web.staff.forms import DecimalField

from .models import CHANNELS, MAX_HOUR_VALUE, MAX_MINUTES, MAX_MONEY, MAX_VOLUME, plausible_date

DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]


def date_field(label, **kwargs):
    return forms.DateField(label=label, input_formats=DATE_FORMATS, validators=[plausible_date], error_messages={
        "required": _("Give the date."), "invalid": _("Enter the date as day.month.year: dd.mm.yyyy.")}, **kwargs)


def service_field():
    return forms.ModelChoiceField(label=_("Service"), queryset=Service.all_objects.none(), empty_label="—", error_messages={
        "required": _("Choose the service."), "invalid_choice": _("Choose one of the municipality’s services.")})


def channel_field():
    return forms.ChoiceField(label=_("Channel"), choices=[("", "—"), *CHANNELS], error_messages={
        "required": _("Choose the channel."), "invalid_choice": _("Choose one of the channels in the list.")})


def money_field(label, maximum, too_much, help_text="", required=True):
    return DecimalField(label=label, min_value=0, max_value=maximum, max_digits=9, decimal_places=2,
                        required=required, help_text=help_text, error_messages={
                            "required": _("Give the sum in euros; 0 if there is none."),
                            "invalid": _("Give the sum as a number of euros, e.g. 2,50."),
                            "min_value": _("The sum cannot be negative."),
                            "max_value": too_much,
                            "max_digits": _("Give the sum as a number of euros, e.g. 2,50."),
                            "max_whole_digits": _("Give the sum as a number of euros, e.g. 2,50."),
                            "max_decimal_places": _("Give the sum to the cent at most: two decimals.")})


class _ServiceForm(forms.Form):
    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = Service.all_objects.filter(municipality=municipality).order_by("slug")
        self.fields["service"].label_from_instance = lambda s: str(s)


class EstimateForm(_ServiceForm):
    service = service_field()
    channel = channel_field()
    valid_from = date_field(_("Valid from"), help_text=_(
        "The first day the estimate describes. It also covers the time before, until an earlier estimate "
        "of the same service and channel."))
    hours = forms.IntegerField(label=_("Whole hours"), min_value=0, max_value=1000, required=False, error_messages={
        "invalid": _("Give the hours as a whole number, e.g. 5."),
        "min_value": _("The time cannot be negative."),
        "max_value": _("No transaction takes more than 1 000 hours: check the figure.")})
    minutes = forms.IntegerField(label=_("Minutes"), min_value=0, max_value=59, required=False, error_messages={
        "invalid": _("Give the minutes as a whole number from 0 to 59."),
        "min_value": _("The time cannot be negative."),
        "max_value": _("Give the minutes from 0 to 59; put whole hours in the hours.")})
    money = money_field(_("Money per transaction (€)"), MAX_MONEY, _(
        "No transaction costs the customer more than 100 000 €: check the figure."), _(
        "Postage, travel, copies and other out-of-pocket costs of one transaction. 0 if none."))
    note = forms.CharField(label=_("Note or source"), required=False, max_length=2000, widget=forms.Textarea,
                           error_messages={"max_length": _("The note can be at most 2 000 characters long.")})

    def clean(self):
        data = super().clean()
        if "hours" in self.errors or "minutes" in self.errors:
            return data
        total = (data.get("hours") or 0) * 60 + (data.get("minutes") or 0)
        if total == 0:
            self.add_error("hours", _("Give the time one transaction takes the customer: an errand always "
                                      "takes some time."))
        elif total > MAX_MINUTES:
            self.add_error("hours", _("No transaction takes more than 1 000 hours: check the figure."))
        data["total_minutes"] = total
        return data


class VolumeForm(_ServiceForm):
    service = service_field()
    channel = channel_field()
    start = date_field(_("First day"))
    end = date_field(_("Last day"))
    count = forms.IntegerField(label=_("Number of transactions"), min_value=1, max_value=MAX_VOLUME, error_messages={
        "required": _("Give the number of transactions."),
        "invalid": _("Give the number as a whole number, e.g. 1200."),
        "min_value": _("Give at least one transaction."),
        "max_value": _("No more than 10 000 000 transactions: check the figure.")})
    note = forms.CharField(label=_("Note or source"), required=False, max_length=2000, widget=forms.Textarea,
                           error_messages={"max_length": _("The note can be at most 2 000 characters long.")})

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The last day is before the first day."))
        elif start and end and (end - start).days > 3660:
            self.add_error("end", _("Give a period of at most ten years."))
        return data


class HourValueForm(forms.Form):
    hour_value = money_field(_("Value of an hour (€)"), MAX_HOUR_VALUE, _(
        "Give a value of at most 1 000 € an hour."), _(
        "What an hour of a customer’s time is worth, to report the burden in euros. Empty: hours only."),
        required=False)

    def clean_hour_value(self):
        value = self.cleaned_data.get("hour_value")
        if value is not None and value == Decimal(0):
            raise forms.ValidationError(_("An hour is worth more than 0 €. Leave the field empty to report "
                                          "in hours only."))
        return value


class ChangeForm(_ServiceForm):
    service = service_field()
    name = forms.CharField(label=_("Name of the change"), max_length=200, error_messages={
        "required": _("Name the change, e.g. “Paper application replaced by an e-service”."),
        "max_length": _("The name can be at most 200 characters long.")})
    date = date_field(_("Date of the change"))
    window_days = forms.IntegerField(label=_("Days compared before and after"), initial=365, min_value=7,
                                     max_value=1096, error_messages={
                                         "required": _("Give the number of days to compare."),
                                         "invalid": _("Give the days as a whole number, e.g. 365."),
                                         "min_value": _("Compare at least 7 days."),
                                         "max_value": _("Compare at most 1 096 days (three years).")})
    description = forms.CharField(label=_("Description"), required=False, max_length=2000, widget=forms.Textarea,
                                  error_messages={"max_length": _("The description can be at most 2 000 "
                                                                  "characters long.")})

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Name the change, e.g. “Paper application replaced by an e-service”."))
        return name


class PeriodForm(forms.Form):
    """The report's period and grouping (GET): a period with no data is a report of zeros, never an error."""

    start = date_field(_("First day"))
    end = date_field(_("Last day"))
    by = forms.ChoiceField(label=_("Group by"), choices=[("service", _("service")), ("sector", _("sector")),
                                                         ("life_event", _("life event"))], required=False,
                           error_messages={"invalid_choice": _("Choose one of the groupings in the list.")})

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The last day is before the first day."))
        elif start and end and (end - start).days > 3660:
            self.add_error("end", _("Give a period of at most ten years."))
        return data
