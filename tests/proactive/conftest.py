"""A small preschool campaign: two units with catchment areas (north and south halves of a square
municipality), families with guardians, a change-request case type with its form."""

import datetime as dt

import pytest

from luukku.core import clock
from luukku.eservices.models import (
    CaseType,
    FieldType,
    FormDefinition,
    FormField,
    FormPage,
)
from luukku.people.models import Mandate, MandateKind
from luukku.proactive import services
from luukku.proactive.models import CatchmentArea, Mode, PlacementUnit, Rule, Trigger

from ..cases.conftest import make_person
from ..factories import ServiceFactory, UnitFactory, UserFactory

TODAY = dt.date(2027, 1, 10)
YEAR = 2027
BORN = dt.date(2021, 5, 1)  # turns six in 2027
SOUTH_AREA = {"type": "Polygon", "coordinates": [[[25.0, 61.4], [25.2, 61.4], [25.2, 61.5], [25.0, 61.5], [25.0, 61.4]]]}
NORTH_AREA = {"type": "Polygon", "coordinates": [[[25.0, 61.5], [25.2, 61.5], [25.2, 61.6], [25.0, 61.6], [25.0, 61.5]]]}
SOUTH_HOME = (61.45, 25.10)
NORTH_HOME = (61.55, 25.10)


@pytest.fixture(autouse=True)
def frozen_today():
    with clock.frozen_at(dt.datetime(2027, 1, 10, 10, 0, tzinfo=clock.HELSINKI)):
        yield


@pytest.fixture
def education(municipality):
    return UnitFactory(municipality=municipality, slug="varhaiskasvatus")


@pytest.fixture
def change_type(municipality, education):
    service = ServiceFactory(municipality=municipality)
    case_type = CaseType.all_objects.create(
        municipality=municipality, slug="esiopetus-muutos", service=service, unit=education,
        name={"fi": "Esiopetuspaikan muutospyyntö", "sv": "Ändring av förskoleplats", "en": "Change of preschool place"},
        sla_days=10, who_may_apply="child")
    d = FormDefinition.all_objects.create(municipality=municipality, case_type=case_type, version=1,
                                          status="published")
    page = FormPage.all_objects.create(municipality=municipality, definition=d, order=1, title={"fi": "Muutos"})
    for order, key, kind in ((1, "offer", FieldType.TEXT), (2, "offered_unit", FieldType.TEXT),
                             (3, "wished_unit", FieldType.TEXT), (4, "reason", FieldType.LONG_TEXT)):
        FormField.all_objects.create(municipality=municipality, definition=d, page=page, order=order, key=key,
                                     type=kind, label={"fi": key, "en": key})
    return case_type


@pytest.fixture
def rule(municipality, change_type):
    return Rule.all_objects.create(
        municipality=municipality, slug="esiopetus", name={"fi": "Esiopetus", "sv": "Förskola", "en": "Preschool"},
        trigger=Trigger.COHORT, age=6, mode=Mode.OFFER, allocation="nearest", for_guardians=True,
        legal_basis={"fi": "Perusopetuslaki 26 a §", "sv": "Lag om grundläggande utbildning 26 a §",
                     "en": "Basic Education Act, section 26 a"},
        offer_title={"fi": "Esiopetuspaikka", "sv": "Förskoleplats", "en": "A preschool place"},
        offer_text={"fi": "Lapsellesi on varattu esiopetuspaikka.", "en": "A preschool place is reserved."},
        answer_days=21, reminder_days=[7, 2], change_case_type=change_type)


@pytest.fixture
def places(municipality, rule, education):
    south = PlacementUnit.all_objects.create(
        municipality=municipality, rule=rule, unit=education, name={"fi": "Eteläinen koulu", "en": "South school"},
        latitude=61.44, longitude=25.10, capacity=3)
    north = PlacementUnit.all_objects.create(
        municipality=municipality, rule=rule, unit=education, name={"fi": "Pohjoinen koulu", "en": "North school"},
        latitude=61.56, longitude=25.10, capacity=3)
    CatchmentArea.all_objects.create(municipality=municipality, rule=rule, name="Etelä", area=SOUTH_AREA,
                                     placement_unit=south)
    CatchmentArea.all_objects.create(municipality=municipality, rule=rule, name="Pohjoinen", area=NORTH_AREA,
                                     placement_unit=north)
    return {"south": south, "north": north}


def family(municipality, name, home, *, children=1, guardians=2, born=BORN, emails=True, protected=False,
           apart=False):
    """Guardians (with email unless told not) and children living at `home`."""
    adults = []
    for i in range(guardians):
        adult = make_person(municipality, f"Huoltaja{i + 1}", name, user=UserFactory(username=f"{name.lower()}{i}"))
        adult.email = f"{name.lower()}{i}@example.fi" if emails else ""
        adult.street_address = f"{name}katu {i + 1 if apart else 1}"
        adult.postal_code = "41900"
        adult.save()
        adults.append(adult)
    kids = []
    for i in range(children):
        kid = make_person(municipality, f"Lapsi{i + 1} Toinen", name, birth=born)
        kid.latitude, kid.longitude = home
        kid.protected_address = protected
        kid.street_address = f"{name}katu 1"
        kid.save()
        for adult in adults:
            Mandate.all_objects.create(municipality=municipality, principal=kid, agent=adult,
                                       kind=MandateKind.GUARDIAN, valid_from=born)
        kids.append(kid)
    return {"guardians": adults, "children": kids}


@pytest.fixture
def campaign(rule, places):
    return services.create_campaign(rule=rule, year=YEAR, deadline=dt.date(2027, 2, 15))
