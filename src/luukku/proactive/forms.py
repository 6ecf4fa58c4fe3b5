"""The guardian's answer forms: accept (one button), decline (optional reason, confirmed), ask for a
change (wished unit, reason, wished start date), and stopping a life-event rule's offers."""

from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from luukku.core import clock
from luukku.core.translation import tr

OTHER = "other"
DATE_FORMATS = ["%d.%m.%Y", "%Y-%m-%d"]


class VersionForm(forms.Form):
    """The version of the offer the page showed: an answer to an older page is refused."""

    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput,
                                 error_messages={"required": _("The page was out of date. Look at the offer again."),
                                                 "invalid": _("The page was out of date. Look at the offer again."),
                                                 "min_value": _("The page was out of date. Look at the offer again.")})


class AcceptForm(VersionForm):
    pass


class DeclineForm(VersionForm):
    reason = forms.CharField(label=_("Why do you decline? (optional)"), max_length=1000, required=False,
                             widget=forms.Textarea(attrs={"rows": 3, "maxlength": 1000}))
    confirm = forms.BooleanField(label=_("Yes, I decline the offer"),
                                 error_messages={"required": _("Confirm that you want to decline the offer.")})


class ChangeForm(VersionForm):
    wished_unit = forms.ChoiceField(label=_("Which unit would you like instead? (optional)"), required=False)
    reason = forms.CharField(label=_("What would you like to change, and why?"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 5, "maxlength": 2000}),
                             error_messages={"required": _("Tell us what you would like to change and why.")})
    wished_start = forms.DateField(label=_("Wished start date (optional)"), required=False,
                                   input_formats=DATE_FORMATS,
                                   widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
                                   error_messages={"invalid": _("Enter the date as day.month.year: dd.mm.yyyy.")})

    # Every unit of the rule, the other language's too, each labelled with its language.
    def __init__(self, *args, units=(), language=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.units = {str(u.public_id): u for u in units}
        self.language = language
        self.fields["wished_unit"].choices = [
            ("", _("No wish about the unit")),
            *[(key, f"{tr(u.name, language)} ({u.get_language_display()})") for key, u in self.units.items()],
            (OTHER, _("Another unit (say which in the text below)")),
        ]

    def clean_wished_start(self):
        value = self.cleaned_data.get("wished_start")
        if value and value < clock.today():
            raise forms.ValidationError(_("The wished start date cannot be in the past."))
        return value

    def wish(self, staff_language: str) -> dict:
        """What goes onto the change request, in the language the unit's staff read."""
        chosen = self.cleaned_data.get("wished_unit") or ""
        if chosen == OTHER:
            with translation.override(staff_language):
                unit = str(_("another unit (see the reason)"))
        elif chosen in self.units:
            unit = tr(self.units[chosen].name, staff_language)
        else:
            unit = ""
        start = self.cleaned_data.get("wished_start")
        return {"wished_unit": unit, "wished_start": start.strftime("%-d.%-m.%Y") if start else ""}


class OptOutForm(forms.Form):
    choice = forms.ChoiceField(choices=[("out", "out"), ("in", "in")], widget=forms.HiddenInput)


def mark_invalid(form):
    """aria-invalid and the message's id on every visible field with an error."""
    for name in form.errors:
        if name in form.fields and not form.fields[name].widget.is_hidden:
            widget = form.fields[name].widget
            described = " ".join(filter(None, [widget.attrs.get("aria-describedby", ""),
                                               f"{form[name].auto_id}-error"]))
            widget.attrs.update({"aria-invalid": "true", "aria-describedby": described})
