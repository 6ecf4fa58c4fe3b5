"""The questionnaire's page form (built from content.PAGES) and the staff's forms."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .content import RespondentLevel, VIEW_KEYS, valid_values
from .services import MAX_INVITATIONS

PREFIX = "q-"


class PageForm(forms.Form):
    """One page's answers. Every field is a choice of the question's own values; a name that is not a
    question of this page (a tampered form) is refused in words and ignored. `require_all` when the
    respondent moves on: each question is then answered, "don't know" included."""

    def __init__(self, data=None, *, questions, require_all=False, **kwargs):
        super().__init__(data, **kwargs)
        self.questions = tuple(questions)
        for question in self.questions:
            invalid = (_("Choose one of the three answers, or “Don’t know”.") if question in VIEW_KEYS
                       else _("Choose a level from 0 to 4, or “Don’t know”."))
            self.fields[PREFIX + question] = forms.ChoiceField(
                choices=[(v, v) for v in valid_values(question)], required=require_all,
                error_messages={"required": _("Answer this question, or choose “Don’t know”."),
                                "invalid_choice": invalid})

    def clean(self):
        names = {PREFIX + q for q in self.questions}
        if any(key.startswith(PREFIX) and key not in names for key in (self.data or {})):
            self.add_error(None, _("The form held an answer to a question that is not on this page; it was left "
                                   "out. Your other answers are saved."))
        return self.cleaned_data

    def valid_answers(self) -> dict:
        """What may be saved even when another answer of the page is refused: nothing typed is lost."""
        cleaned = getattr(self, "cleaned_data", {})
        return {q: cleaned[PREFIX + q] for q in self.questions
                if PREFIX + q not in self.errors and cleaned.get(PREFIX + q)}


class RoundForm(forms.Form):
    name = forms.CharField(label=_("Name of the round"), max_length=120,
                           error_messages={"required": _("Give the round a name, e.g. “Self-assessment 2026”."),
                                           "max_length": _("Keep the name under 120 characters.")})
    population = forms.IntegerField(
        label=_("Residents of the municipality"), min_value=1, max_value=10_000_000,
        help_text=_("Used to compare with municipalities of the same size class: small under 30 000, medium "
                    "30 000–99 999, large 100 000 or more."),
        error_messages={"required": _("Give the number of residents."),
                        "invalid": _("Give the number of residents as a whole number, e.g. 24500."),
                        "min_value": _("Give the number of residents as a whole number above zero."),
                        "max_value": _("No Finnish municipality has over 10 million residents: check the number.")})


class InviteForm(forms.Form):
    level = forms.ChoiceField(label=_("Organisational level"), choices=RespondentLevel.choices,
                              error_messages={"required": _("Choose the respondents’ organisational level."),
                                              "invalid_choice": _("Choose one of the three organisational levels.")})
    count = forms.IntegerField(label=_("Number of links"), min_value=1, max_value=MAX_INVITATIONS, initial=1,
                               error_messages={
                                   "required": _("Give the number of links to make."),
                                   "invalid": _("Give the number of links as a whole number."),
                               })

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        text = gettext("Make from 1 to %(max)d links at a time.") % {"max": MAX_INVITATIONS}
        self.fields["count"].error_messages.update({"min_value": text, "max_value": text})
