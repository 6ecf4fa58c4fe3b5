"""Forms of the feedback staff pages. They check the shape of what was sent; the rules (who may,
same municipality, non-empty texts) stay in feedback.services, whose refusals the views show next
to the field, with what was typed kept."""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from luukku.core.models import Unit
from luukku.core.translation import tr
from luukku.web.staff.forms import AssignForm, ButtonForm, unit_handlers, user_name  # noqa: F401 (shared)

from .models import Channel, Feedback, Kind, Publication, Status
from .services import TRANSITIONS

PER_PAGE = 50
TEXT_MAX = 5000
STAFF_CHANNELS = (Channel.PHONE, Channel.SERVICE_POINT, Channel.EMAIL, Channel.LETTER)
PUBLIC_WORKS_STATUSES = [s for s in Status.values if s.startswith("PUBLIC_WORKS_")] + [
    Status.REJECTED, Status.ARCHIVED]
GENERAL_STATUSES = [Status.RECEIVED, Status.IN_PROCESS, Status.PROCESSED, Status.ARCHIVED, Status.REJECTED]


def _choice_error(text):
    return {"invalid_choice": text}


def statuses_for(category) -> list[str]:
    """Street and park faults use the public-works statuses; other categories the general ones."""
    return PUBLIC_WORKS_STATUSES if category.public_works else GENERAL_STATUSES


def _uuid(value):
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


class QueueFilterForm(forms.Form):
    """GET filters of a unit's feedback queue. An unknown value is an error the page shows."""

    status = forms.ChoiceField(label=_("Status"), required=False, error_messages=_choice_error(
        _("Unknown status “%(value)s”: choose one from the list.")))
    category = forms.ChoiceField(label=_("Category"), required=False, error_messages=_choice_error(
        _("Unknown category “%(value)s”: choose one from the list.")))
    assignee = forms.ChoiceField(label=_("Handler"), required=False, error_messages=_choice_error(
        _("Unknown handler “%(value)s”: choose one from the list.")))
    overdue = forms.BooleanField(label=_("Only overdue"), required=False)
    q = forms.CharField(label=_("Reference or text"), required=False, max_length=100)

    def __init__(self, data, *, categories, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["status"].choices = [("open", _("Open")), ("all", _("All")), *Status.choices]
        self.fields["category"].choices = [("", _("All categories")), *[(c.code, tr(c.name)) for c in categories]]
        self.fields["assignee"].choices = [("", _("Anyone")), ("me", _("Me")), ("none", _("Unassigned"))]


EmptyForm = ButtonForm


class StatusForm(forms.Form):
    status = forms.CharField(label=_("New status"), error_messages={"required": _("Choose the new status.")})
    reason = forms.CharField(label=_("Reason (optional)"), required=False, max_length=TEXT_MAX,
                             widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, data=None, *, feedback, **kwargs):
        super().__init__(data, **kwargs)
        self.feedback = feedback
        allowed = TRANSITIONS.get(feedback.status, set())  # only the moves the service allows from here
        self.offered = [s for s in statuses_for(feedback.category) if s in allowed]
        self.status_choices = [(s, Status(s).label) for s in self.offered]

    def clean_status(self):
        value = self.cleaned_data["status"]
        if value == self.feedback.status:
            raise forms.ValidationError(_("The feedback already has this status."), code="same_status")
        if value not in self.offered:
            raise forms.ValidationError(_("Choose one of the statuses offered."), code="invalid_choice")
        return value


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Note (staff only)"), required=False, max_length=20000, widget=forms.Textarea)


class ReplyForm(forms.Form):
    body = forms.CharField(label=_("Reply to the reporter"), required=False, max_length=TEXT_MAX,
                           widget=forms.Textarea)


class ForwardForm(forms.Form):
    unit = forms.CharField(label=_("Unit"), required=False, max_length=40)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=TEXT_MAX,
                             widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, data=None, *, feedback, **kwargs):
        super().__init__(data, **kwargs)
        self.units = list(Unit.all_objects.filter(municipality_id=feedback.municipality_id)
                          .exclude(pk=feedback.unit_id).order_by("slug"))

    def clean_unit(self):
        value = self.cleaned_data["unit"]
        if not value:
            raise forms.ValidationError(_("Choose the unit."), code="required")
        return value

    def chosen(self):
        """The unit named, looked up in every municipality: the service refuses another's (and the
        feedback's own unit) with a message, so a tampered form is told, not ignored."""
        public_id = _uuid(self.cleaned_data["unit"])
        unit = Unit.all_objects.filter(public_id=public_id).first() if public_id else None
        if unit is None:
            self.add_error("unit", forms.ValidationError(_("Choose a unit of this municipality."), code="unit"))
        return unit


class PublishForm(forms.Form):
    public_answer = forms.CharField(label=_("Public answer"), required=False, max_length=TEXT_MAX,
                                    widget=forms.Textarea(attrs={"rows": 4}))
    publication = forms.ChoiceField(label=_("Publication"), choices=Publication.choices, error_messages={
        "required": _("Choose whether the feedback is public."),
        "invalid_choice": _("Choose one of the given choices.")})


