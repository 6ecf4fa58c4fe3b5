"""Writes of booking: one function per use case, each in a transaction. Every refusal is a
ValidationError whose message says what to do instead; the caller keeps what the resident chose."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from luukku.core import clock
from luukku.core.lifecycle import move
from luukku.core.services import record_event

from . import adapters
from . import slots as slot_module
from .lifecycle import BOOKING
from .models import Booking, BookingChange, BookingStatus, Channel, PaymentStatus, Resource, SlotClaim

ACTIVE = (BookingStatus.AWAITING_PAYMENT, BookingStatus.CONFIRMED)
CLAIM_ATTEMPTS = 5


def _local(value: dt.datetime) -> str:
    return date_format(timezone.localtime(value, clock.HELSINKI), "j.n.Y H:i")


def _locked_resource(resource: Resource) -> Resource:
    """The resource row locked: bookings of one resource take their seats one after another (the
    claims' constraints are the guarantee; the lock saves retries)."""
    return Resource.all_objects.select_for_update().get(pk=resource.pk)


def check_slot(resource: Resource, starts_at: dt.datetime, *, staff: bool = False, now=None) -> slot_module.Slot:
    """The slot starting at `starts_at`, or a refusal: not one of the resource's times, in the past,
    too soon (residents: the notice), too far ahead (residents: the horizon)."""
    now = now or clock.now()
    if not resource.is_active:
        raise ValidationError(_("This can no longer be booked."), code="inactive")
    if starts_at <= now:
        raise ValidationError(_("That time has passed. Choose a later time."), code="past")
    day = starts_at.astimezone(clock.HELSINKI).date()
    offered = (adapters.external_slots(resource, day, day, strict=True) if resource.external_system
               else slot_module.slots(resource, day, day))
    match = next((s for s in offered if s.starts_at == starts_at), None)
    if match is None:
        raise ValidationError(_("There is no bookable time at %(time)s: it is outside the opening hours. "
                                "Choose one of the free times.") % {"time": _local(starts_at)}, code="no_slot")
    if not staff:
        if starts_at < slot_module.bookable_from(resource, now):
            raise ValidationError(_("Book at least %(minutes)s minutes ahead. Choose a later time.")
                                  % {"minutes": resource.notice_minutes}, code="notice")
        if day > slot_module.bookable_until(resource, now):
            raise ValidationError(_("Times can be booked %(days)s days ahead at most. Choose an earlier time.")
                                  % {"days": resource.horizon_days}, code="horizon")
    return match


def _seats(resource: Resource, party_size: int) -> int:
    return party_size if resource.counts_people else 1


def _claim(booking: Booking, resource: Resource, starts_at: dt.datetime, seats: int) -> None:
    """Take `seats` free seats of the slot for the booking, or refuse: the slot is full."""
    for _attempt in range(CLAIM_ATTEMPTS):
        taken = set(SlotClaim.all_objects.filter(resource=resource, starts_at=starts_at)
                    .values_list("seat", flat=True))
        free = [n for n in range(1, resource.capacity + 1) if n not in taken]
        if len(free) < seats:
            break
        try:
            with transaction.atomic():  # a savepoint: a seat taken meanwhile lets us read again
                SlotClaim.all_objects.bulk_create(
                    SlotClaim(municipality_id=resource.municipality_id, resource=resource, starts_at=starts_at,
                              seat=n, capacity=resource.capacity, booking=booking) for n in free[:seats])
            return
        except IntegrityError:
            continue
    raise ValidationError(_("That time was just booked full. Choose another time."), code="full")


def _overlapping(person, starts_at, ends_at, exclude=None):
    qs = Booking.all_objects.filter(person=person, status__in=ACTIVE, starts_at__lt=ends_at, ends_at__gt=starts_at)
    return qs.exclude(pk=exclude.pk) if exclude else qs


def _check_party(resource: Resource, party_size: int, party_names) -> None:
    if not 1 <= party_size <= resource.party_max:
        raise ValidationError({"party_size": _("One booking can include %(n)s people at most.")
                               % {"n": resource.party_max}}, code="party")
    if len(party_names) > party_size - 1:
        raise ValidationError({"party_size": _("Give as many people as there are names.")}, code="party")


@transaction.atomic
def book(resource: Resource, starts_at: dt.datetime, *, person=None, by_user=None, channel: str = Channel.WEB,
         party_size: int = 1, party_names=(), name: str = "", email: str = "", phone: str = "",
         language: str = "fi", message: str = "") -> Booking:
    """Book a slot for a resident (or, by staff, for someone reached by phone or email)."""
    staff = by_user is not None and channel != Channel.WEB
    resource = _locked_resource(resource)
    slot = check_slot(resource, starts_at, staff=staff)
    party_names = [str(n).strip()[:200] for n in party_names if str(n).strip()]
    _check_party(resource, party_size, party_names)
    if person is None and not (email or phone):
        raise ValidationError({"phone": _("Give a phone number or an email address for the confirmation.")},
                              code="contact")
    if person is not None and _overlapping(person, slot.starts_at, slot.ends_at).exists():
        raise ValidationError(_("You already have a booking at that time. Choose another time or move that "
                                "booking."), code="overlap")
    paid = resource.price_cents is not None and resource.price_cents > 0
    booking = Booking.all_objects.create(
        municipality_id=resource.municipality_id, resource=resource, starts_at=slot.starts_at, ends_at=slot.ends_at,
        person=person, name=name or (person.full_name if person else ""), party_size=party_size,
        party_names=party_names, email=email, phone=phone, language=language, message=message.strip()[:2000],
        channel=channel, booked_by_user=by_user if staff else None,
        status=BookingStatus.AWAITING_PAYMENT if paid and channel == Channel.WEB else BookingStatus.CONFIRMED,
        price_cents=resource.price_cents if paid else None,
        payment_status=PaymentStatus.PENDING if paid else PaymentStatus.NOT_REQUIRED)
    _claim(booking, resource, slot.starts_at, _seats(resource, party_size))
    if resource.external_system:  # the outside system books it too, or the whole booking is refused
        booking.external_id = adapters.forward_book(booking)
        booking.save(update_fields=["external_id"])
    BookingChange.all_objects.create(municipality_id=booking.municipality_id, booking=booking,
                                     by_user=booking.booked_by_user, by_person=person, from_status="",
                                     to_status=booking.status, to_starts_at=booking.starts_at)
    record_event(municipality=resource.municipality, kind="booking.booked", obj=booking, actor=by_user,
                 data={"channel": channel, "resource": resource.pk})
    if booking.status == BookingStatus.CONFIRMED:
        from .notices import confirmed

        confirmed(booking)
    return booking


def _locked(booking: Booking) -> Booking:
    return Booking.all_objects.select_for_update(of=("self",)).select_related("resource").get(pk=booking.pk)


def _check_deadline(booking: Booking, *, staff: bool, message: str) -> None:
    """Residents change a booking until the resource's deadline; `message` says so with %(deadline)s."""
    if staff:
        return
    deadline = booking.starts_at - dt.timedelta(minutes=booking.resource.cancel_minutes)
    if clock.now() > deadline:
        raise ValidationError(message % {"deadline": _local(deadline)}, code="deadline")


@transaction.atomic
def reschedule(booking: Booking, starts_at: dt.datetime, *, by_person=None, by_user=None) -> Booking:
    """Move the booking to another slot of the same resource: the new seats are taken before the old
    are freed, so a refusal leaves the booking where it was."""
    staff = by_user is not None
    booking = _locked(booking)
    if booking.status not in ACTIVE:
        raise ValidationError(_("Only a valid booking can be moved."), code="status")
    _check_deadline(booking, staff=staff, message=_("The booking can be moved only until %(deadline)s. "
                                                    "Call the unit to change it."))
    resource = _locked_resource(booking.resource)
    slot = check_slot(resource, starts_at, staff=staff)
    if slot.starts_at == booking.starts_at:
        raise ValidationError(_("Choose a time other than the current one."), code="same")
    if booking.person_id and _overlapping(booking.person, slot.starts_at, slot.ends_at, exclude=booking).exists():
        raise ValidationError(_("You already have a booking at that time. Choose another time."), code="overlap")
    old_start = booking.starts_at
    old_claims = list(booking.claims.values_list("pk", flat=True))  # freed once the new seats are held
    _claim(booking, resource, slot.starts_at, _seats(resource, booking.party_size))
    if resource.external_system:  # moved outside too, or not at all
        booking.external_id = adapters.forward_reschedule(booking, slot.starts_at)
    SlotClaim.all_objects.filter(pk__in=old_claims).delete()
    booking.starts_at, booking.ends_at, booking.reminder_sent_at = slot.starts_at, slot.ends_at, None
    booking.updated_at = clock.now()
    booking.save(update_fields=["starts_at", "ends_at", "reminder_sent_at", "updated_at", "external_id"])
    BookingChange.all_objects.create(municipality_id=booking.municipality_id, booking=booking, by_user=by_user,
                                     by_person=by_person, from_status=booking.status, to_status=booking.status,
                                     from_starts_at=old_start, to_starts_at=slot.starts_at)
    record_event(municipality=resource.municipality, kind="booking.rescheduled", obj=booking, actor=by_user,
                 data={"from": old_start.isoformat(), "to": slot.starts_at.isoformat()})
    from .notices import rescheduled

    rescheduled(booking, old_start)
    return booking


@transaction.atomic
def cancel(booking: Booking, *, by_person=None, by_user=None, reason: str = "") -> Booking:
    """Cancel and free the seats (residents until the resource's deadline; staff at any time, saying why)."""
    staff = by_user is not None
    booking = _locked(booking)
    if booking.status not in ACTIVE:
        raise ValidationError(_("This booking is no longer valid, so it cannot be cancelled."), code="status")
    _check_deadline(booking, staff=staff, message=_("The booking can be cancelled only until %(deadline)s. "
                                                    "Call the unit to cancel it."))
    if staff and not reason.strip():
        raise ValidationError({"reason": _("Say why the booking is cancelled: the resident is told.")},
                              code="required")
    if booking.resource.external_system and booking.external_id:  # cancelled outside first, or not at all
        adapters.forward_cancel(booking)
    booking.claims.all().delete()
    move(BOOKING, booking, BookingStatus.CANCELLED, by_user=by_user, by_person=by_person, reason=reason.strip())
    from .notices import cancelled

    cancelled(booking, by_staff=staff)
    return booking


@transaction.atomic
def mark(booking: Booking, status: str, *, by_user) -> Booking:
    """Staff mark whether the resident came (only once the time has begun)."""
    booking = _locked(booking)
    if status not in (BookingStatus.NO_SHOW, BookingStatus.ATTENDED):
        raise ValidationError(_("Choose whether the resident came."), code="status")
    if clock.now() < booking.starts_at:
        raise ValidationError(_("Mark this once the booked time has begun."), code="too_early")
    move(BOOKING, booking, status, by_user=by_user)
    return booking


@transaction.atomic
def confirm_payment(booking: Booking, *, reference: str) -> Booking:
    """The payment provider said the booking is paid: it is confirmed (idempotent)."""
    booking = _locked(booking)
    if booking.payment_status == PaymentStatus.PAID:
        return booking
    booking.payment_status, booking.payment_reference = PaymentStatus.PAID, reference[:100]
    booking.save(update_fields=["payment_status", "payment_reference"])
    if booking.status == BookingStatus.AWAITING_PAYMENT:
        move(BOOKING, booking, BookingStatus.CONFIRMED, reason="paid")
        from .notices import confirmed

        confirmed(booking)
    return booking


def send_due_reminders(*, hours: int = 24, now=None) -> int:
    """Remind of the confirmed bookings starting within `hours`, once each (a booking made inside that
    window had its confirmation just now and gets no reminder). Each in its own transaction."""
    now = now or clock.now()
    window = dt.timedelta(hours=hours)
    due = (Booking.all_objects.filter(status=BookingStatus.CONFIRMED, reminder_sent_at__isnull=True,
                                      starts_at__gt=now, starts_at__lte=now + window)
           .values_list("pk", flat=True)[:5000])
    sent = 0
    for pk in list(due):
        with transaction.atomic():
            booking = Booking.all_objects.select_for_update(of=("self",)).select_related("resource", "person").get(pk=pk)
            if booking.reminder_sent_at is not None or booking.status != BookingStatus.CONFIRMED:
                continue
            booking.reminder_sent_at = now
            booking.save(update_fields=["reminder_sent_at"])
            if booking.created_at > booking.starts_at - window:
                continue  # booked inside the window: the confirmation was the reminder
            from .notices import reminder

            reminder(booking)
            sent += 1
    return sent


def expire_unpaid(*, minutes: int = 30, now=None) -> int:
    """Cancel the bookings still awaiting payment after `minutes`: their seats go back to others."""
    now = now or clock.now()
    stale = list(Booking.all_objects.filter(status=BookingStatus.AWAITING_PAYMENT,
                                            created_at__lt=now - dt.timedelta(minutes=minutes))
                 .values_list("pk", flat=True)[:5000])
    for pk in stale:
        with transaction.atomic():
            booking = Booking.all_objects.select_for_update().get(pk=pk)
            if booking.status != BookingStatus.AWAITING_PAYMENT:
                continue
            booking.claims.all().delete()
            booking.payment_status = PaymentStatus.FAILED
            booking.save(update_fields=["payment_status"])
            move(BOOKING, booking, BookingStatus.CANCELLED, reason="not paid in time")
    return len(stale)
