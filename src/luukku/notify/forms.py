from django import forms
from django.utils.translation import gettext_lazy as _

from luukku.catalogue.templatetags.portal import LANGUAGE_NAMES

from . import selectors


class PreferenceForm(forms.Form):
    """How the resident wants to be told: channels (only those configured) and language (the
    municipality's). A channel we cannot reach them through is refused with the reason."""

    channels = forms.MultipleChoiceField(label=_("How do you want to be told?"), required=False,
                                         widget=forms.CheckboxSelectMultiple)
    language = forms.ChoiceField(label=_("Language of the messages"), widget=forms.RadioSelect,
                                 error_messages={"required": _("Choose the language of the messages."),
                                                 "invalid_choice": _("Choose one of the languages shown.")})

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person
        self.options = selectors.channel_options(person)
        self.fields["channels"].choices = [(o["key"], o["label"]) for o in self.options]
        self.fields["channels"].error_messages["invalid_choice"] = _("Choose only the ways shown.")
        self.fields["language"].choices = [(code, LANGUAGE_NAMES.get(code, code))
                                           for code in selectors.languages_of(person.municipality)]
        if not self.is_bound:
            offered = {o["key"] for o in self.options}
            self.initial = {"channels": [c for c in selectors.chosen_channels(person) if c in offered],
                            "language": selectors.language_for(person)}

    def clean_channels(self):
        chosen = self.cleaned_data["channels"]
        unreachable = [o for o in self.options if o["key"] in chosen and not o["reachable"]]
        if unreachable:
            raise forms.ValidationError([
                _("%(channel)s needs %(needs)s, and we have none for you. Choose another way.")
                % {"channel": o["label"], "needs": o["needs"]} for o in unreachable])
        return chosen
