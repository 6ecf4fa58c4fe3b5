"""Writing a campaign: a birth cohort's offers and messages as rows, by COPY (core.bulk), a chunk
of children per transaction, two chunks at a time on PostgreSQL; one run at a time (the claim and
its heartbeat). `services.run` is the use case; docs/decisions/0007 says why it is built so."""

import contextvars
import datetime as dt
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from typing import NamedTuple

from django.db import connection, connections, transaction
from django.db.models import F, Q

from luukku.core import bulk, clock
from luukku.core.services import record_events

from . import telling
from .models import Campaign, Mode, Offer, OfferStatus, PlacementUnit

CHUNK = 5000  # children per transaction of a run: its progress and its resume point
STALE_AFTER = dt.timedelta(minutes=10)  # a run that wrote no chunk for this long has lost its worker
WRITERS = 2  # chunks written at once on PostgreSQL, each by a connection of its own


class TakenOver(Exception):
    """This run was silent for STALE_AFTER and another run took the campaign over."""


def claim(campaign, token) -> bool:
    """One run of a campaign at a time: a run takes the campaign with its token, and a second run
    (the task queued twice, a Continue while it runs) finds it taken and does nothing, unless the
    first has written nothing for STALE_AFTER (its worker died): then the second takes over."""
    now = clock.now()
    return bool(Campaign.all_objects.filter(pk=campaign.pk)
                .filter(Q(runner__isnull=True) | Q(heartbeat_at__lt=now - STALE_AFTER))
                .update(runner=token, heartbeat_at=now))


def write_parts(campaign, parts, build, token, writers: int | None) -> int:
    """Build each chunk's rows and write them. On PostgreSQL two chunks are written at once, each
    in its own transaction on its own connection, while the next chunk is built: the database's
    work (COPY, indexes, the foreign-key checks at commit) spreads over two cores."""
    if writers is None:  # inside a caller's transaction, other connections would not see its rows
        writers = WRITERS if (connection.vendor == "postgresql" and len(parts) > 1
                              and not connection.in_atomic_block) else 1
    if writers <= 1:
        return sum(write_part(campaign, build(part), token) for part in parts)
    created, pending = 0, deque()
    with ThreadPoolExecutor(max_workers=writers) as pool:
        for part in parts:
            rows = build(part)
            if len(pending) >= writers:
                created += pending.popleft().result()
            # The thread runs as the caller (its municipality context), on a connection of its own.
            pending.append(pool.submit(contextvars.copy_context().run, _in_own_connection, write_part, campaign,
                                       rows, token))
        while pending:
            created += pending.popleft().result()
    return created


def _in_own_connection(function, *args):
    try:
        return function(*args)
    finally:
        connections.close_all()  # this thread's connections


def write_part(campaign, rows, token) -> int:
    """One chunk in one transaction; then the progress and the run's heartbeat."""
    if not rows:
        return 0
    with transaction.atomic():
        written = set(Offer.all_objects.filter(campaign=campaign, person__pk__range=(rows[0].child_id,
                                                                                     rows[-1].child_id))
                      .values_list("person_id", flat=True))
        fresh = [r for r in rows if r.child_id not in written]
        created = write_offers(fresh)
        record_made(campaign, fresh)
    if not Campaign.all_objects.filter(pk=campaign.pk, runner=token).update(done=F("done") + len(rows),
                                                                            heartbeat_at=clock.now()):
        raise TakenOver
    return created


def initial_status(rule, result) -> str:
    if result is not None and result.unit is None:
        return OfferStatus.WAITING_LIST
    return {Mode.INFORMATION: OfferStatus.INFORMED, Mode.AUTOMATIC: OfferStatus.DECIDED}.get(rule.mode,
                                                                                           OfferStatus.OFFERED)


OFFER_COLUMNS = ["municipality_id", "public_id", "reference", "rule_id", "campaign_id", "person_id", "mode",
                 "legal_basis", "status", "placement_unit_id", "placement", "distance_m", "starts_on", "deadline",
                 "needs_letter", "created_at", "updated_at"]


class OfferRow(NamedTuple):
    child_id: int
    row: tuple  # in the order of OFFER_COLUMNS
    messages: list  # notify.services.Outgoing


class Builder:
    """The rows of a chunk of a campaign: the units and the texts are read and rendered once,
    when it is made; each chunk then costs no query."""

    def __init__(self, campaign, results, reach):
        from luukku.cases.services import reference_prefix

        self.campaign, self.results, self.reach, self.now = campaign, results, reach, clock.now()
        self.prefix = reference_prefix(campaign.municipality)
        self.places = {p.pk: p for p in PlacementUnit.all_objects.filter(rule=campaign.rule)}  # named in messages
        self.texts = {}

    def __call__(self, members) -> list[OfferRow]:
        campaign, rule, now = self.campaign, self.campaign.rule, self.now
        rows = []
        for member, public_id in zip(members, bulk.uuid4_texts(len(members))):
            child, result = member.child, self.results.get(member.child.pk)
            recipients = member.guardians if rule.for_guardians else [child]
            status, unit = initial_status(rule, result), result.unit if result else None
            note = telling.Note(public_id, telling.kind_of(status, rule.mode), child.first_names, rule,
                                self.places.get(unit), campaign.deadline)
            rows.append(OfferRow(child.pk, (
                campaign.municipality_id, public_id, f"{self.prefix}-T{campaign.pk}-{child.pk}", rule.pk,
                campaign.pk, child.pk, rule.mode, rule.legal_basis, status, unit,
                result.placement if result else "", result.distance_m if result else None, campaign.starts_on,
                campaign.deadline, not any(self.reach.get(r.pk, ("", []))[1] for r in recipients), now, now),
                telling.messages_about(note, recipients, campaign.municipality, self.reach, "made", self.texts)))
        return rows


def write_offers(rows: list[OfferRow]) -> int:
    """The offers and their messages (keys new with the offers). The offer row records its own
    making; its history (OfferChange) begins with its first change."""
    from luukku.notify.services import write_many

    ids = bulk.insert(Offer, OFFER_COLUMNS, [r.row for r in rows])
    write_many([message for r in rows for message in r.messages])
    return len(ids)


_PUBLIC_ID, _REFERENCE, _MODE, _STATUS, _UNIT = (OFFER_COLUMNS.index(name) for name in (
    "public_id", "reference", "mode", "status", "placement_unit_id"))


def record_made(campaign, rows: list[OfferRow]) -> None:
    """The event proactive.offer_made of each offer of a chunk, in one insert with its offers."""
    slug = campaign.rule.slug
    record_events(municipality=campaign.municipality_id, kind="proactive.offer_made",
                  object_type=Offer._meta.label_lower,
                  items=[(r.row[_PUBLIC_ID], made_data(r.row[_REFERENCE], slug, campaign.pk, r.row[_STATUS],
                                                       r.row[_MODE], r.row[_UNIT])) for r in rows])


def made_data(reference: str, rule: str, campaign_id, status: str, mode: str, unit_id) -> dict:
    """The data of proactive.offer_made: of a campaign's offer, or of one made for a life event."""
    return {"reference": reference, "rule": rule, "campaign": campaign_id, "status": status, "mode": mode,
            "unit_id": unit_id}