class DuplicateForm(forms.Form):
    """The feedback is the same as another: one of the possible duplicates found when it arrived,
    or any feedback of the municipality by its reference; "none" clears an earlier marking."""

    of = forms.CharField(label=_("Same as"), required=False, max_length=40)
    reference = forms.CharField(label=_("Or the reference of the other feedback"), required=False, max_length=40)

    def __init__(self, data=None, *, feedback, links=(), **kwargs):
        super().__init__(data, **kwargs)
        self.feedback = feedback
        self.links = list(links)

    def clean(self):
        data = super().clean()
        of, reference = data.get("of", ""), (data.get("reference") or "").strip()
        if of == "none" and not reference:
            data["target"] = None
            return data
        if of and not reference:
            target = next((link.other for link in self.links if str(link.other.public_id) == of), None)
            if target is None:
                self.add_error("of", forms.ValidationError(_("Choose one of the possible duplicates."),
                                                           code="invalid_choice"))
            data["target"] = target
            return data
        if not reference:
            self.add_error("reference", forms.ValidationError(
                _("Choose a possible duplicate or write the other feedback’s reference."), code="required"))
            return data
        target = Feedback.all_objects.filter(municipality_id=self.feedback.municipality_id,
                                             reference__iexact=reference).first()
        if target is None:
            self.add_error("reference", forms.ValidationError(
                _("No feedback has the reference “%(reference)s”."), code="unknown", params={"reference": reference}))
        data["target"] = target
        return data


class RecordForm(forms.Form):
    """Feedback given by phone, at the desk, by email or by letter, written down by staff. The
    service checks the description, the place and the extra questions, as for a resident."""

    channel = forms.ChoiceField(label=_("How was the feedback given?"),
                                choices=[(c, Channel(c).label) for c in STAFF_CHANNELS],
                                error_messages={"required": _("Choose how the feedback was given."),
                                                "invalid_choice": _("Choose one of the given choices.")})
    language = forms.ChoiceField(label=_("The reporter’s language"), error_messages={
        "required": _("Choose the reporter’s language."), "invalid_choice": _("Choose one of the given choices.")})
    category = forms.ChoiceField(label=_("Category"), error_messages={
        "required": _("Choose a category."), "invalid_choice": _("Choose a category from the list.")})
    kind = forms.ChoiceField(label=_("Kind of feedback"), choices=Kind.choices, error_messages={
        "required": _("Choose the kind of feedback."), "invalid_choice": _("Choose one of the given choices.")})
    description = forms.CharField(label=_("Description"), required=False, max_length=20000, widget=forms.Textarea)
    address = forms.CharField(label=_("Address (optional)"), required=False, max_length=200)
    latitude = forms.CharField(label=_("Latitude (optional)"), required=False, max_length=30)
    longitude = forms.CharField(label=_("Longitude (optional)"), required=False, max_length=30)
    first_name = forms.CharField(label=_("First name"), required=False, max_length=100)
    last_name = forms.CharField(label=_("Last name"), required=False, max_length=100)
    email = forms.EmailField(label=_("Email"), required=False, max_length=254, error_messages={
        "invalid": _("Write the email address in the form name@example.fi.")})
    phone = forms.CharField(label=_("Phone"), required=False, max_length=40)

    def __init__(self, data=None, *, municipality, categories, language, **kwargs):
        super().__init__(data, initial={"language": language, "channel": Channel.PHONE}, **kwargs)
        self.categories = {c.code: c for c in categories}
        self.fields["category"].choices = [("", _("Choose a category")),
                                           *[(c.code, tr(c.name)) for c in categories]]
        self.fields["language"].choices = _language_choices(municipality)
        # The categories' extra questions, each under its category (only the chosen one's count).
        self.questions = []
        for category in categories:
            specs = sorted((a for a in category.attributes or [] if isinstance(a, dict) and a.get("code")),
                           key=lambda a: a.get("order") or 0)
            if specs:
                self.questions.append((category, [self._question(category, spec) for spec in specs]))

    def _question(self, category, spec):
        name = f"attr-{category.code}-{spec['code']}"
        label = tr(spec.get("description") or {}) or spec["code"]
        choices = [(str(v.get("key")), tr(v.get("name") or {}) or str(v.get("key"))) for v in spec.get("values") or []]
        if spec.get("datatype") == "multivaluelist":
            field = forms.MultipleChoiceField(label=label, required=False, choices=choices,
                                              widget=forms.CheckboxSelectMultiple)
        elif spec.get("datatype") == "singlevaluelist":
            field = forms.ChoiceField(label=label, required=False, choices=[("", "–"), *choices])
        else:
            field = forms.CharField(label=label, required=False, max_length=1000)
        field.attribute_code = spec["code"]
        self.fields[name] = field
        return self[name]

    def chosen_category(self):
        return self.categories.get(self.cleaned_data.get("category"))

    def attributes(self) -> dict:
        category = self.chosen_category()
        prefix = f"attr-{category.code}-"
        return {self.fields[name].attribute_code: value for name, value in self.cleaned_data.items()
                if name.startswith(prefix)}


def _language_choices(municipality):
    names = {"fi": _("Finnish"), "sv": _("Swedish"), "en": _("English")}
    return [(code, names.get(code, code)) for code in (municipality.languages or ["fi"])]
