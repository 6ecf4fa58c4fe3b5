"""Writes of the outbox. `notify` is called inside the caller's transaction: the Notification and
one Delivery per channel commit (or roll back) with the change they report; delivery is enqueued
only after commit, and the scheduler's `retry_due` finds any delivery whose task was lost.

Delivery is at-least-once: a worker claims a row with one conditional UPDATE (so of several
workers exactly one sends), sends with the delivery's idempotency key, then marks the row under
the same claim. A worker that dies between sending and marking leaves an expired claim; the row is
sent again with the same key, which the provider de-duplicates (Suomi.fi: externalId)."""

import datetime as dt
import logging
from typing import NamedTuple

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q

from luukku.core import bulk, clock

from .models import Delivery, DeliveryStatus, Notification, Preference

log = logging.getLogger(__name__)


def notify(*, person, kind: str, key: str, case=None, context: dict | None = None) -> Notification:
    """Write the message for `person` about `kind` once per `key` (a replay returns the first)."""
    from . import messages, selectors

    key = key[:100]
    existing = Notification.all_objects.filter(municipality_id=person.municipality_id, idempotency_key=key).first()
    if existing is not None:
        return existing
    language = selectors.language_for(person)
    subject, body, link = messages.render(kind, person=person, case=case, language=language, context=context or {})
    return _write(municipality_id=person.municipality_id, key=key, channels=selectors.channels_for(person),
                  person=person, case=case, kind=kind, language=language, subject=subject, body=body, link=link)


def notify_contact(*, municipality, email: str, phone: str, language: str, kind: str, key: str,
                   context: dict) -> Notification | None:
    """As `notify`, for someone without a Person who left an email or a phone number: by email when
    there is one, else by SMS. None when neither reaches them."""
    key = key[:100]
    existing = Notification.all_objects.filter(municipality_id=municipality.pk, idempotency_key=key).first()
    if existing is not None:
        return existing
    written = notify_many([{"municipality": municipality, "email": email, "phone": phone, "language": language,
                            "kind": kind, "key": key, "context": context}])
    return Notification.all_objects.get(pk=written[0]) if written else None


def _write(*, municipality_id, key: str, channels: list[str], subject: str, link: str, **fields) -> Notification:
    """The notification and one Delivery per channel, in the caller's transaction; enqueued on commit."""
    try:
        with transaction.atomic():  # a savepoint: a parallel replay must not break the caller's transaction
            notification = Notification.all_objects.create(
                municipality_id=municipality_id, idempotency_key=key, subject=subject[:200], link=link[:300],
                created_at=clock.now(), **fields)
    except IntegrityError:
        return Notification.all_objects.get(municipality_id=municipality_id, idempotency_key=key)
    Delivery.all_objects.bulk_create([
        Delivery(municipality_id=municipality_id, notification=notification, channel=channel,
                 next_attempt_at=notification.created_at)
        for channel in channels])
    ids = list(Delivery.all_objects.filter(notification=notification).values_list("pk", flat=True))
    transaction.on_commit(lambda: _enqueue(ids))
    return notification


def notify_many(drafts: list[dict]) -> list[int]:
    """`notify` or `notify_contact` for many messages at once (the feedback intake's batches):
    rendered, then `write_many` of the `unwritten`. Each draft: municipality, person or
    email/phone (+ language), kind, key, context, optionally case. Returns the ids of the
    notifications written: none for a key already written or for someone who cannot be reached."""
    from . import messages, selectors

    outgoing = []
    for draft in drafts:
        municipality, person = draft["municipality"], draft.get("person")
        email = phone = ""
        if person is not None:
            language, channels = selectors.language_for(person), selectors.channels_for(person)
        else:
            email, phone = (draft.get("email") or "").strip()[:254], (draft.get("phone") or "").strip()[:40]
            channels = selectors.channels_for_contact(email, phone)
            offered = selectors.languages_of(municipality)
            language = draft.get("language") if draft.get("language") in offered else offered[0]
        if not channels:
            continue
        subject, body, link = messages.render(draft["kind"], person=person, municipality=municipality,
                                              language=language, context=draft.get("context") or {})
        case = draft.get("case")
        outgoing.append(Outgoing(municipality.pk, person.pk if person is not None else None, channels, draft["kind"],
                                 draft["key"][:100], language, subject, body, link, email, phone,
                                 case.pk if case is not None else None))
    return write_many(unwritten(outgoing))


