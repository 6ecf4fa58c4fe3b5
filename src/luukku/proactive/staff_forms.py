"""Forms of the proactive staff pages. They check the shape of what was sent; the rules (a cohort
rule, a deadline not in the past, the start after the deadline) stay in proactive.services, whose
refusals the views show next to the field, with what was typed kept."""

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from luukku.core import clock

DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]
DATE_ERROR = {"invalid": _("Enter the date as day.month.year: dd.mm.yyyy.")}
PER_PAGE = 100


class CampaignForm(forms.Form):
    year = forms.IntegerField(
        label=_("Year"), min_value=2000, max_value=2100,
        help_text=_("The children who reach the rule's age in this year are offered."),
        error_messages={"required": _("Give the year of the campaign."),
                        "invalid": _("Give the year as four digits, e.g. 2027."),
                        "min_value": _("Give a year between 2000 and 2100."),
                        "max_value": _("Give a year between 2000 and 2100.")})
    name = forms.CharField(label=_("Name"), max_length=200, required=False,
                           help_text=_("Leave empty to use the rule's name and the year."),
                           error_messages={"max_length": _("The name can be at most 200 characters long.")})
    reference_date = forms.DateField(label=_("Reference date"), required=False, input_formats=DATE_FORMATS,
                                     help_text=_("Residence in the municipality is checked on this day. "
                                                 "Empty: today."),
                                     error_messages=DATE_ERROR)
    starts_on = forms.DateField(label=_("Start date"), required=False, input_formats=DATE_FORMATS,
                                help_text=_("The day the offered service begins. Empty: 1 August of the year."),
                                error_messages=DATE_ERROR)
    deadline = forms.DateField(label=_("Deadline for answers"), required=False, input_formats=DATE_FORMATS,
                               help_text=_("Empty: the rule's days to answer from today."),
                               error_messages=DATE_ERROR)

    def __init__(self, *args, rule=None, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            today = clock.today()
            year = today.year if today.month < 8 else today.year + 1
            # ISO strings, as a date input sends them back (a date object would be shown localised).
            self.initial.setdefault("year", str(year))
            self.initial.setdefault("reference_date", today.isoformat())
            self.initial.setdefault("starts_on", dt.date(year, 8, 1).isoformat())
            if rule is not None:
                self.initial.setdefault("deadline", (today + dt.timedelta(days=rule.answer_days)).isoformat())


class StartForm(forms.Form):
    """The run button. Starting a draft asks to confirm the dry run; continuing after an error not."""

    confirm = forms.BooleanField(
        label=_("I have checked the dry run: send the offers now."), required=False)

    def __init__(self, *args, needs_confirmation=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.needs_confirmation = needs_confirmation

    def clean_confirm(self):
        value = self.cleaned_data.get("confirm")
        if self.needs_confirmation and not value:
            raise forms.ValidationError(_("Tick the box to confirm that you have checked the dry run."))
        return value


# --- a change request worked to its end ------------------------------------------------------------

STALE = _("The page was out of date. Look at the offer again.")


class _OfferStep(forms.Form):
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput,
                                 error_messages={"required": STALE, "invalid": STALE, "min_value": STALE})


class ReofferForm(_OfferStep):
    """Offer another unit of the rule; the units are labelled with their language and free places."""

    unit = forms.ChoiceField(label=_("Unit to offer instead"),
                             error_messages={"required": _("Choose the unit to offer."),
                                             "invalid_choice": _("Choose a unit from the list.")})
    note = forms.CharField(label=_("Message to the family (optional)"), max_length=1000, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"max_length": _("The message can be at most 1000 characters long.")})

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.units = {str(u.public_id): u for u in units}
        self.fields["unit"].choices = [("", _("Choose a unit")),
                                       *[(key, unit_label(u)) for key, u in self.units.items()]]


class RefuseChangeForm(_OfferStep):
    reason = forms.CharField(label=_("Why can the change not be made?"), max_length=2000,
                             help_text=_("The family reads this in the decision and on the offer."),
                             widget=forms.Textarea(attrs={"rows": 4}),
                             error_messages={"required": _("Say why the change cannot be made: the family reads it."),
                                             "max_length": _("The reason can be at most 2000 characters long.")})


def unit_label(unit) -> str:
    """"Name (Swedish-language, 3 free places)": what a handler choosing a unit needs to see."""
    from django.utils.translation import gettext, ngettext

    from luukku.core.translation import tr

    free = getattr(unit, "free", None)
    places = (ngettext("%(n)s free place", "%(n)s free places", free) % {"n": free} if free
              else gettext("full")) if free is not None else ""
    details = ", ".join(x for x in (str(unit.get_language_display()), places) if x)
    return f"{tr(unit.name)} ({details})"
