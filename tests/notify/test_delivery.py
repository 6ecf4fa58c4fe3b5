"""The outbox's promises: written with the change or not at all, once per cause, claimed by one
worker, retried with back-off until it goes or is declared dead with the reason; a gateway that
times out or fails is retried, never lost and never doubled."""

import datetime as dt

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from luukku.core import clock
from luukku.notify import services
from luukku.notify.models import Delivery, DeliveryStatus, Notification
from luukku.notify.services import claim, deliver, notify, retry_due

from .conftest import choose, configure_sms
from .servers import SmsGateway

pytestmark = pytest.mark.django_db
T0 = dt.datetime(2026, 11, 30, 10, 0, tzinfo=clock.HELSINKI)


@pytest.fixture
def texted(aino):
    aino.phone, aino.email = "040 123 4567", "aino@example.fi"
    aino.save()
    choose(aino, "sms")
    return aino


def queued(delivery) -> list[DBTaskResult]:
    return [t for t in DBTaskResult.objects.filter(task_path="luukku.notify.tasks.deliver")
            if t.args_kwargs["kwargs"] == {"delivery_id": delivery.pk}]


def _sms(person, key="k1"):
    with clock.frozen_at(T0):
        notification = notify(person=person, kind="case.message", key=key)
    return Delivery.all_objects.get(notification=notification, channel="sms")


def test_the_outbox_rolls_back_with_the_change(texted):
    with pytest.raises(RuntimeError), transaction.atomic():
        notify(person=texted, kind="case.message", key="rolled-back")
        raise RuntimeError("the change failed")
    assert not Notification.all_objects.filter(idempotency_key="rolled-back").exists()
    assert not Delivery.all_objects.exists()


def test_delivery_is_enqueued_only_after_commit(texted, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notification = notify(person=texted, kind="case.message", key="k1")
    delivery = notification.deliveries.get()
    assert callbacks and not queued(delivery)
    for callback in callbacks:
        callback()
    assert len(queued(delivery)) == 1


def test_a_replayed_key_makes_no_second_notification(texted):
    first = notify(person=texted, kind="case.message", key="same-cause")
    again = notify(person=texted, kind="case.message", key="same-cause")
    assert again.pk == first.pk
    assert Notification.all_objects.filter(idempotency_key="same-cause").count() == 1
    assert Delivery.all_objects.filter(notification=first).count() == 1


def test_one_claim_wins_until_it_expires(texted):
    delivery = _sms(texted)
    with clock.frozen_at(T0):
        assert claim(delivery.pk) is not None
        assert claim(delivery.pk) is None
        assert deliver(delivery.pk) == "not claimed"
    with clock.frozen_at(T0 + dt.timedelta(seconds=services.CLAIM_SECONDS + 1)):  # the first worker died
        assert claim(delivery.pk) is not None
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENDING and delivery.attempts == 2


def test_a_500_is_retried_with_back_off_and_then_sent_once(settings, texted):
    delivery = _sms(texted)
    with SmsGateway(fail_first={delivery.idempotency_key}) as gateway:
        configure_sms(settings, gateway)
        with clock.frozen_at(T0):
            assert deliver(delivery.pk) == DeliveryStatus.RETRYING
        delivery.refresh_from_db()
        assert delivery.next_attempt_at == T0 + dt.timedelta(seconds=30)
        assert delivery.last_error == "SMS gateway answered 500"
        [retry_task] = [t for t in queued(delivery) if t.run_after == delivery.next_attempt_at]
        with clock.frozen_at(T0 + dt.timedelta(seconds=10)):
            assert deliver(delivery.pk) == "not claimed"  # not due yet
        with clock.frozen_at(T0 + dt.timedelta(seconds=31)):
            assert deliver(delivery.pk) == DeliveryStatus.SENT
            assert deliver(delivery.pk) == "not claimed"  # a duplicate task finds nothing to do
        assert [r["status"] for r in gateway.requests] == [500, 200]
        assert gateway.accepted() == {delivery.idempotency_key: 1}
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT and delivery.attempts == 2 and delivery.last_error == ""
    assert retry_task


def test_a_dead_delivery_ends_failed_with_the_last_error(settings, texted):
    delivery = _sms(texted)
    with SmsGateway(always=503) as gateway:
        configure_sms(settings, gateway)
        now = T0
        for wait in [*settings.LUUKKU_NOTIFY_BACKOFF_SECONDS, None]:
            with clock.frozen_at(now):
                status = deliver(delivery.pk)
            if wait is None:
                break
            assert status == DeliveryStatus.RETRYING
            now += dt.timedelta(seconds=wait)
        assert status == DeliveryStatus.FAILED
        assert len(gateway.requests) == len(settings.LUUKKU_NOTIFY_BACKOFF_SECONDS) + 1
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED and delivery.last_error == "SMS gateway answered 503"
    with clock.frozen_at(now + dt.timedelta(days=1)):
        assert deliver(delivery.pk) == "not claimed"


def test_a_refused_message_fails_at_once(settings, texted):
    delivery = _sms(texted)
    with SmsGateway(always=400) as gateway:
        configure_sms(settings, gateway)
        with clock.frozen_at(T0):
            assert deliver(delivery.pk) == DeliveryStatus.FAILED
    delivery.refresh_from_db()
    assert delivery.last_error == "SMS gateway refused the message (400)" and delivery.attempts == 1


def test_a_gateway_that_times_out_is_retried_never_lost_never_doubled(settings, texted):
    delivery = _sms(texted)
    with SmsGateway(hang=2) as slow:
        configure_sms(settings, slow)
        settings.LUUKKU_SMS_TIMEOUT = 0.3
        with clock.frozen_at(T0):
            assert deliver(delivery.pk) == DeliveryStatus.RETRYING
    delivery.refresh_from_db()
    assert delivery.last_error == "SMS gateway timed out"
    with SmsGateway() as gateway:
        configure_sms(settings, gateway)
        with clock.frozen_at(T0 + dt.timedelta(seconds=31)):
            assert deliver(delivery.pk) == DeliveryStatus.SENT
            assert deliver(delivery.pk) == "not claimed"
        assert gateway.accepted() == {delivery.idempotency_key: 1}


def test_an_unexpected_error_is_retried_not_lost(settings, texted, gateway):
    delivery = _sms(texted)
    settings.LUUKKU_SMS_PAYLOAD = "{not json"  # configuration broken after the message was written
    with clock.frozen_at(T0):
        assert deliver(delivery.pk) == DeliveryStatus.RETRYING
    delivery.refresh_from_db()
    assert delivery.last_error == "unexpected error: JSONDecodeError"


def test_no_address_for_the_channel_is_skipped_with_a_reason(texted, gateway):
    texted.phone = ""
    texted.save()
    delivery = _sms(texted)
    with clock.frozen_at(T0):
        assert deliver(delivery.pk) == DeliveryStatus.SKIPPED
    assert not gateway.requests


def test_retry_due_finds_lost_tasks_and_expired_claims_only(texted, gateway):
    lost = _sms(texted, key="lost")  # its task never came (the process died after commit)
    crashed = _sms(texted, key="crashed")
    fresh = _sms(texted, key="fresh")
    Delivery.all_objects.filter(pk=fresh.pk).update(next_attempt_at=T0 + dt.timedelta(minutes=10))
    with clock.frozen_at(T0):
        claim(crashed.pk)
    DBTaskResult.objects.all().delete()
    with clock.frozen_at(T0 + dt.timedelta(seconds=services.CLAIM_SECONDS + 1)):
        assert retry_due() == 2
    assert len(queued(lost)) == 1 and len(queued(crashed)) == 1 and not queued(fresh)
