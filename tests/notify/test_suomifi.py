"""The Suomi.fi Messages channel against a local server speaking its REST API: token login,
externalId as the idempotency key (409 = already sent), a refused token renewed, the identity
code only as the recipient, and never our copy of a protected address."""

import json

import pytest

from luukku.notify import suomifi
from luukku.notify.models import Delivery, DeliveryStatus
from luukku.notify.services import deliver, notify

from .conftest import choose

pytestmark = pytest.mark.django_db


@pytest.fixture
def resident(aino):
    aino.street_address, aino.postal_code, aino.post_office = "Salaistentie 7 B 12", "01234", "Koivula"
    aino.save()
    return aino


def _delivery(person, key="k1"):
    choose(person, "suomifi")
    notification = notify(person=person, kind="case.decided", key=key)
    return Delivery.all_objects.get(notification=notification, channel="suomifi")


def test_an_electronic_message_with_the_delivery_key_as_external_id(suomifi, resident):
    delivery = _delivery(resident)
    assert deliver(delivery.pk) == DeliveryStatus.SENT
    login, message = suomifi.requests
    assert login["path"] == "/v1/token" and login["json"] == {"username": suomifi.USERNAME,
                                                               "password": suomifi.PASSWORD}
    body = message["json"]
    assert message["path"] == "/v2/messages/electronic"
    assert body["externalId"] == delivery.idempotency_key
    assert body["recipient"] == {"id": resident.hetu}
    assert body["sender"] == {"serviceId": "koivula-luukku"}
    assert body["electronic"]["title"] == delivery.notification.subject
    assert body["electronic"]["body"] == delivery.notification.body
    assert body["electronic"]["bodyFormat"] == "Text" and body["electronic"]["replyAllowedBy"] == "No one"
    delivery.refresh_from_db()
    assert delivery.provider_id == str(suomifi.sent[delivery.idempotency_key])


def test_a_repeat_after_a_crash_answers_409_and_counts_as_sent_with_the_first_id(suomifi, resident):
    """The crash window: sent, then the worker died before marking. The expired claim is taken
    again; Suomi.fi recognises the externalId and nothing is sent twice."""
    delivery = _delivery(resident)
    assert deliver(delivery.pk) == DeliveryStatus.SENT
    first_id = suomifi.sent[delivery.idempotency_key]
    Delivery.all_objects.filter(pk=delivery.pk).update(status=DeliveryStatus.SENDING, claimed_until=None,
                                                       provider_id="")
    assert deliver(delivery.pk) == DeliveryStatus.SENT
    assert [r for r in suomifi.messages()][-1]["json"]["externalId"] == delivery.idempotency_key
    assert len(suomifi.sent) == 1
    delivery.refresh_from_db()
    assert delivery.provider_id == str(first_id) and delivery.attempts == 2


def test_a_refused_token_is_renewed_once(suomifi, resident):
    first = _delivery(resident, key="k1")
    deliver(first.pk)
    suomifi.tokens.clear()  # the server forgot the token (expired early)
    second = _delivery(resident, key="k2")
    assert deliver(second.pk) == DeliveryStatus.SENT
    paths = [(r["path"]) for r in suomifi.requests]
    assert paths == ["/v1/token", "/v2/messages/electronic", "/v2/messages/electronic", "/v1/token",
                     "/v2/messages/electronic"]


def test_wrong_credentials_are_retried_not_lost(suomifi, resident, settings):
    settings.LUUKKU_SUOMIFI_MESSAGES_PASSWORD = "vanha-salasana"
    delivery = _delivery(resident)
    assert deliver(delivery.pk) == DeliveryStatus.RETRYING
    delivery.refresh_from_db()
    assert delivery.last_error == "Suomi.fi Messages login failed (401)"


def test_no_mailbox_for_an_electronic_only_message_fails_without_the_identity_code(suomifi, resident):
    suomifi.no_mailbox.add(resident.hetu)
    delivery = _delivery(resident)
    assert deliver(delivery.pk) == DeliveryStatus.FAILED
    delivery.refresh_from_db()
    assert delivery.last_error == "Suomi.fi Messages refused the message (400)"
    assert resident.hetu not in delivery.last_error


@pytest.fixture
def paper(suomifi, settings):
    settings.LUUKKU_SUOMIFI_PAPER_MAIL = True
    settings.LUUKKU_SUOMIFI_POSTI_USERNAME, settings.LUUKKU_SUOMIFI_POSTI_PASSWORD = "posti", "posti-salasana"
    settings.LUUKKU_SUOMIFI_POSTI_EMAIL = "posti@koivula.example"
    return suomifi


def test_with_paper_mail_configured_a_multichannel_message_carries_the_address(paper, resident):
    delivery = _delivery(resident)
    assert deliver(delivery.pk) == DeliveryStatus.SENT
    [message] = paper.messages()
    assert message["path"] == "/v2/messages"
    paper_mail = message["json"]["paperMail"]
    assert paper_mail["recipient"]["address"]["streetAddress"] == "Salaistentie 7 B 12"
    assert paper_mail["createAddressPage"] is True
    [letter] = paper.attachments.values()
    assert letter.startswith(b"%PDF")


def test_a_protected_address_never_leaves_the_system(paper, resident):
    """Turvakielto: electronic only, even where paper mail is configured; no address anywhere in
    what goes out."""
    resident.protected_address = True
    resident.save()
    delivery = _delivery(resident)
    assert deliver(delivery.pk) == DeliveryStatus.SENT
    [message] = paper.messages()
    assert message["path"] == "/v2/messages/electronic" and "paperMail" not in message["json"]
    assert not paper.attachments
    sent = b"".join(r["raw"] for r in paper.requests).decode()
    for part in ("Salaistentie", "01234", "streetAddress", "zipCode"):
        assert part not in sent
    assert json.loads(message["raw"])["recipient"] == {"id": resident.hetu}


def test_the_identity_code_is_decrypted_only_to_send(resident):
    channel = suomifi.SuomiFiChannel()
    assert channel.has_address(resident)
    resident.hetu_encrypted = "not-decryptable"  # has_address must not decrypt
    assert channel.has_address(resident)
