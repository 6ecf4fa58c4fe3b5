"""Outside appointment systems: the Qmatic adapter against a local server that speaks Qmatic's calendar
public API. A resource in Qmatic offers Qmatic's free times; booking, moving and cancelling go there in
the same service call; when Qmatic fails or does not answer in time, nothing is written and the
resident is told to try again."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from luukku.booking import adapters, selectors, services
from luukku.booking.models import Booking, BookingStatus, SlotClaim
from luukku.notify.models import Notification

from .conftest import MONDAY, at, make_resource
from .qmatic_server import API_KEY, QmaticServer

pytestmark = pytest.mark.django_db
TUESDAY = MONDAY + dt.timedelta(days=1)


@pytest.fixture
def qmatic(settings, municipality):
    with QmaticServer({MONDAY.isoformat(): ["09:00", "09:30"], TUESDAY.isoformat(): ["13:00"],
                       "2027-06-01": ["10:00"]}) as server:
        settings.LUUKKU_BOOKING_SYSTEMS = {municipality.slug: {"qmatic": {"url": server.url, "api_key": API_KEY,
                                                                          "timeout": 0.5}}}
        yield server


@pytest.fixture
def passport(world):
    return make_resource(world["municipality"], "passi", hours=None, external_system="qmatic", external_id="B1/S1")


def test_free_times_come_from_qmatic_in_its_branch_time_zone(qmatic, passport):
    found = selectors.free_slots([passport], MONDAY, TUESDAY)
    assert [s.starts_at for s in found] == [at(MONDAY, 9), at(MONDAY, 9, 30), at(TUESDAY, 13)]
    assert found[0].ends_at == at(MONDAY, 9, 30) and found[0].free == 1
    assert all(r["method"] == "GET" for r in qmatic.requests)


def test_booking_moving_and_cancelling_go_to_qmatic_in_the_same_call(qmatic, passport, world):
    booking = services.book(passport, at(MONDAY, 9), person=world["aino"])
    assert booking.external_id == "appt-1" and qmatic.appointments["appt-1"]["start"] == "2026-12-14T09:00:00"
    sent = qmatic.appointments["appt-1"]["body"]
    assert sent["customer"]["lastName"] == "Asukas" and sent["notes"] == booking.reference
    assert world["aino"].hetu not in str(sent)  # the identity code never leaves
    assert at(MONDAY, 9) not in [s.starts_at for s in selectors.free_slots([passport], MONDAY, MONDAY)]

    services.reschedule(booking, at(TUESDAY, 13), by_person=world["aino"])
    booking.refresh_from_db()
    assert booking.external_id == "appt-2" and list(qmatic.appointments) == ["appt-2"]
    assert "09:00" in qmatic.times[MONDAY.isoformat()]  # the old time is free again in Qmatic

    services.cancel(booking, by_person=world["aino"])
    assert qmatic.appointments == {} and Booking.all_objects.get().status == BookingStatus.CANCELLED


def test_an_error_of_qmatic_refuses_with_a_clear_message_and_writes_nothing(qmatic, passport, world):
    qmatic.fail_status = 500
    assert selectors.free_slots([passport], MONDAY, TUESDAY) == []  # a search shows no times
    with pytest.raises(ValidationError) as caught:
        services.book(passport, at(MONDAY, 9), person=world["aino"])
    assert "cannot be reached" in caught.value.messages[0]
    assert not Booking.all_objects.exists() and not SlotClaim.all_objects.exists()
    assert not Notification.all_objects.exists()


def test_qmatic_failing_after_the_times_were_read_leaves_nothing_booked(qmatic, passport, world):
    """The times answer, the booking call does not (timeout): the booking is refused and rolled back."""
    qmatic.hang, qmatic.hang_only = 1, "POST"
    with pytest.raises(ValidationError) as caught:
        services.book(passport, at(MONDAY, 9, 30), person=world["aino"])
    assert "Try again in a moment" in caught.value.messages[0]
    assert not Booking.all_objects.exists() and not SlotClaim.all_objects.exists()


def test_a_cancellation_qmatic_does_not_answer_in_time_keeps_the_booking(qmatic, passport, world):
    booking = services.book(passport, at(MONDAY, 9), person=world["aino"])
    qmatic.hang = 1
    with pytest.raises(ValidationError) as caught:
        services.cancel(booking, by_person=world["aino"])
    assert "nothing was changed" in caught.value.messages[0]
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED and booking.claims.count() == 1


def test_a_municipality_without_settings_offers_no_times_and_the_check_names_what_is_missing(settings, passport,
                                                                                            world):
    settings.LUUKKU_BOOKING_SYSTEMS = {}
    assert selectors.free_slots([passport], MONDAY, TUESDAY) == []
    with pytest.raises(ValidationError):
        services.book(passport, at(MONDAY, 9), person=world["aino"])
    settings.LUUKKU_BOOKING_SYSTEMS = {"esimerkki": {"qmatic": {"url": "ftp://x"}}, "toinen": {"jcc": {}}}
    problems = adapters.check()
    assert any("api_key is missing" in p for p in problems) and any("unknown appointment system 'jcc'" in p
                                                                    for p in problems)
