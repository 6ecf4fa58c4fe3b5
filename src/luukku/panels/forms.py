"""Staff forms: a survey with its questions in a text box, and a panel draw."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Question
from .services import MAX_SAMPLE

KINDS = {"single": Question.Kind.SINGLE, "multiple": Question.Kind.MULTIPLE, "scale": Question.Kind.SCALE,
         "text": Question.Kind.TEXT}


class SurveyForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200,
                            error_messages={"required": _("Give the survey a title.")})
    opens = forms.DateField(label=_("Opens on (d.m.yyyy)"), input_formats=["%d.%m.%Y", "%Y-%m-%d"],
                            error_messages={"required": _("Give the opening day."),
                                            "invalid": _("Give the day as d.m.yyyy, e.g. 1.3.2027.")})
    closes = forms.DateField(label=_("Closes after (d.m.yyyy)"), input_formats=["%d.%m.%Y", "%Y-%m-%d"],
                             error_messages={"required": _("Give the closing day."),
                                             "invalid": _("Give the day as d.m.yyyy, e.g. 31.3.2027.")})
    open_to_all = forms.BooleanField(label=_("Anyone may answer (not only the invited)"), required=False)
    questions = forms.CharField(
        label=_("Questions"), widget=forms.Textarea, max_length=20000,
        help_text=_("One question a line: the kind (single, multiple, scale or text), a colon, the question, "
                    "and for a choice its options after | signs. E.g. single: Do you use the library? | Yes | No"),
        error_messages={"required": _("Add at least one question.")})

    def clean_questions(self):
        questions = []
        for n, line in enumerate(self.cleaned_data["questions"].splitlines(), start=1):
            if not line.strip():
                continue
            kind, sep, rest = line.partition(":")
            parts = [p.strip() for p in rest.split("|")]
            if not sep or kind.strip().lower() not in KINDS or not parts[0]:
                raise forms.ValidationError(
                    _("Line %(n)d: start with single, multiple, scale or text, then a colon and the question.")
                    % {"n": n})
            questions.append({"kind": KINDS[kind.strip().lower()], "text": parts[0][:500],
                              "options": [p[:200] for p in parts[1:] if p]})
        if not questions:
            raise forms.ValidationError(_("Add at least one question."))
        return questions

    def times(self):
        tz = timezone.get_current_timezone()
        opens = timezone.make_aware(dt.datetime.combine(self.cleaned_data["opens"], dt.time()), tz)
        closes = timezone.make_aware(dt.datetime.combine(self.cleaned_data["closes"] + dt.timedelta(days=1),
                                                         dt.time()), tz)
        return opens, closes


class SampleForm(forms.Form):
    size = forms.IntegerField(label=_("Sample size"), min_value=1, max_value=MAX_SAMPLE,
                              error_messages={"required": _("Give the sample size."),
                                              "invalid": _("Give the sample size as a whole number."),
                                              "min_value": _("Give a sample size from 1 to %(limit_value)s.")
                                              % {"limit_value": MAX_SAMPLE},
                                              "max_value": _("Give a sample size from 1 to %(limit_value)s.")})
    seed = forms.CharField(label=_("Seed"), max_length=64,
                           help_text=_("Any word or number: the same seed draws the same people again."),
                           error_messages={"required": _("Give a seed: the same seed draws the same people again.")})
    by_rates = forms.BooleanField(label=_("Oversample the strata that answered least in earlier panels"),
                                  required=False)
    factors = forms.CharField(
        label=_("Oversampling factors"), required=False, widget=forms.Textarea, max_length=5000,
        help_text=_("Optional, one a line: a stratum, an equals sign and a factor from 1 to 5, "
                    "e.g. 18-29|00100|fi = 2"))

    def clean_factors(self):
        factors = {}
        for n, line in enumerate(self.cleaned_data["factors"].splitlines(), start=1):
            if not line.strip():
                continue
            key, sep, value = line.rpartition("=")
            try:
                number = float(value.strip().replace(",", "."))
            except ValueError:
                number = 0
            if not sep or not key.strip() or not 1 <= number <= 5:
                raise forms.ValidationError(_("Line %(n)d: write a stratum, = and a factor from 1 to 5.") % {"n": n})
            factors[key.strip()] = number
        return factors
