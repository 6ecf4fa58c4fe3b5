"""Which domain events are business transactions, and what each one tells: a registry of extractors,
one per event kind. An extractor gets all events of its kind from one batch and returns one fact
(a dict of Fact's fields) per event, or None for an event that is no transaction (a sub-status step).
It reads the objects behind the events in bulk (`Batch`), never one query per event.

    @extractors.register("case.submitted")
    def case_submitted(events, batch): ...

An object that is gone (erased, deleted) still gives its fact from what the event's data says.
"""

from django.utils.dateparse import parse_datetime

from luukku.core import clock
from luukku.core.models import Unit
from luukku.core.registry import Registry

extractors = Registry("fact extractor")

# Every kind's channel in one vocabulary: feedback's "api" (a partner's app) is online self-service,
# its "letter" is mail.
CHANNELS = {"online": "online", "api": "online", "web": "online", "phone": "phone",
            "service_point": "service_point", "email": "email", "mail": "mail", "letter": "mail", "chat": "chat"}
# Self-service online: what "digital share" counts.
DIGITAL_CHANNELS = frozenset({"online"})


def channel_of(value) -> str:
    return CHANNELS.get(str(value or ""), str(value or "")[:24])


class Batch:
    """The objects behind a batch of events, each loaded once for every extractor."""

    def __init__(self, events):
        self.events = events
        self._objects = {}
        self._services = None
        self._units = None

    def objects(self, model, object_type, related=()):
        """{public id (str): object} of the batch's events about `object_type`."""
        key = (model, object_type)
        if key not in self._objects:
            ids = {e.object_id for e in self.events if e.object_type == object_type}
            rows = model.all_objects.filter(public_id__in=[i for i in ids if _is_uuid(i)]).select_related(*related)
            self._objects[key] = {str(o.public_id): o for o in rows}
        return self._objects[key]

    def service_info(self, service_ids) -> dict:
        """{service id: (sector id, responsible unit id, first life event id)}."""
        from luukku.catalogue.models import CodeKind, Service

        self._services = self._services or {}
        missing = {i for i in service_ids if i and i not in self._services}
        if missing:
            rows = Service.all_objects.filter(pk__in=missing).values_list("pk", "sector_id", "responsible_unit_id")
            through = Service.codes.through.objects.filter(service_id__in=missing, code__kind=CodeKind.LIFE_EVENT)
            first = {}
            for service_id, code_id in through.order_by("code__order", "code__code").values_list("service_id",
                                                                                                  "code_id"):
                first.setdefault(service_id, code_id)
            for pk, sector_id, unit_id in rows:
                self._services[pk] = (sector_id, unit_id, first.get(pk))
        return self._services

    def unit_sectors(self) -> dict:
        if self._units is None:
            municipalities = {e.municipality_id for e in self.events}
            self._units = {pk: (sector_id, str(public_id)) for pk, sector_id, public_id in Unit.all_objects.filter(
                municipality_id__in=municipalities).values_list("pk", "sector_id", "public_id")}
        return self._units

    def unit_by_public_id(self, public_id):
        return next((pk for pk, (_s, p) in self.unit_sectors().items() if p == str(public_id)), None)


def _is_uuid(value: str) -> bool:
    import uuid

    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def fact(batch, event, *, service_id=None, unit_id=None, **fields) -> dict:
    """A fact of `event`: the service's sector (else the unit's), unit and first life event filled in."""
    sector_id = life_event_id = None
    if service_id:
        sector_id, responsible, life_event_id = batch.service_info([service_id]).get(service_id, (None, None, None))
        unit_id = unit_id or responsible
    if sector_id is None and unit_id:
        sector_id = batch.unit_sectors().get(unit_id, (None, None))[0]
    return {"kind": event.kind, "service_id": service_id, "unit_id": unit_id, "sector_id": sector_id,
            "life_event_id": life_event_id, **fields}


# --- cases --------------------------------------------------------------------------------------

def _cases(batch):
    from luukku.cases.models import Case

    return batch.objects(Case, "cases.case", ("case_type",))


@extractors.register("case.submitted")
def case_submitted(events, batch):
    cases = _cases(batch)
    for e in events:
        case = cases.get(e.object_id)
        channel = channel_of(e.data.get("channel") or (case.channel if case else ""))
        if case is None:
            yield fact(batch, e, channel=channel)
            continue
        # The unit it was submitted to is the case type's (a later transfer moves the case, not this fact).
        yield fact(batch, e, service_id=case.case_type.service_id, unit_id=case.case_type.unit_id, channel=channel)


@extractors.register("case.status_changed")
def case_status_changed(events, batch):
    from luukku.cases.models import Status

    cases = _cases(batch)
    for e in events:
        to, from_ = str(e.data.get("to", "")), str(e.data.get("from", ""))
        if to == from_:
            yield None  # a sub-status step inside one status: no transaction of its own
            continue
        case = cases.get(e.object_id)
        if case is None:
            yield fact(batch, e, outcome=to)
            continue
        fields = {"outcome": to, "channel": channel_of(case.channel)}
        if to == Status.DECIDED:
            fields["seconds"] = max(int((e.at - case.submitted_at).total_seconds()), 0)
            if case.due_date is not None:
                fields["on_time"] = e.at.astimezone(clock.HELSINKI).date() <= case.due_date
        yield fact(batch, e, service_id=case.case_type.service_id, unit_id=case.unit_id, **fields)


