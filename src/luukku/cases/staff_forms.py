"""Forms of the back-office pages. They check the shape of what was sent; the rules (who may, which
status follows which, same municipality) stay in cases.services, whose refusals the views show
next to the form."""

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from luukku.core import clock
from luukku.core.compiled import compiled_query
from luukku.core.models import Role, StaffMembership, Unit
from luukku.core.translation import tr
from luukku.web.staff.forms import AssignForm, ButtonForm, unit_handlers, user_name  # noqa: F401 (shared)

from .models import OPEN_STATUSES, DecisionTemplate, PartnerOrganisation, Status
from .queues import DUE_FILTERS, QueueFilters
from .selectors import case_sub_statuses
from .services import TRANSITIONS

PER_PAGE = 50
TEXT_MAX = 5000

# Status changes that have a form of their own, which writes what the change needs
# (the decision document, the hand-over package, the question the resident answers).
OWN_FORM = {
    Status.DECIDED: _("Make the decision with the decision form: it writes the decision document."),
    Status.TRANSFERRED: _("Hand the case over to a partner organisation, or transfer it to another unit, "
                          "with their own forms."),
    Status.WAITING_FOR_RESIDENT: _("Send a request for information: the case then waits for the resident’s answer."),
}


def _choice_error(text):
    return {"invalid_choice": text}


