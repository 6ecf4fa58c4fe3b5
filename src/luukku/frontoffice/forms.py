"""Forms of the front office.

`CaseForm` puts every page of a case type's published form on one page for the agent, and checks
it with the e-service's own `PageForm`, page by page in order, each knowing the answers of the
earlier pages (so conditions and required answers work exactly as online). File fields are left
out: the agent has no file from the resident on the phone, so attachments are added later by the
resident in My cases (or by the handler); their required-ness is therefore not checked here.
"""

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from luukku.cases.models import CaseChannel
from luukku.core import clock
from luukku.eservices import prefill
from luukku.eservices import selectors as eservices_selectors
from luukku.eservices import services as eservices_services
from luukku.eservices.forms import ADDRESS_PARTS, PageForm, visible_keys
from luukku.eservices.models import Draft, FieldType

from .models import DURATION_MAX_MINUTES, ContactChannel, ContactOutcome

BIRTH_DATE_FORMATS = ["%d.%m.%Y", "%Y-%m-%d"]
# The channels a case can reach the front office by (everything but the resident's own online form).
START_CHANNELS = [(value, label) for value, label in CaseChannel.choices if value != CaseChannel.ONLINE]


class NameSearchForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200,
                           error_messages={"required": gettext_lazy("Enter the resident's name.")},
                           help_text=gettext_lazy("First name, last name or both; every word must match."),
                           widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}))
    birth_date = forms.DateField(
        label=gettext_lazy("Date of birth"), input_formats=BIRTH_DATE_FORMATS,
        error_messages={"required": gettext_lazy("Enter the date of birth."),
                        "invalid": gettext_lazy("Enter the date of birth as day.month.year, for example 15.3.1985.")},
        help_text=gettext_lazy("Day.month.year, for example 15.3.1985"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Enter the resident's name."), code="required")
        return name

    def clean_birth_date(self):
        day = self.cleaned_data["birth_date"]
        if day > clock.today():
            raise forms.ValidationError(_("The date of birth cannot be in the future."), code="future")
        return day


class HetuSearchForm(forms.Form):
    """Posted, never in a URL; never rendered back with its value (render_value stays off)."""

    hetu = forms.CharField(label=gettext_lazy("Personal identity code"), max_length=20,
                           error_messages={"required": gettext_lazy("Enter the personal identity code.")},
                           help_text=gettext_lazy("For example 131052-308T. The code is not kept on the page."),
                           widget=forms.PasswordInput(render_value=False,
                                                      attrs={"autocomplete": "off", "spellcheck": "false"}))


class ContactForm(forms.Form):
    channel = forms.ChoiceField(label=gettext_lazy("Channel"), choices=ContactChannel.choices,
                                widget=forms.RadioSelect,
                                error_messages={"required": gettext_lazy("Choose how the resident contacted us."),
                                                "invalid_choice": gettext_lazy("Choose how the resident contacted us.")})
    topic = forms.CharField(label=gettext_lazy("Topic"), max_length=200,
                            error_messages={"required": gettext_lazy("Write the topic in a few words.")})
    notes = forms.CharField(label=gettext_lazy("Notes"), max_length=5000, required=False,
                            widget=forms.Textarea(attrs={"rows": 5}))
    case = forms.ChoiceField(label=gettext_lazy("Related case (optional)"), required=False,
                             error_messages={"invalid_choice": gettext_lazy("Choose one of this resident's cases.")})
    service = forms.ChoiceField(label=gettext_lazy("Service (optional)"), required=False,
                                error_messages={"invalid_choice": gettext_lazy("Choose a service from the list.")})
    life_event = forms.ChoiceField(label=gettext_lazy("Life event (optional)"), required=False,
                                   help_text=gettext_lazy("The resident's situation, when the contact was about one."),
                                   error_messages={"invalid_choice": gettext_lazy("Choose a life event from the list.")})
    outcome = forms.ChoiceField(label=gettext_lazy("How did the contact end?"), choices=ContactOutcome.choices,
                                widget=forms.RadioSelect,
                                error_messages={"required": gettext_lazy("Choose how the contact ended."),
                                                "invalid_choice": gettext_lazy("Choose how the contact ended.")})
    duration_minutes = forms.IntegerField(
        label=gettext_lazy("Duration in minutes (optional)"), required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 4}),
        error_messages={"invalid": gettext_lazy("Give the duration in whole minutes, for example 12.")})
    follow_up_task = forms.CharField(
        label=gettext_lazy("Follow-up: what is to be done"), max_length=300, required=False,
        help_text=gettext_lazy("Only when the contact needs a follow-up. Written so that a colleague can do it too."))
    follow_up_due = forms.DateField(
        label=gettext_lazy("Follow-up: due day"), required=False, input_formats=BIRTH_DATE_FORMATS,
        help_text=gettext_lazy("Day.month.year"), widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
        error_messages={"invalid": gettext_lazy("Enter the due day as day.month.year.")})
    follow_up_mine = forms.BooleanField(label=gettext_lazy("I will do the follow-up myself"), required=False,
                                        help_text=gettext_lazy("Otherwise anyone of your unit may do it."))

    def __init__(self, data=None, *, cases, services, life_events, language):
        super().__init__(data)
        from luukku.core.translation import tr

        self.case_by_id = {str(c.public_id): c for c in cases}
        self.service_by_id = {str(s.public_id): s for s in services}
        self.life_event_by_id = {str(e.pk): e for e in life_events}
        self.fields["case"].choices = [("", _("No related case"))] + [
            (key, f"{c.reference} – {tr(c.case_type.name, language)}") for key, c in self.case_by_id.items()]
        self.fields["service"].choices = [("", _("No particular service"))] + [
            (key, tr(s.name, language)) for key, s in self.service_by_id.items()]
        self.fields["life_event"].choices = [("", _("No particular life event"))] + [
            (key, tr(e.name, language)) for key, e in self.life_event_by_id.items()]

    def clean_duration_minutes(self):
        minutes = self.cleaned_data["duration_minutes"]
        if minutes is not None and not 1 <= minutes <= DURATION_MAX_MINUTES:
            raise forms.ValidationError(_("Give the duration in whole minutes, from 1 to %(n)s.") % {"n": DURATION_MAX_MINUTES})
        return minutes

    def follow_up(self, user) -> dict | None:
        data = self.cleaned_data
        if data.get("outcome") != ContactOutcome.FOLLOW_UP:
            return None
        return {"task": data.get("follow_up_task"), "due": data.get("follow_up_due"),
                "assignee": user if data.get("follow_up_mine") else None}

    def clean_topic(self):
        topic = " ".join(self.cleaned_data["topic"].split())
        if not topic:
            raise forms.ValidationError(_("Write the topic in a few words."), code="required")
        return topic


