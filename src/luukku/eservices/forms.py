"""A Django form for one page of a form definition, built from its FormFields.

Conditions ("show B when A = x") are evaluated on the server from what the resident has given so far
(earlier pages from the draft, this page from the post), so they work without JavaScript: a hidden
field is not rendered, not required and its stale value is dropped. Values are stored in the draft
as JSON: dates ISO, numbers as strings, addresses as {street, postal_code, post_office}, multiple
choices as lists, a child as the child's public id; files become Attachment rows.
"""

import datetime
import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from luukku.core.translation import tr

from . import checks, prefill
from .attachments import check_upload
from .models import FieldType

DATE_FORMATS = ["%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d", "%d/%m/%Y"]
ADDRESS_PARTS = (
    ("street", gettext_lazy("Street address"), "street-address"),
    ("postal_code", gettext_lazy("Postal code"), "postal-code"),
    ("post_office", gettext_lazy("Post office"), "address-level2"),
)
PROTECTED_TEXT = gettext_lazy("Protected address: from the population register, not shown.")
PHONE_RE = re.compile(r"^\+?[0-9][0-9 ()\-]{4,24}$")
POSTAL_CODE_RE = re.compile(r"^[0-9]{5}$")
CHOICE_TYPES = {FieldType.CHOICE, FieldType.MULTI_CHOICE, FieldType.YES_NO, FieldType.CHILD}


def validate_phone(value):
    digits = sum(ch.isdigit() for ch in value)
    if not PHONE_RE.match(value) or not 7 <= digits <= 15:
        raise ValidationError(_("Enter a phone number, for example 040 123 4567 or +358 40 123 4567."), code="phone")


def validate_postal_code(value):
    if value and not POSTAL_CODE_RE.match(value):
        raise ValidationError(_("A postal code has five digits, for example 00100."), code="postal_code")


