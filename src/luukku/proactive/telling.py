"""Telling the guardians (or the person) about an offer: one message per offer and recipient,
in the recipient's language, keyed so that a replay writes nothing twice. Only the child's first
name, the offer's title, the unit's name, the deadline and the link behind the login: never an
address. A text is rendered once per kind, language, unit and deadline, the name and the link put
in afterwards (a campaign tells 100 000 guardians)."""

import datetime as dt
import functools
import uuid
from typing import NamedTuple

from django.urls import NoReverseMatch, reverse

from luukku.core import clock
from luukku.core.translation import tr

from . import selectors
from .messages import to_child
from .models import Mode, OfferStatus, PlacementUnit, Rule


class Note(NamedTuple):
    """What a message about an offer may say: the child's first name, the offer's title, the unit's
    name, the deadline and the link behind the login. Never an address."""

    public_id: uuid.UUID
    kind: str
    first_names: str
    rule: Rule
    unit: PlacementUnit | None
    deadline: dt.date | None


def note(offer, kind: str | None = None) -> Note:
    return Note(offer.public_id, kind or kind_of(offer.status, offer.mode), offer.person.first_names, offer.rule,
                offer.placement_unit if offer.placement_unit_id else None, offer.deadline)


_ANY_ID = uuid.UUID(int=0)
_ANY = str(_ANY_ID)


@functools.lru_cache(maxsize=64)
def offer_path_of(slug: str, language: str) -> str:
    """The path with a placeholder id: one reverse() per municipality and language, not per offer."""
    kwargs = {"municipality": slug, "lang": language, "offer_id": _ANY_ID}
    try:
        return reverse("proactive:offer", kwargs=kwargs)
    except NoReverseMatch:
        return f"/{slug}/{language}/tarjoukset/{_ANY_ID}/"


def kind_of(status: str, mode: str) -> str:
    if status == OfferStatus.WAITING_LIST:
        return "offer.waiting_list"
    return {Mode.INFORMATION: "offer.information", Mode.AUTOMATIC: "offer.decided"}.get(mode, "offer.made")


def tell(told, municipality, reach, event: str = "made") -> None:
    """One notification per offer and recipient (a guardian, or the person), keyed so that a
    replay writes nothing twice. `told`: (Note, recipients) pairs."""
    from luukku.notify.services import unwritten, write_many

    texts = {}
    write_many(unwritten([m for about, recipients in told
                          for m in messages_about(about, recipients, municipality, reach, event, texts)]))


def messages_about(note, recipients, municipality, reach, event: str, texts: dict) -> list:
    """The messages about one offer to its recipients who can be reached (notify.services.Outgoing).
    `texts` keeps what was rendered (and the offered languages) across calls."""
    from luukku.notify.services import Outgoing

    if "offered" not in texts:
        from luukku.notify.selectors import languages_of

        texts["offered"] = languages_of(municipality)
    offered = texts["offered"]
    child, offer_id = note.first_names.split(" ")[0], str(note.public_id)  # a UUID, or its text
    found = []
    for person in recipients:
        language, channels = reach.get(person.pk, (person.language, []))
        if not channels:
            continue
        language = language if language in offered else offered[0]
        subject, body, _link = render(note, municipality, language, texts)
        link = offer_path_of(municipality.slug, language).replace(_ANY, offer_id)
        found.append(Outgoing(
            municipality.pk, person.pk, channels, note.kind, f"offer:{offer_id}:{event}:{person.public_id}",
            language, _named(subject, child, language), _named(body, child, language).replace(_LINK, link), link))
    return found


def _named(text: str, child: str, language: str) -> str:
    if _CHILD_TO in text:
        text = text.replace(_CHILD_TO, to_child(child, language))
    return text.replace(_CHILD, child)


def render(note, municipality, language: str, texts: dict) -> tuple:
    """The message's text with placeholders for the child and the link: rendered once per kind,
    language, unit, deadline and rule, kept in `texts`."""
    from luukku.notify import messages

    key = (note.kind, language, note.unit.pk if note.unit else None, note.deadline, note.rule.pk)
    if key not in texts:
        texts[key] = messages.render(note.kind, municipality=municipality, language=language, context={
            "title": note.rule.offer_title, "child": _CHILD, "child_to": _CHILD_TO, "deadline": note.deadline,
            "link": _LINK,
            "unit": tr(note.unit.name, language) if note.unit else ""})
    return texts[key]


_CHILD, _CHILD_TO, _LINK = "\x00child\x00", "\x00child_to\x00", "\x00link\x00"  # no name or path has them


def recipients_of(offer) -> list:
    """Who answers and hears of the offer: the child's guardians today, else the person."""
    return recipients_of_many([offer])[offer.pk]


def recipients_of_many(offers) -> dict[int, list]:
    """{offer id: recipients} for many offers with one read of the guardians."""
    with_guardians = [o.person_id for o in offers if o.rule.for_guardians]
    guardians = selectors.guardians_of(with_guardians, clock.today()) if with_guardians else {}
    return {o.pk: guardians.get(o.person_id, []) if o.rule.for_guardians else [o.person] for o in offers}


def tell_now(offer, kind: str, event: str) -> None:
    from luukku.notify.selectors import reach_many

    people = recipients_of(offer)
    tell([(note(offer, kind), people)], offer.municipality, reach_many(people), event=event)