class StartForm(forms.Form):
    """What the front office adds to the case type's own form: channel, for whom, the contact topic."""

    channel = forms.ChoiceField(label=gettext_lazy("How did the resident contact us?"), choices=START_CHANNELS,
                                widget=forms.RadioSelect,
                                error_messages={"required": gettext_lazy("Choose the channel."),
                                                "invalid_choice": gettext_lazy("Choose the channel.")})
    for_whom = forms.ChoiceField(label=gettext_lazy("For whom is the case?"), widget=forms.RadioSelect,
                                 error_messages={"required": gettext_lazy("Choose for whom the case is."),
                                                 "invalid_choice": gettext_lazy(
                                                     "Choose the resident or one of the children in their care shown here.")})
    topic = forms.CharField(label=gettext_lazy("Note for the contact log (optional)"), max_length=200, required=False)
    token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)  # against sending twice

    prefix = "frontoffice"  # the case type's own field keys never clash with these names

    def __init__(self, data=None, *, choices, initial=None):
        super().__init__(data, initial=initial)
        self.fields["for_whom"].choices = choices
        if len(choices) < 2:  # nothing to choose: the only choice is taken (a posted value is ignored)
            del self.fields["for_whom"]


def to_form_data(fields, data: dict) -> QueryDict:
    """Answers in the draft's stored shape (dates ISO, addresses as dicts, lists…) as posted form data."""
    posted = QueryDict(mutable=True)
    data = data if isinstance(data, dict) else {}
    for field in fields:
        value = data.get(field.key)
        if value is None:
            continue
        if field.type == FieldType.ADDRESS:
            parts = value if isinstance(value, dict) else {"street": value}
            for part, _label, _autocomplete in ADDRESS_PARTS:
                posted[f"{field.key}__{part}"] = str(parts.get(part) or "")
        elif field.type == FieldType.MULTI_CHOICE:
            posted.setlist(field.key, [str(v) for v in (value if isinstance(value, list) else [value])])
        elif field.type == FieldType.YES_NO and isinstance(value, bool):
            posted[field.key] = "yes" if value else "no"
        else:
            posted[field.key] = str(value)
    return posted


