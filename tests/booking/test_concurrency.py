"""Many residents booking the last seats of one slot at the same moment (PostgreSQL): exactly the
capacity gets in, the rest are told the time is full; none is lost or double-booked. The seats'
constraints hold even without the resource lock: a test writes claims directly."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, connections, transaction
from django.utils import translation

from luukku.booking import services
from luukku.booking.models import Booking, SlotClaim
from luukku.core import clock

from ..eservices.conftest import make_person
from .conftest import MONDAY, NOW, at, make_resource

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent transactions need PostgreSQL"),
]


def test_twelve_concurrent_bookings_of_a_slot_of_three_exactly_three_win(municipality):
    resource = make_resource(municipality, capacity=3)
    people = [make_person(municipality, f"P{n}", "Varaaja", dt.date(1980, 1, 1 + n)) for n in range(12)]
    barrier = threading.Barrier(len(people))
    won, full, other = [], [], []

    def attempt(person):
        try:
            barrier.wait()
            with translation.override("en"), clock.frozen_at(NOW):
                won.append(services.book(resource, at(MONDAY, 9), person=person).pk)
        except ValidationError as exc:
            full.append(exc.messages[0])
        except Exception as exc:  # noqa: BLE001 (asserted below)
            other.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(p,)) for p in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert other == [] and len(won) == 3 and len(full) == 9
    assert all("booked full" in message for message in full)
    assert sorted(SlotClaim.all_objects.values_list("seat", flat=True)) == [1, 2, 3]
    assert set(Booking.all_objects.values_list("pk", flat=True)) == set(won)


def test_the_database_refuses_a_seat_twice_and_a_seat_beyond_the_capacity(municipality):
    resource = make_resource(municipality, capacity=2)
    person = make_person(municipality, "Aino", "Asukas", dt.date(1985, 3, 15))
    with translation.override("en"), clock.frozen_at(NOW):
        booking = services.book(resource, at(MONDAY, 9), person=person)
    for seat, capacity in ((1, 2), (3, 2)):
        with pytest.raises(IntegrityError), transaction.atomic():
            SlotClaim.all_objects.create(municipality=municipality, resource=resource, starts_at=at(MONDAY, 9),
                                         seat=seat, capacity=capacity, booking=booking)
