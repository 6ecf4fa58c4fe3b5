"""Decision templates: checking the handler's values, rendering the text, appeal instructions.

Placeholders in a template's title and text are {key} of its fields, plus {reference},
{applicant}, {subject}, {case_type}, {date} and {municipality}.
"""

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from luukku.core import clock
from luukku.core.translation import tr


def clean_values(template, values: dict, language: str) -> dict:
    """The template's fields from `values`, typed and trimmed; ValidationError({key: message})
    naming every missing or bad field."""
    raise NotImplementedError  # filled in by the decision-template work


def render(template, values: dict, case, language: str) -> tuple[str, str, str]:
    """(title, body, appeal_instructions) in `language` (falling back as translated text does)."""
    raise NotImplementedError


def default_appeal_instructions(municipality, language: str) -> str:
    """The municipality's general oikaisuvaatimusohje (hallintolaki 49 b–49 g §)."""
    with translation.override(language):
        name = tr(municipality.name, language)
        address = ", ".join(x for x in (tr(municipality.street_address, language), " ".join(
            x for x in (municipality.postal_code, tr(municipality.post_office, language)) if x)) if x)
        return _(
            "Request for a correction\n\n"
            "If you are not satisfied with this decision, you may ask for it to be corrected. A request for a "
            "correction is made in writing to %(authority)s. Address: %(address)s. Email: %(email)s.\n\n"
            "Time limit: the request must be made within 30 days of receiving the decision. A decision sent by "
            "post is deemed received on the seventh day after it was sent, unless shown otherwise; a decision "
            "sent electronically is deemed received on the third day after it was sent.\n\n"
            "Say in the request which decision it concerns, how you want it corrected and why. Give your name "
            "and contact details and sign the request, or send it through the e-service. Handling a request "
            "for a correction is free of charge. You cannot appeal directly to an administrative court."
        ) % {"authority": name, "address": address or "-", "email": municipality.email or "-"}


def now_local_date():
    return clock.now().astimezone(clock.HELSINKI).date()
