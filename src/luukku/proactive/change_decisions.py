"""The decision that ends a change-request case, in the applicant's language: another unit was
offered, or the change was refused and why. The case's PDF and appeal instructions come from
cases.services.decide."""

from django.utils import translation
from django.utils.translation import gettext as _

from luukku.core.translation import tr

from .messages import to_child


def _date(value) -> str:
    return value.strftime("%-d.%-m.%Y") if value else ""


def decision_text(offer, outcome: str, text: str, language: str) -> tuple[str, str]:
    """(title, body). `outcome`: "reoffered" (text: the handler's note) or "refused" (text: why)."""
    with translation.override(language):
        values = {"reference": offer.reference,
                  "child_to": to_child(offer.person.first_names.split(" ")[0], language),
                  "unit": tr(offer.placement_unit.name, language) if offer.placement_unit_id else "",
                  "deadline": _date(offer.deadline), "starts": _date(offer.starts_on), "text": text}
        if outcome == "reoffered":
            title = _("Your change request was granted: another place is offered")
            body = [_("We have handled your request to change the offer %(reference)s.") % values,
                    _("Instead, we offer %(child_to)s a place at this unit: %(unit)s.") % values]
            if offer.starts_on:
                body.append(_("The place starts on %(starts)s.") % values)
        else:
            title = _("Your change request was not granted")
            body = [_("We have handled your request to change the offer %(reference)s."),
                    _("The change cannot be made. Reason: %(text)s")]
            body = [line % values for line in body]
            if offer.placement_unit_id:
                body.append(_("The place first offered stays open for you: %(unit)s.") % values)
        if offer.status == "offered":
            body.append(_("Accept the offer, ask for a change or decline it by %(deadline)s in My cases.") % values)
        if outcome == "reoffered" and text:
            body.append(text)
        return str(title), "\n\n".join(str(line) for line in body)