@extractors.register("case.transferred_to_unit")
def case_transferred(events, batch):
    cases = _cases(batch)
    for e in events:
        case = cases.get(e.object_id)
        unit_id = batch.unit_by_public_id(e.data.get("to_unit")) or (case.unit_id if case else None)
        yield fact(batch, e, service_id=case.case_type.service_id if case else None, unit_id=unit_id,
                   channel=channel_of(case.channel) if case else "", outcome="transferred")


@extractors.register("case.handed_over")
def case_handed_over(events, batch):
    cases = _cases(batch)
    for e in events:
        case = cases.get(e.object_id)
        yield fact(batch, e, service_id=case.case_type.service_id if case else None,
                   unit_id=case.unit_id if case else None, channel=channel_of(case.channel) if case else "",
                   outcome="handed_over")


# --- feedback -----------------------------------------------------------------------------------

def _feedback(batch, events, **extra):
    from luukku.feedback.models import Feedback

    items = batch.objects(Feedback, "feedback.feedback", ("category",))
    for e in events:
        item = items.get(e.object_id)
        topic = str(e.data.get("category") or (item.category.code if item else ""))[:80]
        channel = channel_of(e.data.get("channel") or (item.channel if item else ""))
        yield fact(batch, e, unit_id=item.unit_id if item else None, topic=topic, channel=channel,
                   **{k: f(e) for k, f in extra.items()})


@extractors.register("feedback.received")
def feedback_received(events, batch):
    return _feedback(batch, events)


@extractors.register("feedback.status_changed")
def feedback_status_changed(events, batch):
    return _feedback(batch, events, outcome=lambda e: str(e.data.get("to", ""))[:48])


@extractors.register("feedback.forwarded")
def feedback_forwarded(events, batch):
    return _feedback(batch, events, outcome=lambda e: "forwarded")


@extractors.register("feedback.replied")
def feedback_replied(events, batch):
    return _feedback(batch, events, outcome=lambda e: "replied")


def _rating(e):
    try:
        value = int(e.data.get("rating", e.data.get("score")))
    except (TypeError, ValueError):
        return None
    return value if 1 <= value <= 5 else None


@extractors.register("feedback.rated")
def feedback_rated(events, batch):
    # The rating is the outcome too: the roll-ups then keep how many gave each rating.
    return _feedback(batch, events, rating=_rating, outcome=lambda e: str(_rating(e) or ""))


# --- the front office ---------------------------------------------------------------------------

@extractors.register("contact.logged")
def contact_logged(events, batch):
    from luukku.frontoffice.models import Contact

    contacts = batch.objects(Contact, "frontoffice.contact")
    for e in events:
        contact = contacts.get(e.object_id)
        yield fact(batch, e, service_id=contact.service_id if contact else None,
                   unit_id=contact.unit_id if contact else None,
                   channel=channel_of(e.data.get("channel") or (contact.channel if contact else "")),
                   outcome="case" if e.data.get("case") or (contact and contact.case_id) else "")


# --- proactive offers ---------------------------------------------------------------------------

def _offers(batch, events, outcome):
    from luukku.proactive.models import Offer

    offers = batch.objects(Offer, "proactive.offer", ("rule",))
    for e in events:
        offer = offers.get(e.object_id)
        rule = offer.rule if offer else None
        yield fact(batch, e, service_id=rule.service_id if rule else None,
                   topic=str(e.data.get("rule") or (rule.slug if rule else ""))[:80], outcome=outcome(e))


@extractors.register("proactive.campaign_started")
def campaign_started(events, batch):
    from luukku.proactive.models import Campaign

    campaigns = batch.objects(Campaign, "proactive.campaign", ("rule",))
    for e in events:
        campaign = campaigns.get(e.object_id)
        rule = campaign.rule if campaign else None
        yield fact(batch, e, service_id=rule.service_id if rule else None,
                   topic=str(e.data.get("rule") or (rule.slug if rule else ""))[:80])


for _action in ("accept", "decline", "change"):
    extractors.register(f"proactive.offer_{_action}")(
        lambda events, batch, _a=_action: _offers(batch, events, lambda e: _a))


@extractors.register("proactive.offer_made")
def offer_made(events, batch):
    return _offers(batch, events, lambda e: "")


@extractors.register("proactive.offer.status_changed")
def offer_status_changed(events, batch):
    return _offers(batch, events, lambda e: str(e.data.get("to", ""))[:48])


def facts_of(events) -> list[dict]:
    """The facts of `events` (any kinds, any municipalities): dicts with event_id, municipality_id,
    at and day added. Events of kinds without an extractor give none."""
    batch = Batch(events)
    by_kind = {}
    for e in events:
        if e.kind in extractors:
            by_kind.setdefault(e.kind, []).append(e)
    out = []
    for kind, group in by_kind.items():
        for e, row in zip(group, extractors[kind](group, batch)):
            if row is None:
                continue
            at = e.at if not isinstance(e.at, str) else parse_datetime(e.at)
            row.update(event_id=e.pk, municipality_id=e.municipality_id, at=at,
                       day=at.astimezone(clock.HELSINKI).date())
            out.append(row)
    return out
