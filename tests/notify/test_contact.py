"""Notifications to someone without an account (a feedback reporter who typed only an email or a
phone number): the same outbox promises as for a resident, by email when there is an address,
else by SMS; never through Suomi.fi Messages (no identity code); the text names the reference and
the link, never what was written."""

import pytest
from django.core import mail
from django.db import transaction

from luukku.core.models import Domain
from luukku.notify import messages
from luukku.notify.models import Delivery, DeliveryStatus, Notification
from luukku.notify.services import deliver, notify, notify_contact

from .conftest import choose

pytestmark = pytest.mark.django_db

LINK = "/esimerkki/fi/palaute/seuranta/salainen-token-123/"
CONTEXT = {"reference": "ESI-P-000042", "category": {"fi": "Katuvika", "sv": "Gatufel"}, "link": LINK}


def _contact(municipality, *, email="", phone="", key="feedback:1:received", kind="feedback.received",
             language="fi", context=CONTEXT):
    return notify_contact(municipality=municipality, email=email, phone=phone, language=language, kind=kind,
                          key=key, context=context)


def test_written_in_the_callers_transaction_and_rolled_back_with_it(municipality):
    with pytest.raises(RuntimeError), transaction.atomic():
        assert _contact(municipality, email="raportoija@example.fi", key="rolled-back") is not None
        raise RuntimeError("the feedback could not be saved")
    assert not Notification.all_objects.filter(idempotency_key="rolled-back").exists()
    assert not Delivery.all_objects.exists()


def test_delivered_once_by_email_through_the_real_deliver_path(municipality, django_capture_on_commit_callbacks):
    Domain.objects.create(host="asiointi.esimerkki.fi", municipality=municipality)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notification = _contact(municipality, email="raportoija@example.fi", phone="040 123 4567")
    assert callbacks  # enqueued only after commit
    [delivery] = notification.deliveries.all()  # email wins over the phone: one message, not two
    assert delivery.channel == "email" and notification.person is None
    assert deliver(delivery.pk) == DeliveryStatus.SENT
    assert deliver(delivery.pk) == "not claimed"  # a second task for the same row sends nothing
    [sent] = mail.outbox
    assert sent.to == ["raportoija@example.fi"]
    assert "ESI-P-000042" in sent.subject and "Esimerkki" in sent.subject
    assert f"https://asiointi.esimerkki.fi{LINK}" in sent.body and "Katuvika" in sent.body
    assert sent.extra_headers["X-Luukku-Idempotency-Key"] == delivery.idempotency_key
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT and delivery.attempts == 1


def test_a_phone_only_reporter_gets_a_text_on_the_console(municipality, settings, capsys):
    settings.LUUKKU_SMS_BACKEND = "console"
    notification = _contact(municipality, phone="040 123 4567", kind="feedback.closed")
    [delivery] = notification.deliveries.all()
    assert delivery.channel == "sms"
    assert deliver(delivery.pk) == DeliveryStatus.SENT
    out = capsys.readouterr().out
    assert "ESI-P-000042" in out and "4567" not in out and "*567" in out  # the number masked
    assert not mail.outbox


def test_a_phone_only_reporter_gets_a_text_through_the_gateway(municipality, gateway):
    notification = _contact(municipality, phone="040 123 4567", kind="feedback.replied")
    [delivery] = notification.deliveries.all()
    assert deliver(delivery.pk) == DeliveryStatus.SENT
    [request] = gateway.requests
    assert request["payload"]["to"] == "+358401234567"
    assert request["headers"]["Idempotency-Key"] == delivery.idempotency_key
    assert "ESI-P-000042" in request["payload"]["text"]


def test_a_replay_with_the_same_key_makes_one_notification(municipality):
    first = _contact(municipality, email="raportoija@example.fi")
    again = _contact(municipality, email="toinen@example.fi")
    assert again.pk == first.pk and again.email == "raportoija@example.fi"
    assert Notification.all_objects.filter(idempotency_key="feedback:1:received").count() == 1
    assert Delivery.all_objects.filter(notification=first).count() == 1


@pytest.mark.parametrize("email, phone", [("", ""), ("  ", ""), ("", "ei numero")])
def test_no_address_no_notification(municipality, email, phone):
    assert _contact(municipality, email=email, phone=phone) is None
    assert not Notification.all_objects.exists()


