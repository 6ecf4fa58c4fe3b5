"""Offers in My cases, beside the resident's cases: their own and those of the children they act
for. An offer waiting for an answer needs action; the status is said in plain words."""

from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext as _

from luukku.cases.items import MyItem, my_item_providers
from luukku.core import clock
from luukku.core.compiled import compiled_query
from luukku.core.links import url_for_each
from luukku.core.translation import tr

from . import selectors
from .models import Mode, OfferStatus

MAX_ITEMS = 200
# What offer_items and status_text read of an offer and its rule and answerer.
ITEM_FIELDS = ("public_id", "reference", "person_id", "mode", "status", "deadline", "updated_at", "answered_at",
               "rule", "rule__name", "rule__offer_title",
               "answered_by", "answered_by__first_names", "answered_by__last_name")


def _date(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "astimezone"):
        value = value.astimezone(clock.HELSINKI).date()
    return value.strftime("%-d.%-m.%Y")


def needs_answer(offer) -> bool:
    return offer.status == OfferStatus.OFFERED and offer.mode != Mode.INFORMATION


def status_text(offer, language: str) -> str:
    """One sentence on where the offer stands, in `language`: who answered and when, once someone
    has (the other guardian sees the outcome)."""
    with translation.override(language):
        name = offer.answered_by.full_name if offer.answered_by_id and offer.answered_by else ""
        values = {"name": name, "date": _date(offer.answered_at), "deadline": _date(offer.deadline)}
        status = offer.status
        if status == OfferStatus.OFFERED:
            if offer.mode == Mode.INFORMATION:
                return _("Information for you: you do not need to answer.")
            if offer.deadline:
                return _("Waiting for your answer by %(deadline)s.") % values
            return _("Waiting for your answer.")
        if status == OfferStatus.DECIDED:
            if offer.deadline:
                return _("Decided automatically. You do not need to do anything. If you want a change, "
                         "ask for it by %(deadline)s.") % values
            return _("Decided automatically. You do not need to do anything.")
        if name and status == OfferStatus.ACCEPTED:
            return _("Accepted by %(name)s on %(date)s.") % values
        if name and status == OfferStatus.DECLINED:
            return _("Declined by %(name)s on %(date)s.") % values
        if name and status == OfferStatus.CHANGE_REQUESTED:
            return _("%(name)s asked for a change on %(date)s. The request is handled as a case.") % values
        if status == OfferStatus.NO_ANSWER:
            return _("Nobody answered by the deadline. Contact us if you still want the place.")
        if status == OfferStatus.WAITING_LIST:
            return _("Every place near you is taken for now, so the child is on the waiting list. "
                     "We will contact you when we can offer a place.")
        if status == OfferStatus.INFORMED:
            return _("Information for you: you do not need to answer.")
        if status == OfferStatus.WITHDRAWN:
            return _("The offer was withdrawn.")
        label = str(OfferStatus(status).label) if status in OfferStatus.values else status
        return label[:1].upper() + label[1:]


@compiled_query("proactive.my_items")
def _offers(municipality_id: int, person_ids: tuple[int, ...]) -> QuerySet:
    return (selectors.offers_of(municipality_id, person_ids).select_related(None).select_related("rule", "answered_by")
            .only(*ITEM_FIELDS)[:MAX_ITEMS])


@my_item_providers.register("proactive")
def offer_items(person, language: str) -> list[MyItem]:
    from luukku.cases.selectors import acted_for

    # Offers are the guardians' to answer (services.may_answer): a mandate for chosen services does not show them.
    others = [p for p, m in acted_for(person) if p.pk != person.pk and m is not None and not m.limited]
    # Only the columns below, and the people from the acted-for list: most residents have no offers,
    # and compiling five wide select_related tables cost more than the page's other queries together.
    offers = _offers(person.municipality_id, (person.pk, *[p.pk for p in others]))
    if not offers:
        return []
    people = {p.pk: p for p in (person, *others)}
    url_for = url_for_each("proactive:offer", "offer_id", municipality=person.municipality.slug, lang=language)
    items = []
    for offer in offers:
        items.append(MyItem(
            kind="proactive",
            title=tr(offer.rule.offer_title, language) or tr(offer.rule.name, language),
            reference=offer.reference,
            status=offer.status,
            status_text=status_text(offer, language),
            action_required=needs_answer(offer),
            updated_at=offer.updated_at,
            url=url_for(offer.public_id),
            concerns=people[offer.person_id],
            concerns_self=offer.person_id == person.pk,
        ))
    return items
