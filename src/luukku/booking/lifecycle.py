"""A booking's statuses; every move through core.lifecycle (history row + booking.status_changed)."""

from django.utils.translation import gettext_lazy as _

from luukku.core.lifecycle import Lifecycle, labels

from .models import Booking, BookingChange, BookingStatus as S

BOOKING = Lifecycle(
    model=Booking,
    table={S.AWAITING_PAYMENT: {S.CONFIRMED, S.CANCELLED},
           S.CONFIRMED: {S.CANCELLED, S.NO_SHOW, S.ATTENDED},
           S.NO_SHOW: {S.ATTENDED}, S.ATTENDED: {S.NO_SHOW}},  # a mistaken mark can be put right
    history=lambda booking, change: BookingChange(
        municipality=booking.municipality, booking=booking, at=change.at, by_user=change.by_user,
        by_person=change.by_person, from_status=change.from_status, to_status=change.to_status,
        reason=change.reason, **change.fields),
    event_prefix="booking",
    refusal=_("A booking that is “%(from)s” cannot become “%(to)s”."),
    label=labels(S),
)
