"""Forms of the resident's feedback pages. They only shape the input: the rules (description length,
place inside the municipality, extra questions, photos) live in services so every channel shares them."""

from django import forms
from django.utils.translation import gettext_lazy as _

from luukku.core.translation import tr

from .models import Kind

SCORES = [("5", _("5 – very good")), ("4", _("4 – good")), ("3", _("3 – fair")), ("2", _("2 – poor")),
          ("1", _("1 – very poor"))]


def attribute_field_name(category, code) -> str:
    return f"attr-{category.code}-{code}"


def _attribute_field(spec, language):
    """A form field for one Open311 attribute. Never required here: only the chosen category's
    questions count, and services.check_attributes says which are missing."""
    label = tr(spec.get("description") or {}, language) or spec.get("code", "")
    choices = [(str(v.get("key")), tr(v.get("name") or {}, language) or str(v.get("key")))
               for v in spec.get("values") or []]
    datatype = spec.get("datatype", "string")
    if datatype == "singlevaluelist":
        return forms.ChoiceField(label=label, choices=choices, required=False, widget=forms.RadioSelect)
    if datatype == "multivaluelist":
        return forms.MultipleChoiceField(label=label, choices=choices, required=False,
                                         widget=forms.CheckboxSelectMultiple)
    if datatype == "text":
        return forms.CharField(label=label, required=False, max_length=1000,
                               widget=forms.Textarea(attrs={"rows": 3}))
    return forms.CharField(label=label, required=False, max_length=1000)


class FeedbackForm(forms.Form):
    kind = forms.ChoiceField(label=_("What kind of feedback is it?"), choices=Kind.choices,
                             widget=forms.RadioSelect,
                             error_messages={"required": _("Choose the kind of feedback."),
                                             "invalid_choice": _("Choose the kind of feedback.")})
    category = forms.ChoiceField(label=_("What is it about?"), widget=forms.RadioSelect,
                                 error_messages={"required": _("Choose what the feedback is about."),
                                                 "invalid_choice": _("Choose what the feedback is about.")})
    title = forms.CharField(label=_("Title"), required=False, max_length=200)
    # Length is checked by services.check_description (the same message in every channel).
    description = forms.CharField(label=_("Your feedback"), required=False, strip=False,
                                  widget=forms.Textarea(attrs={"rows": 8, "aria-describedby": "description-hint"}))
    address = forms.CharField(label=_("Address or place"), required=False, max_length=200,
                              widget=forms.TextInput(attrs={"autocomplete": "street-address",
                                                            "aria-describedby": "location-hint"}))
    latitude = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)
    longitude = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)
    first_name = forms.CharField(label=_("First name"), required=False, max_length=100,
                                 widget=forms.TextInput(attrs={"autocomplete": "given-name"}))
    last_name = forms.CharField(label=_("Last name"), required=False, max_length=100,
                                widget=forms.TextInput(attrs={"autocomplete": "family-name"}))
    email = forms.EmailField(label=_("Email"), required=False,
                             error_messages={"invalid": _("Check the email address, for example name@example.fi.")},
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    phone = forms.CharField(label=_("Phone"), required=False, max_length=40,
                            widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}))
    # Set by the "Send mine anyway" button after similar reports nearby were shown.
    confirm = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, categories=(), language="fi", **kwargs):
        super().__init__(*args, **kwargs)
        self.categories = list(categories)
        self.fields["category"].choices = [(c.code, tr(c.name, language) or c.code) for c in self.categories]
        self.question_groups = []  # [(category, [field names])] for the template
        for category in self.categories:
            names = []
            for spec in sorted(category.attributes or [], key=lambda a: a.get("order") or 0):
                if not spec.get("code"):
                    continue
                name = attribute_field_name(category, spec["code"])
                self.fields[name] = _attribute_field(spec, language)
                names.append(name)
            if names:
                self.question_groups.append((category, names))

    def chosen_category(self):
        code = self.data.get("category") if self.is_bound else None
        return next((c for c in self.categories if c.code == code), None)

    def answers_for(self, category) -> dict:
        """The raw answers to `category`'s questions, by attribute code (for services.check_attributes)."""
        answers = {}
        for spec in category.attributes or []:
            if not spec.get("code"):
                continue
            name = attribute_field_name(category, spec["code"])
            if spec.get("datatype") == "multivaluelist":
                answers[spec["code"]] = self.data.getlist(name)
            else:
                answers[spec["code"]] = self.data.get(name, "")
        return answers


def group_categories(categories, language: str, chosen: str = "") -> list[dict]:
    """The categories by theme (Category.group) in their order, for one fieldset per theme; a theme
    is open when it holds the chosen category (or when there is only one). Ungrouped ones come last."""
    groups: dict = {}
    for category in categories:
        name = tr(category.group, language) if category.group else ""
        groups.setdefault(name, []).append(category)
    if "" in groups:
        groups[str(_("Other matters"))] = groups.pop("")
    return [{"name": name, "categories": items, "index": index,
             "open": len(groups) == 1 or any(c.code == chosen for c in items)}
            for index, (name, items) in enumerate(groups.items(), start=1)]


class RatingForm(forms.Form):
    score = forms.ChoiceField(label=_("How well was your feedback handled?"), choices=SCORES,
                              widget=forms.RadioSelect,
                              error_messages={"required": _("Choose a rating from 1 to 5."),
                                              "invalid_choice": _("Choose a rating from 1 to 5.")})
    comment = forms.CharField(label=_("Comment (optional)"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 4}))
    reopen = forms.BooleanField(label=_("My matter was not resolved: please look at it again"), required=False)


def mark_invalid(form):
    """aria-invalid and the message's id on every field with an error (the template prints
    `<p id="<field id>-error">`)."""
    for name in form.errors:
        if name in form.fields:
            widget = form.fields[name].widget
            field_id = form[name].auto_id
            described = " ".join(filter(None, [widget.attrs.get("aria-describedby", ""), f"{field_id}-error"]))
            widget.attrs.update({"aria-invalid": "true", "aria-describedby": described})
