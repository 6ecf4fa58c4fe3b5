"""The text of each kind of notification, in the person's language. Messages name the case and
say where to read more; they never carry the decision, the answers or an address."""

from django.utils import translation
from django.utils.translation import gettext as _

from luukku.core.translation import tr


def render(kind: str, *, person, case=None, language: str, context: dict) -> tuple[str, str, str]:
    """(subject, body, link)."""
    with translation.override(language):
        municipality = tr(person.municipality.name, language)
        reference = case.reference if case is not None else ""
        subject = _("%(municipality)s: news about your case %(reference)s") % {
            "municipality": municipality, "reference": reference}
        body = _("There is news about your case %(reference)s. Read it in My cases.") % {"reference": reference}
        link = ""
        if case is not None:
            link = f"/{person.municipality.slug}/{language}/omat-asiat/{case.public_id}/"
        return subject, body, link
