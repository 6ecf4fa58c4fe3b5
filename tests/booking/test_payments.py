"""Paying for a booking through the test provider, along the path a real provider takes: the booking
page's "Pay" → the provider's page → a signed callback → services.confirm_payment. A cancelled payment
leaves the booking waiting (until expire_unpaid frees it); a bad signature or a changed amount is
refused and changes nothing."""

import pytest
from django.test import Client

from luukku.booking.models import Booking, BookingStatus, PaymentStatus
from luukku.booking.payments import TestProvider, sign
from luukku.booking.resident_views import slot_value

from .conftest import MONDAY, at

pytestmark = pytest.mark.django_db

ROOT = "/esimerkki/en/ajanvaraus/"


@pytest.fixture
def paid_hall(world):
    world["hall"].price_cents = 2500
    world["hall"].save()
    client = Client()
    client.force_login(world["aino"].user)
    page = client.get(ROOT + "liikuntasali/").content.decode()
    assert "The price is €25.00" in page  # said before booking
    response = client.post(ROOT + "liikuntasali/", {"aika": slot_value(at(MONDAY, 16)), "party_size": "2"})
    booking = Booking.all_objects.get()
    assert booking.status == BookingStatus.AWAITING_PAYMENT
    page = client.get(response["Location"]).content.decode()
    assert 'id="pay"' in page and "Pay €25.00" in page
    return client, booking


def _to_test_page(client, booking):
    response = client.post(f"{ROOT}varaukset/{booking.public_id}/maksa/")
    assert response.status_code == 302 and "/ajanvaraus/maksu/testi/" in response["Location"]
    page = client.get(response["Location"])
    assert "This is a test: no money moves." in page.content.decode()
    return response["Location"]


def test_paying_on_the_test_page_confirms_through_the_signed_callback(paid_hall):
    client, booking = paid_hall
    test_page = _to_test_page(client, booking)
    back = client.post(test_page, {"action": "pay"})
    assert back.status_code == 302 and "/ajanvaraus/maksu/paluu/test/" in back["Location"]
    landed = client.get(back["Location"])
    assert landed.status_code == 302 and landed["Location"] == f"{ROOT}varaukset/{booking.public_id}/"
    booking.refresh_from_db()
    assert (booking.status, booking.payment_status) == (BookingStatus.CONFIRMED, PaymentStatus.PAID)
    assert booking.payment_reference.startswith("TEST-")
    assert "payment was received" in client.get(landed["Location"]).content.decode()
    assert client.get(back["Location"]).status_code == 302  # the provider's second call changes nothing
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED


def test_a_cancelled_payment_leaves_the_booking_waiting(paid_hall):
    client, booking = paid_hall
    back = client.post(_to_test_page(client, booking), {"action": "cancel"})
    page = client.get(client.get(back["Location"])["Location"]).content.decode()
    assert "payment was not completed" in page and 'id="pay"' in page
    booking.refresh_from_db()
    assert (booking.status, booking.payment_status) == (BookingStatus.AWAITING_PAYMENT, PaymentStatus.PENDING)


def test_the_callback_refuses_a_bad_signature_and_a_changed_amount(paid_hall):
    client, booking = paid_hall
    params = TestProvider().callback_params(booking, paid=True, transaction_id="TEST-1")
    url = "/esimerkki/en/ajanvaraus/maksu/paluu/test/"
    forged = {**params, "signature": "0" * 64}
    assert Client().get(url, forged).status_code == 400
    cheaper = {**params, "checkout-amount": "100"}
    assert Client().get(url, cheaper).status_code == 400  # the signature no longer matches
    resigned = {**cheaper, "signature": sign(cheaper, TestProvider.secret())}
    assert Client().get(url, resigned).status_code == 400  # signed, but not the booking's price
    assert Client().get(url, {}).status_code == 400
    assert Client().get("/esimerkki/en/ajanvaraus/maksu/paluu/paytrail/", params).status_code == 404
    booking.refresh_from_db()
    assert booking.payment_status == PaymentStatus.PENDING
    assert Client().get(url, params).status_code == 302  # the genuine one is taken
    booking.refresh_from_db()
    assert booking.payment_status == PaymentStatus.PAID


def test_the_test_provider_takes_no_payment_in_production(paid_hall, settings):
    client, booking = paid_hall
    test_page = _to_test_page(client, booking)
    settings.PRODUCTION = True
    response = client.post(f"{ROOT}varaukset/{booking.public_id}/maksa/")
    assert response.status_code == 503 and "Online payment is not available" in response.content.decode()
    assert client.get(test_page).status_code == 404
    params = TestProvider().callback_params(booking, paid=True, transaction_id="TEST-1")
    assert client.get("/esimerkki/en/ajanvaraus/maksu/paluu/test/", params).status_code == 404
