"""Paying for a booking: the booking page's "Pay" sends the resident to the provider's page; the
provider sends them (and, for real providers, its server) back to the callback with a signed result.
The test provider's page is served here, clearly marked, and signs its result as a real one would."""

import secrets
from urllib.parse import urlencode

from django.contrib import messages
from django.core import signing
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from . import services
from .models import Booking, BookingStatus
from .payments import (BadSignature, PaymentUnavailable, TestProvider, active_provider, payment_providers,
                       provider_key)
from .resident_views import _booking_context, _check_language, _url, booking_view
from .links import booking_path

TEST_PAGE_SECONDS = 60 * 60


@booking_view
@require_POST
def pay(request, municipality, lang, booking):
    context = _booking_context(request, lang, booking)
    if booking.status != BookingStatus.AWAITING_PAYMENT:
        messages.info(request, _("This booking is not waiting for payment."))
        return redirect(context["urls"]["booking"])
    try:
        provider = active_provider()
        callback = request.build_absolute_uri(_url(request, lang, "payment_callback", provider_key()))
        return redirect(provider.start(booking, callback))
    except PaymentUnavailable:
        context["errors"] = [("pay", _("Online payment is not available just now. Try again later, or call the "
                                       "unit to pay in another way."))]
        return render(request, "booking/resident/booking.html", context, status=503)


def _test_booking(request, token) -> tuple[Booking, str]:
    if provider_key() != "test" or TestProvider.check():
        raise Http404("the test payment provider is not in use")
    try:
        data = signing.loads(token, salt="booking.testpay", max_age=TEST_PAGE_SECONDS)
    except signing.BadSignature:
        raise Http404("no such payment") from None
    booking = (Booking.all_objects.filter(municipality=request.municipality, public_id=data.get("b"))
               .select_related("resource", "resource__unit").first())
    if booking is None:
        raise Http404("no such payment")
    return booking, str(data.get("c") or "")


@never_cache
@require_http_methods(["GET", "POST"])
def test_pay(request, municipality, lang, token):
    """The test provider's page: "Pay" and "Cancel", no money moves; the answer goes to the callback
    signed as a real provider signs it."""
    _check_language(request, lang)
    booking, callback = _test_booking(request, token)
    if request.method == "POST":
        paid = request.POST.get("action") == "pay"
        params = TestProvider().callback_params(booking, paid=paid, transaction_id="TEST-" + secrets.token_hex(6))
        return redirect(f"{callback}?{urlencode(params)}")
    return render(request, "booking/resident/test_pay.html", {"booking": booking, "resource": booking.resource})


@never_cache
@require_safe
def callback(request, municipality, lang, provider):
    """The provider's signed result: paid → services.confirm_payment; anything else leaves the booking
    waiting for payment (services.expire_unpaid frees the time when no payment comes). A bad signature,
    or a result that does not match the booking, changes nothing."""
    _check_language(request, lang)
    if provider not in payment_providers or payment_providers[provider].check():
        raise Http404("no such payment provider")
    try:
        outcome = payment_providers[provider]().verify(request.GET)
    except BadSignature:
        return render(request, "booking/resident/payment_refused.html", status=400)
    booking = (Booking.all_objects.filter(municipality=request.municipality, public_id=outcome.stamp)
               .select_related("resource", "resource__municipality").first()
               if _is_uuid(outcome.stamp) else None)
    if booking is None or booking.reference != outcome.reference or (booking.price_cents or 0) != outcome.amount_cents:
        return render(request, "booking/resident/payment_refused.html", status=400)
    if outcome.paid:
        booking = services.confirm_payment(booking, reference=outcome.transaction_id)
        if booking.status == BookingStatus.CANCELLED:
            messages.warning(request, _("The payment came after the time had been freed. Call the unit to get "
                                        "your money back."))
        else:
            messages.success(request, _("Thank you: the payment was received and the booking is confirmed."))
    elif booking.status == BookingStatus.AWAITING_PAYMENT:
        messages.info(request, _("The payment was not completed. The time is still held for you for a while: "
                                 "you can try again."))
    return redirect(booking_path(booking))


def _is_uuid(value: str) -> bool:
    import uuid

    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True