class QueueFilterForm(forms.Form):
    """GET filters of a unit's queue. An unknown value is an error the page shows, never ignored."""

    status = forms.ChoiceField(label=_("Status"), required=False, error_messages=_choice_error(
        _("Unknown status “%(value)s”: choose one from the list.")))
    case_type = forms.ChoiceField(label=_("Case type"), required=False, error_messages=_choice_error(
        _("Unknown case type “%(value)s”: choose one from the list.")))
    due = forms.ChoiceField(label=_("Target date"), required=False, error_messages=_choice_error(
        _("Unknown target-date filter “%(value)s”: choose one from the list.")))
    assignee = forms.ChoiceField(label=_("Handler"), required=False, error_messages=_choice_error(
        _("Unknown handler “%(value)s”: choose one from the list.")))
    q = forms.CharField(label=_("Reference or resident’s name"), required=False, max_length=100)

    def __init__(self, data, *, case_types, handlers, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["status"].choices = [("open", _("Open")), ("all", _("All")), *Status.choices]
        self.fields["case_type"].choices = [("", _("All case types")),
                                            *[(ct.slug, tr(ct.name)) for ct in case_types]]
        self.fields["due"].choices = [("", _("Any")), *zip(DUE_FILTERS, (
            _("Overdue"), _("Due soon"), _("On time"), _("No target date")), strict=True)]
        self.fields["assignee"].choices = [("", _("Anyone")), ("me", _("Me")), ("none", _("Unassigned")),
                                           *[(str(u.pk), user_name(u)) for u in handlers]]

    def filters(self) -> QueueFilters:
        data = self.cleaned_data
        return QueueFilters(status=data["status"] or "open", case_type=data["case_type"], due=data["due"],
                            assignee=data["assignee"], q=data["q"])


ClaimForm = ButtonForm


def offered_statuses(case) -> list[str]:
    """The statuses this form offers: the allowed next ones, less those with a form of their own;
    the current one too while the case type has sub-statuses for it (a step inside a status)."""
    offered = [s for s in Status.values if s in TRANSITIONS.get(case.status, set()) and s not in OWN_FORM]
    if case.status in OPEN_STATUSES and any(s.status == case.status for s in case_sub_statuses(case)):
        offered.insert(0, case.status)
    return offered


class StatusForm(forms.Form):
    status = forms.CharField(label=_("New status"), error_messages={"required": _("Choose the new status.")})
    sub_status = forms.CharField(label=_("Sub-status (optional)"), required=False, max_length=40)
    reason = forms.CharField(label=_("Reason (optional)"), required=False, max_length=TEXT_MAX,
                             widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, data=None, *, case, **kwargs):
        super().__init__(data, **kwargs)
        self.case = case
        self.offered = offered_statuses(case)
        self.sub_statuses = case_sub_statuses(case)
        # For the page: the statuses offered, and the sub-statuses under them.
        self.status_choices = [(s, Status(s).label) for s in self.offered]
        self.sub_choices = [(s.code, f"{Status(s.status).label}: {s}") for s in self.sub_statuses
                            if s.status in self.offered]
        # The same grouped under their status (an optgroup each): the options stay short enough to read.
        self.sub_groups = [(Status(status).label, [(s.code, str(s)) for s in self.sub_statuses if s.status == status])
                           for status in self.offered if any(s.status == status for s in self.sub_statuses)]

    def fragment_key(self):
        """What the blank form shows (web.templatetags.fragments)."""
        return (self.case.status, self.offered, self.sub_statuses)

    def clean_status(self):
        value = self.cleaned_data["status"]
        if value in self.offered:
            return value
        if value in OWN_FORM and self.case.status in OPEN_STATUSES:
            raise forms.ValidationError(OWN_FORM[value], code="own_form")
        if value in Status.values:
            raise forms.ValidationError(
                _("A case that is “%(from)s” cannot be changed to “%(to)s”."), code="invalid_transition",
                params={"from": Status(self.case.status).label, "to": Status(value).label})
        raise forms.ValidationError(_("Choose one of the statuses offered."), code="invalid_choice")

    def clean_sub_status(self):
        value = self.cleaned_data["sub_status"]
        if value and value not in {s.code for s in self.sub_statuses}:
            raise forms.ValidationError(_("Choose one of the sub-statuses offered."), code="invalid_choice")
        return value or None

    def clean(self):
        data = super().clean()
        if data.get("status") == self.case.status and not data.get("sub_status") and "sub_status" not in self.errors:
            self.add_error("sub_status", forms.ValidationError(
                _("The case already is “%(status)s”: choose a sub-status, or another status."), code="required",
                params={"status": Status(self.case.status).label}))
        return data


class TextForm(forms.Form):
    """A note, a message or a request for information: one text (the service says when it is empty)."""

    body = forms.CharField(label=_("Text"), required=False, max_length=TEXT_MAX, widget=forms.Textarea)


class NoteForm(TextForm):
    body = forms.CharField(label=_("Internal note"), required=False, max_length=20000, widget=forms.Textarea)


class TransferForm(forms.Form):
    unit = forms.CharField(label=_("Unit"), required=False, max_length=40)
    reason = forms.CharField(label=_("Reason (the resident sees it)"), required=False, max_length=TEXT_MAX,
                             widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, data=None, *, case, **kwargs):
        super().__init__(data, **kwargs)
        self.units = _other_units(case.municipality_id, case.unit_id)

    def fragment_key(self):
        return self.units

    def chosen(self):
        """The unit named, looked up in every municipality: the service refuses another's with a
        message (and an unknown id the same way), so a tampered form is told, not ignored."""
        import uuid

        try:
            public_id = uuid.UUID(self.cleaned_data["unit"])
        except ValueError:
            return None
        return Unit.all_objects.filter(public_id=public_id).first()


class HandoverForm(forms.Form):
    partner = forms.CharField(label=_("Partner organisation"), required=False, max_length=40)
    reason = forms.CharField(label=_("Reason (the resident sees it)"), required=False, max_length=TEXT_MAX,
                             widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, data=None, *, case, **kwargs):
        super().__init__(data, **kwargs)
        self.partners = _partners(case.municipality_id)

    def fragment_key(self):
        return self.partners

    def chosen(self):
        return next((p for p in self.partners if str(p.public_id) == self.cleaned_data["partner"]), None)


@compiled_query("cases.other_units")
def _other_units(municipality_id: int, unit_id: int) -> QuerySet:
    return Unit.all_objects.filter(municipality_id=municipality_id).exclude(pk=unit_id).order_by("slug")


@compiled_query("cases.partners")
def _partners(municipality_id: int) -> QuerySet:
    # Meta.ordering's "municipality" sorts nothing within one municipality, only joins core_municipality
    return PartnerOrganisation.all_objects.filter(municipality_id=municipality_id, active=True).order_by("id")


@compiled_query("cases.decision_templates")
def _decision_templates(municipality_id: int, case_type_id: int) -> QuerySet:
    return DecisionTemplate.all_objects.filter(
        Q(case_type__isnull=True) | Q(case_type_id=case_type_id), municipality_id=municipality_id,
        active=True).order_by("id")  # as Meta.ordering within one municipality, without its join


def decision_templates(case):
    """Templates in use for the case's type, and the general ones."""
    return _decision_templates(case.municipality_id, case.case_type_id)


class DecisionForm(forms.Form):
    """The template's fields, kept as typed: cases.decisions.clean_values (through the service)
    checks them and names every missing or bad one, which the page shows next to its field."""

    def __init__(self, data=None, *, template, language, **kwargs):
        super().__init__(data, **kwargs)
        self.template = template
        self.specs = [f for f in (template.fields or []) if isinstance(f, dict) and f.get("key")]
        for spec in self.specs:
            kind = spec.get("type") or "text"
            field = forms.CharField(label=tr(spec.get("label") or {}, language) or spec["key"], required=False,
                                    max_length=20000 if kind == "textarea" else TEXT_MAX)
            field.kind = kind
            field.required_mark = bool(spec.get("required"))
            field.options = [(str(c.get("value")), tr(c.get("label") or {}, language) or str(c.get("value")))
                             for c in spec.get("choices") or [] if isinstance(c, dict)]
            self.fields[spec["key"]] = field

    def values(self) -> dict:
        return {key: value for key, value in self.cleaned_data.items() if value not in (None, "")}