class CaseForm:
    """Every page of the published definition as one form (see the module's docstring)."""

    def __init__(self, data=None, *, case_type, definition, person, subject, children, language):
        all_fields = eservices_services.fields_of(definition)
        self.fields = [f for f in all_fields if f.type != FieldType.FILE]
        self.child_keys = {f.key for f in self.fields if f.type == FieldType.CHILD}
        self.person, self.subject = person, subject
        self.pages = eservices_selectors.pages_of(definition)
        # Prefilled as the e-service's start_draft does: from the applicant and whom it concerns.
        initial, self.prefilled = prefill.prefill(self.fields, person, subject or person)
        self.is_bound = data is not None
        if self.is_bound:
            data = data.copy()
            for key in self.child_keys:  # the child comes from "for whom", as online from the start page
                data[key] = str(subject.public_id) if subject is not None and subject.pk != person.pk else ""
        values = dict(initial)
        self.pages_forms = []
        for page in self.pages:
            draft = Draft(municipality_id=case_type.municipality_id, case_type=case_type, definition=definition,
                          applicant=person, subject=subject, data=dict(values), prefilled=list(self.prefilled))
            form = PageForm(data, None, draft=draft, page=page, all_fields=self.fields,
                            children=[c for c, _m in children], language=language)
            if self.is_bound:
                form.is_valid()
                for key, value in form.page_values().items():
                    if value is None:
                        values.pop(key, None)
                    else:
                        values[key] = value
            self.pages_forms.append((page, form, [f for f in all_fields
                                                  if f.page_id == page.pk and f.type == FieldType.FILE]))
        shown = visible_keys(self.fields, values)
        self.values = {k: v for k, v in values.items() if k in shown}

    def is_valid(self) -> bool:
        return self.is_bound and all(form.is_valid() for _page, form, _files in self.pages_forms)

    def page_values(self) -> dict:
        """Every field's answer for eservices.services.save_page (None: not answered or not shown)."""
        return {f.key: self.values.get(f.key) for f in self.fields}

    def errors_by_key(self) -> dict[str, list[str]]:
        """{field key: [message]} (an address part's message names the part)."""
        out: dict[str, list[str]] = {}
        for _page, form, _files in self.pages_forms:
            for name, errors in (form.errors or {}).items():
                key, _sep, part = name.partition("__")
                label = str(form.fields[name].label) if part and name in form.fields else ""
                out.setdefault(key or "__all__", []).extend(f"{label}: {e}" if label else str(e) for e in errors)
        return out

    def error_list(self) -> list[tuple[str, str]]:
        """(anchor, message) for the summary; the child's errors belong to "for whom" (see the view)."""
        return [(anchor, message) for _page, form, _files in self.pages_forms
                for anchor, message in form.error_list()
                if anchor not in {f"field-{key}" for key in self.child_keys}]

    def child_errors(self) -> list[str]:
        return [str(e) for _page, form, _files in self.pages_forms for key in self.child_keys
                for e in (form.errors.get(key, []) if form.is_bound else [])]

    def sections(self) -> list[dict]:
        """Per page: its title, the fields to render (the child's field is asked as "for whom"), and
        the file fields shown, which the resident adds later."""
        out = []
        for page, form, files in self.pages_forms:
            # A protected address (turvakielto) is an item with protected_address: nothing asked or shown.
            items = [i for i in form.items() if i["type"] != FieldType.CHILD]
            shown = visible_keys(self.fields + files, self.values if self.is_bound else form.draft.data)
            out.append({"page": page, "items": items, "files": [f for f in files if f.key in shown]})
        return out


class FollowUpDoneForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("How was it done? (optional)"), max_length=500, required=False)
