"""A municipality's building-permit advice (appointments of 30 min, one at a time, Mon–Fri 9–12) and
a sports hall (slots of 60 min, 10 min buffer, counts people, 20 per slot); residents Aino and Bertil.
Times are in a fixed week: Monday 14.12.2026 is a working day, 24.–26.12. are public holidays."""

import datetime as dt

import pytest
from django.utils import translation

from luukku.booking.models import Resource, ResourceHours, ResourceKind
from luukku.core import clock

from ..eservices.conftest import make_person
from ..factories import UnitFactory, UserFactory

MONDAY = dt.date(2026, 12, 14)
NOW = dt.datetime(2026, 12, 10, 12, 0, tzinfo=clock.HELSINKI)  # the Thursday before


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute)).replace(tzinfo=clock.HELSINKI)


def make_resource(municipality, slug="neuvonta", *, kind=ResourceKind.APPOINTMENT, hours=("09:00", "12:00"),
                  **fields):
    unit = fields.pop("unit", None) or UnitFactory(municipality=municipality, slug=f"unit-{slug}")
    resource = Resource.all_objects.create(municipality=municipality, slug=slug, unit=unit, kind=kind,
                                           name={"fi": "Rakennuslupaneuvonta", "en": "Building permit advice"},
                                           **fields)
    if hours:
        ResourceHours.all_objects.create(municipality=municipality, resource=resource,
                                         opening=[{"day_from": 0, "day_to": 4, "from": hours[0], "to": hours[1]}])
    return resource


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def frozen():
    with clock.frozen_at(NOW):
        yield


@pytest.fixture
def world(municipality, other_municipality):
    advice = make_resource(municipality)
    hall = make_resource(municipality, "liikuntasali", kind=ResourceKind.SPACE, hours=("16:00", "21:00"),
                         slot_minutes=60, buffer_minutes=10, capacity=20, counts_people=True, party_max=6)
    aino = make_person(municipality, "Aino", "Asukas", dt.date(1985, 3, 15), user=UserFactory(username="aino"))
    bertil = make_person(municipality, "Bertil", "Björkman", dt.date(1979, 6, 1), user=UserFactory(username="bertil"))
    return {"municipality": municipality, "advice": advice, "hall": hall, "aino": aino, "bertil": bertil,
            "other_municipality": other_municipality}