def unwritten(outgoing: list["Outgoing"]) -> list["Outgoing"]:
    """`outgoing` without the messages whose key is already written (a replay), each key once:
    one read of the keys."""
    if not outgoing:
        return []
    seen = set(Notification.all_objects.filter(municipality_id__in={o.municipality_id for o in outgoing},
                                               idempotency_key__in=[o.key for o in outgoing])
               .values_list("municipality_id", "idempotency_key"))
    fresh = []
    for message in outgoing:
        if (message.municipality_id, message.key) not in seen:
            seen.add((message.municipality_id, message.key))
            fresh.append(message)
    return fresh


class Outgoing(NamedTuple):
    """A message ready to be written: rendered, its channels chosen, its key checked or new."""

    municipality_id: int
    person_id: int | None
    channels: list[str]
    kind: str
    key: str
    language: str
    subject: str
    body: str
    link: str
    email: str = ""
    phone: str = ""
    case_id: int | None = None


def write_many(outgoing: list[Outgoing]) -> list[int]:
    """Write the notifications and one delivery per channel (two inserts; a campaign's tens of
    thousands by COPY), in the caller's transaction; delivery tasks are queued on commit. The
    caller has made sure no key exists yet (`unwritten`, or keys new with their cause): a
    repeated key fails the transaction."""
    now = clock.now()
    ids = bulk.insert(Notification, NOTIFICATION_COLUMNS, [
        (o.municipality_id, o.person_id, o.email, o.phone, o.case_id, o.kind, o.key[:100], o.language,
         o.subject[:200], o.body, o.link[:300], now) for o in outgoing])
    deliveries = bulk.insert(Delivery, ["municipality_id", "notification_id", "channel", "next_attempt_at"], [
        (o.municipality_id, pk, channel, now) for pk, o in zip(ids, outgoing) for channel in o.channels])
    if deliveries:
        transaction.on_commit(lambda: _enqueue_batch(deliveries))
    return ids


NOTIFICATION_COLUMNS = ["municipality_id", "person_id", "email", "phone", "case_id", "kind", "idempotency_key",
                        "language", "subject", "body", "link", "created_at"]
BATCH = 500  # deliveries per delivery task: a campaign's 100 000 messages in some 200 tasks


def _enqueue_batch(delivery_ids):
    from .tasks import deliver_batch

    for start in range(0, len(delivery_ids), BATCH):
        deliver_batch.enqueue(delivery_ids=delivery_ids[start:start + BATCH])


def set_preference(person, *, channels: list[str], language: str) -> Preference:
    pref, _created = Preference.all_objects.update_or_create(
        person=person, defaults={"municipality_id": person.municipality_id, "channels": list(channels),
                                 "language": language, "updated_at": clock.now()})
    return pref


def _enqueue(delivery_ids, run_after: dt.datetime | None = None):
    from .tasks import deliver

    task = deliver
    if run_after is not None and deliver.get_backend().supports_defer:
        task = deliver.using(run_after=run_after)
    for pk in delivery_ids:
        task.enqueue(delivery_id=pk)


# --- delivery --------------------------------------------------------------------------------

CLAIM_SECONDS = 120  # longer than any channel's timeouts added up
BACKOFF_SECONDS = [30, 120, 600, 1800, 7200, 21600]  # default; settings.LUUKKU_NOTIFY_BACKOFF_SECONDS
RETRY_GRACE_SECONDS = 60  # retry_due leaves rows alone this long: their own task is on its way
DUE = (DeliveryStatus.PENDING, DeliveryStatus.RETRYING, DeliveryStatus.SENDING)


