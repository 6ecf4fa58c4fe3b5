"""Writes of the outbox. `notify` is called inside the caller's transaction: the Notification and
one Delivery per channel commit (or roll back) with the change they report; delivery is enqueued
only after commit."""

import datetime as dt

from django.db import transaction
from django.db.models import F, Q

from luukku.core import clock

from .models import Delivery, DeliveryStatus, Notification


def notify(*, person, kind: str, key: str, case=None, context: dict | None = None) -> Notification:
    """Write the message for `person` about `kind` once per `key` (a replay returns the first)."""
    from . import messages, selectors

    existing = Notification.all_objects.filter(municipality_id=person.municipality_id,
                                               idempotency_key=key[:100]).first()
    if existing is not None:
        return existing
    language = selectors.language_for(person)
    subject, body, link = messages.render(kind, person=person, case=case, language=language, context=context or {})
    notification = Notification.all_objects.create(
        municipality_id=person.municipality_id, person=person, case=case, kind=kind, idempotency_key=key[:100],
        language=language, subject=subject[:200], body=body, link=link[:300], created_at=clock.now(),
    )
    deliveries = [Delivery(municipality_id=person.municipality_id, notification=notification, channel=channel,
                           next_attempt_at=notification.created_at)
                  for channel in selectors.channels_for(person)]
    Delivery.all_objects.bulk_create(deliveries)
    ids = [d.pk for d in Delivery.all_objects.filter(notification=notification)]
    transaction.on_commit(lambda: _enqueue(ids))
    return notification


def _enqueue(delivery_ids):
    from .tasks import deliver

    for pk in delivery_ids:
        deliver.enqueue(delivery_id=pk)


# --- delivery --------------------------------------------------------------------------------

CLAIM_SECONDS = 120
BACKOFF_SECONDS = [30, 120, 600, 1800, 7200, 21600]  # then give up
DUE = (DeliveryStatus.PENDING, DeliveryStatus.RETRYING, DeliveryStatus.SENDING)


def claim(delivery_id: int) -> bool:
    """Take the delivery for this worker: one conditional UPDATE, so of several workers exactly one
    gets it. A claim held by a worker that died expires after CLAIM_SECONDS."""
    now = clock.now()
    with transaction.atomic():
        return bool(
            Delivery.all_objects.filter(pk=delivery_id, status__in=DUE, next_attempt_at__lte=now)
            .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
            .update(status=DeliveryStatus.SENDING, claimed_until=now + dt.timedelta(seconds=CLAIM_SECONDS),
                    attempts=F("attempts") + 1)
        )


def deliver(delivery_id: int) -> str:
    """Send one delivery if this worker wins its claim; returns the resulting status."""
    from .channels import PermanentFailure, TemporaryFailure, channels

    if not claim(delivery_id):
        return "skipped"
    delivery = Delivery.all_objects.select_related("notification__person__municipality").get(pk=delivery_id)
    notification = delivery.notification
    channel = channels[delivery.channel]() if delivery.channel in channels else None
    now = clock.now()
    update = {"claimed_until": None}
    try:
        if channel is None:
            raise PermanentFailure(f"unknown channel {delivery.channel}")
        address = channel.address(notification.person)
        if not address:
            update.update(status=DeliveryStatus.SKIPPED, last_error="no address for this channel")
        else:
            provider_id = channel.send(delivery, notification, address)
            update.update(status=DeliveryStatus.SENT, sent_at=clock.now(), provider_id=str(provider_id or "")[:200],
                          last_error="")
    except TemporaryFailure as exc:
        if delivery.attempts > len(BACKOFF_SECONDS):
            update.update(status=DeliveryStatus.FAILED, last_error=str(exc)[:500])
        else:
            wait = BACKOFF_SECONDS[delivery.attempts - 1]
            update.update(status=DeliveryStatus.RETRYING, last_error=str(exc)[:500],
                          next_attempt_at=now + dt.timedelta(seconds=wait))
    except PermanentFailure as exc:
        update.update(status=DeliveryStatus.FAILED, last_error=str(exc)[:500])
    Delivery.all_objects.filter(pk=delivery_id, status=DeliveryStatus.SENDING).update(**update)
    return update["status"]


def retry_due(limit: int = 500) -> int:
    """Enqueue deliveries that are due again (retries, expired claims); the scheduler calls this."""
    now = clock.now()
    ids = list(Delivery.all_objects.filter(status__in=DUE, next_attempt_at__lte=now)
               .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
               .values_list("pk", flat=True)[:limit])
    _enqueue(ids)
    return len(ids)
