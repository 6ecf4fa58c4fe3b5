"""The data-protection officer's search form. The identity code is posted, never put in a URL and
never rendered back; the other criteria are kept as typed when something is wrong."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

from luukku.core.models import Unit
from luukku.core.translation import tr
from luukku.people import hetu as hetu_module
from luukku.people.models import Person

from . import dpo, trail

DATE_FORMATS = ["%d.%m.%Y", "%Y-%m-%d"]


def _date(label):
    return forms.DateField(
        label=label, required=False, input_formats=DATE_FORMATS,
        error_messages={"invalid": gettext_lazy("Enter the date as day.month.year, for example 15.3.2026.")},
        help_text=gettext_lazy("Day.month.year, for example 15.3.2026"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}))


class AuditSearchForm(forms.Form):
    hetu = forms.CharField(
        label=gettext_lazy("Whose data: personal identity code"), max_length=20, required=False,
        help_text=gettext_lazy("For example 131052-308T. The code is not kept on the page or in the address."),
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off", "spellcheck": "false"}))
    staff_user = forms.CharField(label=gettext_lazy("Staff member's username"), max_length=150, required=False,
                                 widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}))
    unit = forms.ChoiceField(label=gettext_lazy("Unit"), required=False,
                             error_messages={"invalid_choice": gettext_lazy("Choose a unit from the list.")})
    action = forms.ChoiceField(label=gettext_lazy("Action"), required=False,
                               error_messages={"invalid_choice": gettext_lazy("Choose an action from the list.")})
    date_from = _date(gettext_lazy("From"))
    date_to = _date(gettext_lazy("To"))

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        units = Unit.all_objects.filter(municipality=municipality)
        self.fields["unit"].choices = [("", gettext_lazy("All units"))] + sorted(
            ((str(u.public_id), tr(u.name)) for u in units), key=lambda c: c[1])
        self.fields["action"].choices = [("", gettext_lazy("All actions"))] + [
            (code, f"{text} ({code})") for code, text in trail.ACTIONS.items()]

    def clean_hetu(self):
        value = self.cleaned_data.get("hetu", "").strip()
        if not value:
            return None
        try:
            code = hetu_module.validate(value, allow_temporary=False)
        except ValidationError:
            raise ValidationError(gettext_lazy("Check the personal identity code: it is not valid."))
        person = Person.all_objects.filter(municipality=self.municipality,
                                           hetu_hash=hetu_module.lookup_hash(code)).first()
        if person is None:
            raise ValidationError(gettext_lazy("No resident of this municipality has this identity code."))
        return person

    def clean_staff_user(self):
        value = self.cleaned_data.get("staff_user", "").strip()
        if not value:
            return None
        user = dpo.staff_user_by_username(value)
        if user is None:
            raise ValidationError(gettext_lazy("No user has this username."))
        return user

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", gettext_lazy("The end date cannot be before the start date."))
        return data

    def criteria(self) -> dict:
        """What is kept in the session between the pages of the results: ids, never the code."""
        d = self.cleaned_data
        return {
            "person": str(d["hetu"].public_id) if d.get("hetu") else "",
            "staff_user": d["staff_user"].pk if d.get("staff_user") else "",
            "staff_username": d["staff_user"].get_username() if d.get("staff_user") else "",
            "unit": d.get("unit") or "",
            "action": d.get("action") or "",
            "date_from": d["date_from"].isoformat() if d.get("date_from") else "",
            "date_to": d["date_to"].isoformat() if d.get("date_to") else "",
        }