def backoff_seconds() -> list[int]:
    return list(getattr(settings, "LUUKKU_NOTIFY_BACKOFF_SECONDS", None) or BACKOFF_SECONDS)


def claim(delivery_id: int) -> dt.datetime | None:
    """Take the delivery for this worker: one conditional UPDATE, so of several workers exactly one
    gets it. Returns the claim (its expiry, which the final UPDATE must still find), or None. A claim
    held by a worker that died expires after CLAIM_SECONDS."""
    from django.db.models import F

    now = clock.now()
    until = now + dt.timedelta(seconds=CLAIM_SECONDS)
    with transaction.atomic():
        won = (Delivery.all_objects.filter(pk=delivery_id, status__in=DUE, next_attempt_at__lte=now)
               .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
               .update(status=DeliveryStatus.SENDING, claimed_until=until, attempts=F("attempts") + 1))
    return until if won else None


def deliver(delivery_id: int) -> str:
    """Send one delivery if this worker wins its claim; returns the resulting status."""
    from .channels import PermanentFailure, TemporaryFailure, channels, sender

    claimed = claim(delivery_id)
    if claimed is None:
        return "not claimed"
    delivery = Delivery.all_objects.select_related("notification__person__municipality",
                                                   "notification__municipality").get(pk=delivery_id)
    notification = delivery.notification
    update = {"claimed_until": None}
    try:
        if delivery.channel not in channels:
            raise PermanentFailure(f"unknown channel {delivery.channel}")
        channel = sender(delivery.channel)
        address = channel.address(notification.recipient)
        if not address:
            update.update(status=DeliveryStatus.SKIPPED, last_error="no address for this channel")
        else:
            provider_id = channel.send(delivery, notification, address)
            update.update(status=DeliveryStatus.SENT, sent_at=clock.now(), provider_id=str(provider_id or "")[:200],
                          last_error="")
    except PermanentFailure as exc:
        update.update(status=DeliveryStatus.FAILED, last_error=str(exc)[:500])
    except Exception as exc:
        if not isinstance(exc, TemporaryFailure):
            log.exception("delivery %s: unexpected error", delivery.public_id)
            exc = TemporaryFailure(f"unexpected error: {type(exc).__name__}")
        waits = backoff_seconds()
        if delivery.attempts > len(waits):
            update.update(status=DeliveryStatus.FAILED, last_error=str(exc)[:500])
        else:
            retry_at = clock.now() + dt.timedelta(seconds=waits[delivery.attempts - 1])
            update.update(status=DeliveryStatus.RETRYING, last_error=str(exc)[:500], next_attempt_at=retry_at)
    marked = Delivery.all_objects.filter(pk=delivery_id, status=DeliveryStatus.SENDING,
                                         claimed_until=claimed).update(**update)
    if not marked:  # our claim expired and another worker took the row over: its result stands
        log.warning("delivery %s: claim lost before marking %s", delivery.public_id, update["status"])
        return "claim lost"
    if update["status"] == DeliveryStatus.RETRYING:
        _enqueue([delivery_id], run_after=update["next_attempt_at"])
    return update["status"]


def retry_due(limit: int = 500) -> int:
    """Enqueue deliveries whose own task did not come (lost after commit, worker down) and expired
    claims (a worker died mid-send); the scheduler calls this every 30 seconds."""
    now = clock.now()
    overdue = now - dt.timedelta(seconds=RETRY_GRACE_SECONDS)
    ids = list(Delivery.all_objects
               .filter(Q(status__in=(DeliveryStatus.PENDING, DeliveryStatus.RETRYING), next_attempt_at__lte=overdue)
                       | Q(status=DeliveryStatus.SENDING, claimed_until__lt=now))
               .order_by("next_attempt_at").values_list("pk", flat=True)[:limit])
    _enqueue(ids)
    return len(ids)