def test_suomifi_messages_has_no_address_for_a_contact(municipality, suomifi):
    notification = _contact(municipality, email="raportoija@example.fi")
    assert not notification.deliveries.filter(channel="suomifi").exists()
    # Even a delivery forced onto Suomi.fi is skipped, and nothing reaches the service.
    forced = Delivery.all_objects.create(municipality=municipality, notification=notification, channel="suomifi")
    assert deliver(forced.pk) == DeliveryStatus.SKIPPED
    forced.refresh_from_db()
    assert forced.last_error == "no address for this channel"
    assert not suomifi.messages()


def test_the_language_given_if_offered_else_the_municipalitys_first(municipality):
    municipality.languages = ["fi", "sv"]
    municipality.save()
    swedish = _contact(municipality, email="a@example.fi", key="sv", language="sv")
    english = _contact(municipality, email="b@example.fi", key="en", language="en")
    assert swedish.language == "sv" and "Exempel" in swedish.subject and "Gatufel" in swedish.body
    assert english.language == "fi" and "Esimerkki" in english.subject


@pytest.mark.parametrize("kind", ["feedback.received", "feedback.replied", "feedback.closed"])
def test_the_text_names_the_reference_and_link_but_nothing_that_was_written(municipality, kind):
    context = {**CONTEXT, "description": "Naapurin koira haukkuu", "reply": "Vastaus: koira siirretty"}
    notification = _contact(municipality, email="raportoija@example.fi", phone="0401234567", kind=kind,
                            context=context)
    text = notification.subject + notification.body
    assert "ESI-P-000042" in text and LINK in notification.body and notification.link == LINK
    for secret in ("koira", "raportoija@example.fi", "0401234567"):
        assert secret not in text


def test_a_resident_reporter_is_told_through_their_own_channels(aino):
    aino.email = "aino@example.fi"
    aino.save()
    choose(aino, "email", "suomifi")
    notification = notify(person=aino, kind="feedback.replied", key="feedback:2:reply:1", context=CONTEXT)
    assert notification.case is None and notification.link == LINK
    assert "ESI-P-000042" in notification.subject and LINK in notification.body
    [delivery] = notification.deliveries.all()  # Suomi.fi Messages is not configured here
    assert deliver(delivery.pk) == DeliveryStatus.SENT
    assert mail.outbox[0].to == ["aino@example.fi"]


def test_render_without_a_case_still_gives_the_generic_text(aino):
    subject, body, link = messages.render("something.else", person=aino, case=None, language="fi", context={})
    assert link == "" and "Esimerkki" in subject and body


def test_the_residents_page_shows_a_feedback_notification_with_its_link_and_no_contacts(client, aino,
                                                                                      municipality):
    aino.email = "aino@example.fi"
    aino.save()
    mine = notify(person=aino, kind="feedback.received", key="feedback:3:received", context=CONTEXT)
    contact = _contact(municipality, email="raportoija@example.fi", key="feedback:4:received",
                       context={**CONTEXT, "reference": "ESI-P-000099"})
    client.force_login(aino.user)
    html = client.get("/esimerkki/en/ilmoitukset/").content.decode()
    assert mine.subject in html and f'href="{LINK}"' in html and "Read more" in html
    assert contact.subject not in html and "ESI-P-000099" not in html


def test_opening_a_contact_notification_in_the_admin_is_audited(client, municipality):
    from django.urls import reverse

    from luukku.core.models import AuditEvent, Role

    from ..factories import MembershipFactory, UserFactory

    manager = UserFactory(username="johtaja", is_staff=True)
    MembershipFactory(municipality=municipality, user=manager, role=Role.MANAGER)
    notification = _contact(municipality, email="raportoija@example.fi")
    client.force_login(manager)
    listing = client.get(reverse("admin:notify_notification_changelist"))
    assert listing.status_code == 200 and "feedback.received" in listing.content.decode()
    page = client.get(reverse("admin:notify_notification_change", args=[notification.pk]))
    assert page.status_code == 200 and "raportoija@example.fi" in page.content.decode()
    assert AuditEvent.all_objects.filter(action="notification.read", subject_id=notification.public_id).exists()
