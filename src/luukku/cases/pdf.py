"""PDF receipts and decisions (WeasyPrint, tagged PDF/UA-1 with the document's language and title)."""

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from luukku.core import clock
from luukku.core.translation import tr
from luukku.people import selectors as people_selectors

from . import decisions, selectors


def _render(template: str, context: dict, language: str) -> bytes:
    from weasyprint import HTML  # imported late: loading Pango is slow and only PDFs need it

    with translation.override(language):
        html = render_to_string(template, {**context, "language": language})
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")


def _common(case, language: str) -> dict:
    return {
        "case": case,
        "municipality_name": tr(case.municipality.name, language),
        "case_type_name": tr(case.case_type.name, language),
        "submitted_local": case.submitted_at.astimezone(clock.HELSINKI),
    }


def postal_address(person) -> str:
    """The person's address on one line; empty under a protected address (turvakielto)."""
    address = people_selectors.postal_address(person) or {}
    town = " ".join(x for x in (address.get("postal_code"), address.get("post_office")) if x)
    return ", ".join(x for x in (address.get("street"), town) if x)


def receipt_pdf(case, language: str) -> bytes:
    with translation.override(language):
        title = _("Receipt %(reference)s") % {"reference": case.reference}
        answers = selectors.answers(case, language)
    return _render("cases/pdf/receipt.html", {**_common(case, language), "title": title, "answers": answers},
                   language)


def decision_pdf(decision, language: str) -> bytes:
    """The decision in `language`: parties (names; the address only when not protected; never the
    identity code), the text, who decided and when, and the appeal instructions."""
    case = decision.case
    decider = decision.decided_by
    with translation.override(language):
        title = _("Decision %(reference)s: %(title)s") % {"reference": case.reference, "title": decision.title}
    return _render("cases/pdf/decision.html", {
        **_common(case, language), "title": title, "decision": decision,
        "decided_local": decision.decided_at.astimezone(clock.HELSINKI),
        "decider": (decider.get_full_name() or decider.get_username()) if decider else "",
        "unit_name": tr(case.unit.name, language),
        "applicant_address": postal_address(case.applicant),
        "appeal_instructions": decisions.appeal_text(decision, language),
    }, language)
