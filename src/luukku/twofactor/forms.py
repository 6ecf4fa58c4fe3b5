from django import forms
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"), max_length=40, strip=True,
        error_messages={"required": _("Enter the six-digit code from your authenticator app."),
                        "max_length": _("The code is six digits, or a recovery code of ten characters.")},
    )
