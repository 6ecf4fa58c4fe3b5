"""Booking, moving and cancelling within the rules; a full slot; the history; the messages."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from luukku.booking import selectors, services
from luukku.booking.models import Booking, BookingChange, BookingStatus, Channel, SlotClaim
from luukku.core import clock
from luukku.notify.models import Notification

from ..factories import UserFactory
from .conftest import MONDAY, at

pytestmark = pytest.mark.django_db


def refusal(call, *args, **kwargs) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        call(*args, **kwargs)
    return caught.value.messages


def test_book_confirms_holds_the_seat_and_tells_the_resident(world):
    booking = services.book(world["advice"], at(MONDAY, 9, 30), person=world["aino"])
    assert booking.status == BookingStatus.CONFIRMED and booking.reference.startswith("V-")
    assert booking.ends_at == at(MONDAY, 10)
    assert SlotClaim.all_objects.filter(booking=booking).count() == 1
    note = Notification.all_objects.get(person=world["aino"])
    assert "Building permit advice" in note.body or "Rakennuslupaneuvonta" in note.body
    assert booking.reference in note.body and str(booking.public_id) in note.link
    assert at(MONDAY, 9, 30) not in [s.starts_at for s in selectors.free_slots([world["advice"]], MONDAY, MONDAY)]


@pytest.mark.parametrize("when, words", [
    (dt.datetime(2026, 12, 9, 9, 0), "passed"),  # yesterday
    (dt.datetime(2026, 12, 14, 12, 0), "outside the opening hours"),  # closing time
    (dt.datetime(2026, 12, 14, 9, 10), "outside the opening hours"),  # not on the grid
    (dt.datetime(2026, 12, 24, 9, 0), "outside the opening hours"),  # Christmas Eve
])
def test_a_time_that_is_not_bookable_is_refused_with_what_to_do(world, when, words):
    messages = refusal(services.book, world["advice"], when.replace(tzinfo=clock.HELSINKI), person=world["aino"])
    assert words in messages[0] and not Booking.all_objects.exists()


def test_a_full_slot_is_refused_and_a_second_own_booking_at_the_same_time(world):
    services.book(world["advice"], at(MONDAY, 10), person=world["aino"])
    assert "booked full" in refusal(services.book, world["advice"], at(MONDAY, 10), person=world["bertil"])[0]
    hall = world["hall"]
    services.book(hall, at(MONDAY, 16), person=world["bertil"], party_size=2, party_names=["Berit"])
    assert "already have a booking" in refusal(services.book, hall, at(MONDAY, 16), person=world["bertil"])[0]
    assert "6 people at most" in refusal(services.book, hall, at(MONDAY, 17, 10), person=world["aino"],
                                         party_size=7)[0]


def test_a_family_takes_as_many_places_as_it_has_people_when_the_capacity_counts_people(world):
    hall = world["hall"]
    hall.capacity = 5
    hall.save()
    family = services.book(hall, at(MONDAY, 16), person=world["aino"], party_size=4, party_names=["Eino", "Iida", "Otto"])
    assert family.claims.count() == 4 and family.party_names == ["Eino", "Iida", "Otto"]
    assert "booked full" in refusal(services.book, hall, at(MONDAY, 16), person=world["bertil"], party_size=2)[0]
    assert services.book(hall, at(MONDAY, 16), person=world["bertil"]).claims.count() == 1


def test_reschedule_moves_the_seat_and_refuses_without_losing_the_old_time(world):
    advice = world["advice"]
    booking = services.book(advice, at(MONDAY, 9), person=world["aino"])
    services.book(advice, at(MONDAY, 11), person=world["bertil"])
    assert "booked full" in refusal(services.reschedule, booking, at(MONDAY, 11), by_person=world["aino"])[0]
    booking.refresh_from_db()
    assert booking.starts_at == at(MONDAY, 9) and booking.claims.get().starts_at == at(MONDAY, 9)
    services.reschedule(booking, at(MONDAY, 10, 30), by_person=world["aino"])
    booking.refresh_from_db()
    assert booking.starts_at == at(MONDAY, 10, 30) and booking.claims.get().starts_at == at(MONDAY, 10, 30)
    moved = BookingChange.all_objects.filter(booking=booking, from_starts_at__isnull=False).get()
    assert (moved.from_starts_at, moved.to_starts_at) == (at(MONDAY, 9), at(MONDAY, 10, 30))
    assert Notification.all_objects.filter(person=world["aino"], kind="booking.rescheduled").exists()


def test_an_overlapping_reschedule_is_refused(world):
    hall_booking = services.book(world["hall"], at(MONDAY, 16), person=world["aino"])
    services.book(world["hall"], at(MONDAY, 17, 10), person=world["aino"])
    assert "already have a booking" in refusal(services.reschedule, hall_booking, at(MONDAY, 17, 10),
                                               by_person=world["aino"])[0]


def test_cancel_frees_the_seat_until_the_deadline_then_only_staff_with_a_reason(world):
    advice = world["advice"]
    booking = services.book(advice, at(MONDAY, 9), person=world["aino"])
    services.cancel(booking, by_person=world["aino"])
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED and not booking.claims.exists()
    assert at(MONDAY, 9) in [s.starts_at for s in selectors.free_slots([advice], MONDAY, MONDAY)]
    late = services.book(advice, at(MONDAY, 9), person=world["bertil"])
    with clock.frozen_at(at(MONDAY, 8)):  # an hour before; the deadline was a day before
        assert "only until 13.12.2026 09:00" in refusal(services.cancel, late, by_person=world["bertil"])[0]
        handler = UserFactory(username="kasittelija")
        assert "Say why" in refusal(services.cancel, late, by_user=handler)[0]
        services.cancel(late, by_user=handler, reason="Neuvoja sairastui.")
    assert Notification.all_objects.filter(person=world["bertil"], kind="booking.cancelled_by_staff").exists()
    body = Notification.all_objects.get(person=world["bertil"], kind="booking.cancelled_by_staff").body
    assert "sairastui" not in body  # staff's words are read behind the link


def test_staff_book_for_a_caller_reached_by_phone_and_mark_no_show(world):
    handler = UserFactory(username="palvelupiste")
    booking = services.book(world["advice"], at(MONDAY, 9), by_user=handler, channel=Channel.PHONE,
                            name="Kalle Soittaja", phone="+358401234567")
    assert booking.person is None and booking.booked_by_user == handler
    assert Notification.all_objects.filter(phone="+358401234567", kind="booking.confirmed").exists()
    assert "Mark this once" in refusal(services.mark, booking, BookingStatus.NO_SHOW, by_user=handler)[0]
    with clock.frozen_at(at(MONDAY, 9, 5)):
        services.mark(booking, BookingStatus.NO_SHOW, by_user=handler)
    assert [c.to_status for c in booking.history.all()] == ["confirmed", "no_show"]
    assert "phone number or an email" in refusal(services.book, world["advice"], at(MONDAY, 10), by_user=handler,
                                                  channel=Channel.PHONE, name="Nimetön")[0]


def test_reminder_once_a_day_before_and_not_for_a_booking_made_inside_the_window(world):
    advice = world["advice"]
    early = services.book(advice, at(MONDAY, 9), person=world["aino"])
    with clock.frozen_at(at(MONDAY - dt.timedelta(days=1), 10)):  # Sunday 10:00: Monday 9:00 is within 24 h
        late = services.book(advice, at(MONDAY, 9, 30), person=world["bertil"])
        assert services.send_due_reminders(hours=24) == 1
        assert services.send_due_reminders(hours=24) == 0
    assert Notification.all_objects.filter(kind="booking.reminder").get().person == world["aino"]
    assert Booking.all_objects.get(pk=late.pk).reminder_sent_at is not None
    assert early.pk != late.pk


def test_unpaid_bookings_expire_and_free_their_seats(world):
    hall = world["hall"]
    hall.price_cents = 2500
    hall.save()
    booking = services.book(hall, at(MONDAY, 16), person=world["aino"], party_size=3)
    assert (booking.status, booking.payment_status, booking.claims.count()) == ("awaiting_payment", "pending", 3)
    with clock.frozen_at(clock.now() + dt.timedelta(minutes=31)):
        assert services.expire_unpaid(minutes=30) == 1
    booking.refresh_from_db()
    assert (booking.status, booking.payment_status, booking.claims.count()) == ("cancelled", "failed", 0)
    paid = services.book(hall, at(MONDAY, 16), person=world["bertil"])
    services.confirm_payment(paid, reference="TEST-1")
    services.confirm_payment(paid, reference="TEST-1")  # a provider's second callback changes nothing
    paid.refresh_from_db()
    assert (paid.status, paid.payment_status) == ("confirmed", "paid")
    assert Notification.all_objects.filter(person=world["bertil"], kind="booking.confirmed").count() == 1


def test_each_municipality_sees_its_own(world):
    from luukku.booking.models import Resource
    from luukku.core.tenancy import municipality_context

    from .conftest import make_resource

    make_resource(world["other_municipality"], "neuvonta")
    services.book(world["advice"], at(MONDAY, 9), person=world["aino"])
    with municipality_context(world["other_municipality"]):
        assert Booking.objects.count() == 0 and Resource.objects.count() == 1


def test_a_municipality_goes_whole_with_its_resources_and_bookings_but_a_booked_resource_stays(world):
    """Removing a municipality (the demo's reset) takes its resources and their bookings in one delete;
    a resource with bookings cannot be removed on its own."""
    from django.db.models import RestrictedError

    from luukku.booking.models import Resource
    from luukku.core.history import history_maintenance

    services.book(world["advice"], at(MONDAY, 9), person=world["aino"])
    with pytest.raises(RestrictedError):
        world["advice"].delete()
    with history_maintenance():
        world["municipality"].delete()
    assert not Resource.all_objects.filter(pk=world["advice"].pk).exists() and not Booking.all_objects.exists()
