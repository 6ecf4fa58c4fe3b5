"""The dashboard's filters: a GET form (works without JavaScript). Every refusal says what to fix;
what was typed stays in the fields."""

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from luukku.core import clock
from luukku.core.translation import tr

DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y"]
MAX_DAYS = 5 * 366  # a longer period is cut to its last five years, with a message
PRESETS = ("30d", "90d", "12m", "this_year", "last_year")


def preset_range(preset: str, today: dt.date) -> tuple[dt.date, dt.date]:
    if preset == "30d":
        return today - dt.timedelta(days=29), today
    if preset == "90d":
        return today - dt.timedelta(days=89), today
    if preset == "this_year":
        return dt.date(today.year, 1, 1), today
    if preset == "last_year":
        return dt.date(today.year - 1, 1, 1), dt.date(today.year - 1, 12, 31)
    return months_before(today, 11), today  # 12m: this month and the 11 before it


def months_before(day: dt.date, n: int) -> dt.date:
    """The first day of the month `n` months before `day`'s."""
    total = day.year * 12 + day.month - 1 - n
    return dt.date(total // 12, total % 12 + 1, 1)


def _date_field(label):
    return forms.DateField(label=label, required=False, input_formats=DATE_FORMATS, error_messages={
        "invalid": _("Give the date as dd.mm.yyyy (e.g. 31.12.2026) or yyyy-mm-dd.")})


class DashboardFilterForm(forms.Form):
    preset = forms.ChoiceField(label=_("Time period"), required=False, error_messages={
        "invalid_choice": _("Unknown period “%(value)s”: choose one from the list.")})
    start = _date_field(_("From"))
    end = _date_field(_("To"))
    unit = forms.ChoiceField(label=_("Unit"), required=False, error_messages={
        "invalid_choice": _("Unknown unit: choose one from the list.")})
    service = forms.ChoiceField(label=_("Service"), required=False, error_messages={
        "invalid_choice": _("Unknown service: choose one from the list.")})

    def __init__(self, data, *, units, services, today=None, **kwargs):
        super().__init__(data, **kwargs)
        self.today = today or clock.today()
        self.units = {str(u.public_id): u for u in units}
        self.services = {s.slug: s for s in services}
        self.fields["preset"].choices = [("", _("Dates below")), ("30d", _("Last 30 days")),
                                         ("90d", _("Last 90 days")), ("12m", _("Last 12 months")),
                                         ("this_year", _("This year")), ("last_year", _("Last year"))]
        self.fields["unit"].choices = [("", _("All units you manage")),
                                       *[(k, tr(u.name)) for k, u in self.units.items()]]
        self.fields["service"].choices = [("", _("All services")),
                                          *[(k, tr(s.name)) for k, s in self.services.items()]]
        self.capped = False

    def clean(self):
        data = super().clean()
        preset, start, end = data.get("preset"), data.get("start"), data.get("end")
        if self.errors:
            return data
        if preset:
            start, end = preset_range(preset, self.today)
        else:
            if start is None and end is None:
                start, end = preset_range("12m", self.today)
            end = end or self.today
            start = start or months_before(end, 11)
            if start > end:
                self.add_error("end", _("The end date is before the start date: give an end on or after "
                                        "%(start)s.") % {"start": start.strftime("%-d.%-m.%Y")})
                return data
            if (end - start).days > MAX_DAYS:
                start = end - dt.timedelta(days=MAX_DAYS)
                self.capped = True
        data["start"], data["end"] = start, end
        data["unit_obj"] = self.units.get(data.get("unit") or "")
        data["service_obj"] = self.services.get(data.get("service") or "")
        return data
