"""The channels against real local servers: the SMS gateway's payload, headers and the failure
classes that decide between retrying and giving up; email through Django's backend; the console
stand-in; unconfigured channels are not offered."""

import json
import socket

import pytest
from django.core import mail

from luukku.notify import channels as registry
from luukku.notify import selectors
from luukku.notify.channels import PermanentFailure, TemporaryFailure, phone_number
from luukku.notify.models import Delivery, DeliveryStatus
from luukku.notify.services import deliver, notify

from .conftest import choose, configure_sms
from .servers import SmsGateway

pytestmark = pytest.mark.django_db


@pytest.fixture
def texted(aino):
    aino.phone, aino.email = "040 123 4567", "aino@example.fi"
    aino.save()
    return aino


def _one(person, *channels, key="k1"):
    choose(person, *channels)
    notification = notify(person=person, kind="case.message", key=key)
    return notification, Delivery.all_objects.get(notification=notification, channel=channels[0])


def test_sms_goes_to_the_gateway_with_the_idempotency_key_token_and_payload_template(gateway, texted, settings):
    settings.LUUKKU_SMS_PAYLOAD = json.dumps({"recipients": ["{to}"], "message": {"body": "{text}"},
                                              "ref": "{reference}", "sender": "{sender}"})
    settings.LUUKKU_SMS_SENDER = "Koivula"
    notification, delivery = _one(texted, "sms")
    assert deliver(delivery.pk) == DeliveryStatus.SENT
    [request] = gateway.requests
    assert request["headers"]["Idempotency-Key"] == delivery.idempotency_key
    assert request["headers"]["Authorization"] == "Bearer gw-secret"
    assert request["payload"] == {"recipients": ["+358401234567"], "message": {"body": notification.body},
                                  "ref": delivery.idempotency_key, "sender": "Koivula"}
    delivery.refresh_from_db()
    assert delivery.provider_id == "gw-1" and delivery.sent_at is not None and delivery.attempts == 1


def test_a_text_with_quotes_and_braces_stays_valid_json(gateway, texted):
    notification, delivery = _one(texted, "sms")
    notification.body = 'Hän sanoi "kiitos" {text} \\ ja lähti'
    notification.save()
    deliver(delivery.pk)
    assert gateway.requests[0]["payload"]["text"] == 'Hän sanoi "kiitos" {text} \\ ja lähti'


@pytest.mark.parametrize("status, outcome", [(500, TemporaryFailure), (503, TemporaryFailure),
                                             (429, TemporaryFailure), (400, PermanentFailure),
                                             (403, PermanentFailure)])
def test_gateway_answers_decide_between_retry_and_giving_up(settings, texted, status, outcome):
    with SmsGateway(always=status) as server:
        configure_sms(settings, server)
        _notification, delivery = _one(texted, "sms")
        with pytest.raises(outcome):
            registry.sender("sms").send(delivery, delivery.notification, "+358401234567")


def test_a_gateway_that_times_out_or_is_down_is_retried(settings, texted):
    with SmsGateway(hang=3) as server:
        configure_sms(settings, server)
        settings.LUUKKU_SMS_TIMEOUT = 0.3
        _notification, delivery = _one(texted, "sms")
        with pytest.raises(TemporaryFailure, match="timed out"):
            registry.sender("sms").send(delivery, delivery.notification, "+358401234567")
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        settings.LUUKKU_SMS_GATEWAY_URL = f"http://127.0.0.1:{s.getsockname()[1]}/send"
    with pytest.raises(TemporaryFailure, match="unreachable"):
        registry.sender("sms").send(delivery, delivery.notification, "+358401234567")


def test_a_gateway_409_for_a_repeated_reference_counts_as_sent(settings, texted):
    with SmsGateway(always=409) as server:
        configure_sms(settings, server)
        _notification, delivery = _one(texted, "sms")
        assert deliver(delivery.pk) == DeliveryStatus.SENT


def test_phone_numbers_are_normalised_or_refused():
    assert phone_number("040 123 4567") == "+358401234567"
    assert phone_number("+358 (40) 123-4567") == "+358401234567"
    assert phone_number("00468123456") == "+468123456"
    assert phone_number("") is None and phone_number("puhelin") is None and phone_number("12") is None


def test_an_unconfigured_sms_gateway_is_reported_and_not_offered(settings, texted):
    settings.LUUKKU_SMS_BACKEND = "gateway"
    settings.LUUKKU_SMS_GATEWAY_URL = ""
    assert "notification channel sms: LUUKKU_SMS_GATEWAY_URL is not set" in registry.channels.check()
    assert "sms" not in registry.offered()
    assert "sms" not in [o["key"] for o in selectors.channel_options(texted)]
    choose(texted, "email", "sms")
    notification = notify(person=texted, kind="case.message", key="k-unconfigured")
    assert [d.channel for d in notification.deliveries.all()] == ["email"]


def test_an_unconfigured_suomifi_is_reported_and_not_offered(settings):
    settings.LUUKKU_SUOMIFI_MESSAGES_URL = ""
    assert any(p.startswith("notification channel suomifi:") for p in registry.channels.check())
    assert "suomifi" not in registry.offered()


def test_the_console_stands_in_for_sms_in_the_demo(settings, texted, capsys):
    settings.LUUKKU_SMS_BACKEND = "console"
    settings.LUUKKU_SMS_GATEWAY_URL = ""
    assert "sms" in registry.offered() and "console" not in registry.offered()
    notification, delivery = _one(texted, "sms")
    assert deliver(delivery.pk) == DeliveryStatus.SENT
    out = capsys.readouterr().out
    assert notification.body in out and delivery.idempotency_key in out
    assert "+358401234567" not in out and "*567" in out  # the number is masked


def test_email_goes_through_djangos_backend_with_the_key_as_message_id(texted):
    notification, delivery = _one(texted, "email")
    assert deliver(delivery.pk) == DeliveryStatus.SENT
    [message] = mail.outbox
    assert message.to == ["aino@example.fi"] and message.subject == notification.subject
    assert message.extra_headers["Message-ID"] == f"<{delivery.idempotency_key}@luukku>"


def test_an_unreachable_mail_server_is_retried(settings, texted):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", s.getsockname()[1]
    settings.EMAIL_TIMEOUT = 2
    _notification, delivery = _one(texted, "email")
    assert deliver(delivery.pk) == DeliveryStatus.RETRYING
    delivery.refresh_from_db()
    assert delivery.last_error.startswith("mail server:")
