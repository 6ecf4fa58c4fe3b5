from django import forms
from django.utils.translation import gettext_lazy as _

MAX_FILES = 10


class MessageForm(forms.Form):
    body = forms.CharField(label=_("Message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5}),
                           error_messages={"required": _("Write a message.")})


class AnswerForm(forms.Form):
    body = forms.CharField(label=_("Your answer"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5}),
                           error_messages={"required": _("Write your answer.")})


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason (optional)"), max_length=1000, required=False,
                             widget=forms.Textarea(attrs={"rows": 3}))
    confirm = forms.BooleanField(label=_("Yes, withdraw my case"),
                                 error_messages={"required": _("Confirm that you want to withdraw the case.")})


class DecisionAnswerForm(forms.Form):
    answer = forms.ChoiceField(label=_("Your answer"), widget=forms.RadioSelect, choices=[
        ("accept", _("I accept")), ("decline", _("I decline"))],
        error_messages={"required": _("Choose whether you accept or decline."),
                        "invalid_choice": _("Choose whether you accept or decline.")})
    message = forms.CharField(label=_("Message to the handler (optional)"), max_length=2000, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))


class ReviewForm(forms.Form):
    grounds = forms.CharField(label=_("Why should the decision be corrected?"), max_length=10000,
                              widget=forms.Textarea(attrs={"rows": 8}),
                              error_messages={"required": _("Say why the decision should be corrected.")})
    demand = forms.CharField(label=_("How do you want the decision corrected? (optional)"), max_length=5000,
                             required=False, widget=forms.Textarea(attrs={"rows": 4}))


def uploaded_files(request, name="files"):
    files = request.FILES.getlist(name)
    return [f for f in files if f and f.name][:MAX_FILES + 1]
