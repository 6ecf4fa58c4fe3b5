"""A delivery that can never succeed fails at once, with its reason, instead of being retried for
hours: an address that is not one (a list, a line break, markup), a number that is no phone
number, a mail server's permanent 5xx. A 4xx of the mail server is still retried."""

import re
import socketserver
import threading

import pytest
from django.core import mail

from luukku.core.models import Role
from luukku.core.tenancy import municipality_context
from luukku.demo.data.eservices import CASE_TYPES
from luukku.notify import channels as registry
from luukku.notify.models import Delivery, DeliveryStatus
from luukku.notify.services import deliver, notify, notify_contact

from ..cases.conftest import make_person
from ..cases.staff_helpers import case_url
from ..eservices.conftest import make_case_type
from ..factories import MembershipFactory, UserFactory
from ..frontoffice.conftest import make_case
from .conftest import choose

pytestmark = pytest.mark.django_db


@pytest.fixture
def reachable(aino):
    aino.phone, aino.email = "040 123 4567", "aino@example.fi"
    aino.save()
    return aino


def _queued(person, channel, key="k1"):
    """A delivery written while the address was good; the address is changed before it is sent
    (as rows queued before validation existed)."""
    choose(person, channel)
    notification = notify(person=person, kind="case.message", key=key)
    return Delivery.all_objects.get(notification=notification, channel=channel)


def _failed_at_once(delivery, reason):
    assert deliver(delivery.pk) == DeliveryStatus.FAILED
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_error) == (DeliveryStatus.FAILED, 1, reason)


@pytest.mark.parametrize("email", ["aino@example.fi, bertil@example.fi", "aino@example.fi\r\nBcc: x@example.fi",
                                   "<script>alert(1)</script>@example.fi", "aino@"])
def test_an_invalid_email_fails_at_once(reachable, email):
    delivery = _queued(reachable, "email")
    reachable.email = email
    reachable.save()
    _failed_at_once(delivery, "not a valid email address")
    assert mail.outbox == []
    # Nor is the person counted as reachable by email (the campaigns then choose another channel).
    assert not registry.channels["email"]().has_address(reachable)


def test_an_invalid_phone_number_fails_at_once(reachable, settings):
    settings.LUUKKU_SMS_BACKEND = "console"
    delivery = _queued(reachable, "sms")
    reachable.phone = "soita toimistoon"
    reachable.save()
    _failed_at_once(delivery, "not a valid mobile phone number")


def test_a_reporters_invalid_email_fails_at_once(municipality):
    notification = notify_contact(municipality=municipality, email="a@example.fi,\nb@example.fi", phone="",
                                  language="fi", kind="feedback.received", key="feedback:x:received",
                                  context={"reference": "PAL-1", "link": "/x/"})
    _failed_at_once(notification.deliveries.get(), "not a valid email address")


# --- a mail server that answers with codes ------------------------------------------------------------

class _Smtp(socketserver.StreamRequestHandler):
    def handle(self):
        codes = self.server.codes
        self.wfile.write(b"220 test ESMTP\r\n")
        while line := self.rfile.readline():
            verb = line.split(b" ")[0].split(b":")[0].strip().upper()
            if verb in (b"EHLO", b"HELO"):
                self.wfile.write(b"250 test\r\n")
            elif verb == b"MAIL":
                self.wfile.write(b"250 ok\r\n")
            elif verb == b"RCPT":
                self.wfile.write(codes.get("rcpt", b"250 ok") + b"\r\n")
            elif verb == b"DATA":
                self.wfile.write(b"354 go on\r\n")
                while (body := self.rfile.readline()) and body != b".\r\n":
                    pass
                self.wfile.write(codes.get("data", b"250 queued") + b"\r\n")
            elif verb == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 ok\r\n")


@pytest.fixture
def smtp(settings):
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Smtp)
    server.daemon_threads = True
    server.codes = {}
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = server.server_address
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    yield server
    server.shutdown()
    server.server_close()


def test_a_recipient_refused_for_good_fails_at_once(reachable, smtp):
    smtp.codes["rcpt"] = b"550 5.1.1 no such mailbox"
    _failed_at_once(_queued(reachable, "email"), "the mail server refused the recipient (550)")


def test_a_message_refused_for_good_fails_at_once(reachable, smtp):
    smtp.codes["data"] = b"554 5.7.1 rejected"
    _failed_at_once(_queued(reachable, "email"), "the mail server refused the message (554)")


def test_a_recipient_deferred_is_retried(reachable, smtp):
    smtp.codes["rcpt"] = b"450 4.2.1 mailbox busy, try later"
    delivery = _queued(reachable, "email")
    assert deliver(delivery.pk) == DeliveryStatus.RETRYING
    delivery.refresh_from_db()
    assert delivery.last_error == "the mail server deferred the recipient (450)"


def test_a_good_address_goes(reachable, smtp):
    delivery = _queued(reachable, "email")
    assert deliver(delivery.pk) == DeliveryStatus.SENT


def test_the_reason_is_shown_with_the_case(client, municipality):
    """Where the handler sees a case's deliveries: failed, and why."""
    with municipality_context(municipality):
        case_type, definition = make_case_type(municipality, CASE_TYPES[1])
    resident = make_person(municipality, "Aino", "Asukas")
    type(resident).all_objects.filter(pk=resident.pk).update(email="aino@example.fi\nBcc: x@example.fi")
    resident.refresh_from_db()
    choose(resident, "email")
    case = make_case(resident, case_type, definition, {})
    assert deliver(Delivery.all_objects.get(notification__case=case).pk) == DeliveryStatus.FAILED
    handler = UserFactory(username="kasittelija")
    MembershipFactory(municipality=municipality, user=handler, role=Role.CASE_HANDLER, unit=case_type.unit)
    client.force_login(handler)
    page = client.get(case_url(case)).content.decode()
    [shown] = re.findall(r'<p class="delivery delivery-failed">(.*?)</p>', page, re.S)
    assert "not a valid email address" in shown