class CommaDecimalField(forms.DecimalField):
    """Accepts the Finnish decimal comma (12,5)."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
        return super().to_python(value)


def condition_met(field, values: dict, visible: set) -> bool:
    if not field.condition_field:
        return True
    if field.condition_field not in visible:
        return False  # a field shown only after a hidden one is hidden too
    value = values.get(field.condition_field)
    if isinstance(value, list):
        return field.condition_value in [str(v) for v in value]
    return str(value if value is not None else "") == field.condition_value


def visible_keys(fields, values: dict) -> set:
    """Keys of the fields shown, in definition order (a condition names an earlier field)."""
    visible: set = set()
    for field in fields:
        if condition_met(field, values, visible):
            visible.add(field.key)
    return visible


def choice_list(field, language) -> list[tuple[str, str]]:
    if field.type == FieldType.YES_NO:
        return [("yes", _("Yes")), ("no", _("No"))]
    out = []
    for choice in field.choices or []:
        if isinstance(choice, dict) and choice.get("value") not in (None, ""):
            label = choice.get("label")
            out.append((str(choice["value"]), tr(label, language) if isinstance(label, dict) else str(label or choice["value"])))
    return out


def display_value(field, value, language, children=None) -> str:
    """A stored value as the resident reads it on the review page and in the receipt."""
    if value in (None, "", [], {}):
        return ""
    if field.type in (FieldType.CHOICE, FieldType.YES_NO, FieldType.MULTI_CHOICE):
        labels = dict(choice_list(field, language))
        values = value if isinstance(value, list) else [value]
        return ", ".join(labels.get(str(v), str(v)) for v in values)
    if field.type == FieldType.ADDRESS and prefill.is_protected_address(value):
        return str(PROTECTED_TEXT)
    if field.type == FieldType.ADDRESS and isinstance(value, dict):
        return ", ".join(
            p for p in [value.get("street", ""), f"{value.get('postal_code', '')} {value.get('post_office', '')}".strip()] if p
        )
    if field.type == FieldType.DATE:
        try:
            return datetime.date.fromisoformat(str(value)).strftime("%-d.%-m.%Y")
        except ValueError:
            return str(value)
    if field.type == FieldType.CHILD:
        names = {str(child.public_id): child.full_name for child in (children or [])}
        return names.get(str(value), "")
    return str(value)


class PageForm(forms.Form):
    """One page. `partial` (Back, Save and exit) keeps what is typed without requiring the rest."""

    def __init__(self, data=None, files=None, *, draft, page, all_fields, children, language,
                 attachments=None, partial=False):
        super().__init__(data, files)
        self.draft = draft
        self.page = page
        self.all_fields = list(all_fields)
        self.page_fields = [f for f in self.all_fields if f.page_id == page.pk]
        self.children = list(children)
        self.language = language
        self.partial = partial
        self.attachments = attachments or {}  # field key -> [Attachment]
        self.names: dict[str, list[str]] = {}
        self.protected: set[str] = set()  # address fields holding a protected address: nothing asked
        prefilled = set(draft.prefilled or [])
        for field in self.page_fields:
            locked = (
                field.key in prefilled and field.prefill and not prefill.is_editable(field.prefill)
                and field.type != FieldType.CHILD
            )
            self._add(field, draft.data.get(field.key), locked)

    # --- building -----------------------------------------------------------------------------

    def _required(self, field) -> bool:
        # Conditional fields are checked in clean(), once it is known whether they are shown.
        if self.partial or field.condition_field:
            return False
        if field.type == FieldType.FILE:
            return field.required and not self.attachments.get(field.key)
        return field.required

    def _add(self, field, stored, locked):
        label = tr(field.label, self.language) or field.key
        required = self._required(field)
        kind = field.type
        if kind == FieldType.ADDRESS and prefill.is_protected_address(stored):
            # Turvakielto: the register has the address; the form neither shows nor asks it.
            self.protected.add(field.key)
            self.names[field.key] = []
            return
        if kind == FieldType.ADDRESS:
            names = []
            stored = stored if isinstance(stored, dict) else {}
            for part, part_label, autocomplete in ADDRESS_PARTS:
                name = f"{field.key}__{part}"
                validators = [validate_postal_code] if part == "postal_code" else []
                self.fields[name] = forms.CharField(
                    label=part_label, required=required, max_length=5 if part == "postal_code" else 200,
                    validators=validators, initial=stored.get(part, ""), disabled=locked,
                    widget=forms.TextInput(attrs={"autocomplete": autocomplete}),
                )
                names.append(name)
            self.names[field.key] = names
            return
        common = {"label": label, "required": required, "disabled": locked}
        if kind == FieldType.TEXT:
            f = forms.CharField(max_length=500, initial=stored, **common)
        elif kind == FieldType.LONG_TEXT:
            f = forms.CharField(max_length=5000, initial=stored, widget=forms.Textarea(attrs={"rows": 6}), **common)
        elif kind == FieldType.NUMBER:
            f = CommaDecimalField(max_digits=15, decimal_places=4, initial=stored,
                                  widget=forms.TextInput(attrs={"inputmode": "decimal"}), **common)
        elif kind == FieldType.DATE:
            initial = None
            if stored:
                try:
                    initial = datetime.date.fromisoformat(str(stored)).strftime("%-d.%-m.%Y")
                except ValueError:
                    initial = None
            f = forms.DateField(input_formats=DATE_FORMATS, initial=initial,
                                error_messages={"invalid": _("Enter the date as day.month.year: dd.mm.yyyy.")},
                                widget=forms.TextInput(attrs={"inputmode": "numeric"}), **common)
        elif kind == FieldType.EMAIL:
            f = forms.EmailField(max_length=254, initial=stored,
                                 widget=forms.EmailInput(attrs={"autocomplete": "email"}), **common)
        elif kind == FieldType.PHONE:
            f = forms.CharField(max_length=40, initial=stored, validators=[validate_phone],
                                widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}), **common)
        elif kind in (FieldType.CHOICE, FieldType.YES_NO):
            f = forms.ChoiceField(choices=choice_list(field, self.language), initial=stored,
                                  widget=forms.RadioSelect, **common)
        elif kind == FieldType.MULTI_CHOICE:
            f = forms.MultipleChoiceField(choices=choice_list(field, self.language),
                                          initial=stored if isinstance(stored, list) else [],
                                          widget=forms.CheckboxSelectMultiple, **common)
        elif kind == FieldType.CHILD:
            f = forms.ChoiceField(
                choices=[(str(child.public_id), child.full_name) for child in self.children], initial=stored,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": _("Choose one of the children in your care shown here.")},
                **common,
            )
        elif kind == FieldType.FILE:
            f = forms.FileField(required=required, label=label, allow_empty_file=False,
                                error_messages={"empty": _("The file is empty.")})
        else:  # an unknown type in the database: show nothing rather than fail
            return
        self.fields[field.key] = f
        self.names[field.key] = [field.key]

    # --- values -------------------------------------------------------------------------------

    def _raw(self, field):
        """This page's value as posted (or stored when not bound), for evaluating conditions."""
        if not self.is_bound:
            return self.draft.data.get(field.key)
        if field.type == FieldType.MULTI_CHOICE:
            return self.data.getlist(field.key) if hasattr(self.data, "getlist") else self.data.get(field.key)
        if field.type in CHOICE_TYPES:
            return self.data.get(field.key)
        return self.draft.data.get(field.key)

    def current_values(self) -> dict:
        values = dict(self.draft.data)
        for field in self.page_fields:
            if field.key in self.fields and field.type in CHOICE_TYPES:
                if self.fields[field.key].disabled:
                    continue
                values[field.key] = self._raw(field)
        return values

    def visible(self) -> set:
        return visible_keys(self.all_fields, self.current_values())

    def clean(self):
        cleaned = super().clean()
        visible = self.visible()
        for field in self.page_fields:
            names = self.names.get(field.key, [])
            if field.key not in visible:
                for name in names:  # not shown: nothing to check, nothing to keep
                    self._errors.pop(name, None)
                    cleaned.pop(name, None)
                continue
            if field.type == FieldType.FILE and field.key in cleaned and cleaned[field.key]:
                try:
                    check_upload(cleaned[field.key])
                except ValidationError as error:
                    self.add_error(field.key, error)
                    continue
            if field.condition_field and field.required and not self.partial:
                if field.type == FieldType.FILE:
                    missing = not cleaned.get(field.key) and not self.attachments.get(field.key)
                    if missing and field.key not in (self._errors or {}):
                        self.add_error(field.key, _("Add this file too: it is needed because of your answer."))
                    continue
                for name in names:
                    if cleaned.get(name) in (None, "", []) and name not in (self._errors or {}):
                        self.add_error(name, _("Answer this question too: it is needed because of your answer."))
        self._check_start(cleaned, visible)
        return cleaned

    def _check_start(self, cleaned, visible):
        """The service's start date may not have passed (eservices.checks); Back and Save keep it."""
        key = self.draft.case_type.start_date_field
        if self.partial or key not in visible or not any(f.key == key for f in self.page_fields):
            return
        past = checks.past_start(self.draft.case_type, cleaned.get(key))
        if past is not None and key not in (self._errors or {}):
            self.add_error(key, past.text(""))

    def page_values(self) -> dict:
        """{key: stored value} of this page's shown fields (after is_valid); files excluded."""
        visible = self.visible()
        out = {}
        for field in self.page_fields:
            if field.key not in visible or field.type == FieldType.FILE or field.key not in self.names:
                continue
            if field.key in self.protected:
                out[field.key] = dict(prefill.PROTECTED_ADDRESS)
                continue
            if field.type == FieldType.ADDRESS:
                value = {part: self.cleaned_data.get(f"{field.key}__{part}", "").strip()
                         for part, _label, _ac in ADDRESS_PARTS}
                out[field.key] = value if any(value.values()) else None
                continue
            value = self.cleaned_data.get(field.key)
            if isinstance(value, datetime.date):
                value = value.isoformat()
            elif isinstance(value, Decimal):
                value = format(value.normalize(), "f")
            elif isinstance(value, str):
                value = value.strip()
            out[field.key] = value if value not in ("", []) else None
        return out

    def uploads(self) -> list[tuple[str, object]]:
        visible = self.visible()
        return [
            (f.key, self.cleaned_data[f.key]) for f in self.page_fields
            if f.type == FieldType.FILE and f.key in visible and self.cleaned_data.get(f.key)
        ]

    # --- rendering ----------------------------------------------------------------------------

    def items(self) -> list[dict]:
        """What the template renders: the shown fields in order, with their bound fields."""
        visible = self.visible()
        prefilled = set(self.draft.prefilled or [])
        out = []
        for field in self.page_fields:
            if field.key not in visible or field.key not in self.names:
                continue
            if field.key in self.protected:
                out.append({"field": field, "key": field.key, "type": field.type, "protected_address": True,
                            "label": tr(field.label, self.language) or field.key, "hint": "", "required": False,
                            "bound": [], "first": None, "errors": [], "group": False, "describedby": "",
                            "prefilled": field.key in prefilled, "source": "register", "locked": True,
                            "attachments": []})
                continue
            bound = [self[name] for name in self.names[field.key]]
            errors = [e for bf in bound for e in bf.errors]
            hint = tr(field.help, self.language)
            describedby = " ".join(
                ([f"{field.key}-hint"] if hint else [])
                + ([f"{field.key}-prefilled"] if field.key in prefilled else [])
                + ([f"{field.key}-error"] if errors and field.type != FieldType.ADDRESS else [])
            )
            group = field.type in (FieldType.ADDRESS, FieldType.CHOICE, FieldType.YES_NO,
                                   FieldType.MULTI_CHOICE, FieldType.CHILD)
            if describedby and not group:
                for bf in bound:
                    bf.field.widget.attrs["aria-describedby"] = describedby
            if field.type == FieldType.ADDRESS:
                for bf in bound:
                    if bf.errors:
                        bf.field.widget.attrs["aria-describedby"] = f"{bf.auto_id}-error"
            out.append({
                "field": field,
                "key": field.key,
                "type": field.type,
                "label": tr(field.label, self.language) or field.key,
                "hint": hint,
                "required": field.required,
                "bound": bound,
                "first": bound[0],
                "errors": errors,
                "group": group,
                "describedby": describedby,
                "prefilled": field.key in prefilled,
                "source": prefill.source(field),
                "locked": bool(bound and bound[0].field.disabled),
                "attachments": self.attachments.get(field.key, []),
            })
        return out

    def error_list(self) -> list[tuple[str, str]]:
        """(anchor id, message) for the error summary at the top of the page."""
        out = []
        for name, errors in (self.errors or {}).items():
            anchor = ""
            if name in self.fields:
                anchor = self[name].auto_id if "__" in name else f"field-{name}"
            for error in errors:
                label = self.fields[name].label if name in self.fields else ""
                out.append((anchor, f"{label}: {error}" if label else str(error)))
        return out
