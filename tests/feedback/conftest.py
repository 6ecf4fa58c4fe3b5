"""Rows every feedback test needs: a municipality with a border, two units, categories, routing
rules (one by area), handlers of each unit and a service-point agent."""

import pytest

from luukku.core.models import Role
from luukku.feedback.models import Category, Kind, RoutingRule

from ..factories import MembershipFactory, UnitFactory, UserFactory

# A square around the test municipality's centre (lon 25.00–25.20, lat 61.40–61.60) and its
# northern half as the "north" district.
BORDER = {"type": "Polygon", "coordinates": [[[25.0, 61.4], [25.2, 61.4], [25.2, 61.6], [25.0, 61.6], [25.0, 61.4]]]}
NORTH = {"type": "Polygon", "coordinates": [[[25.0, 61.5], [25.2, 61.5], [25.2, 61.6], [25.0, 61.6], [25.0, 61.5]]]}
INSIDE = (61.45, 25.10)  # south, inside the border
INSIDE_NORTH = (61.55, 25.10)
OUTSIDE = (60.17, 24.94)  # Helsinki


def staff(municipality, role, unit, username):
    user = UserFactory(username=username, first_name=username.title(), last_name="Testi")
    MembershipFactory(municipality=municipality, user=user, role=role, unit=unit)
    return user


@pytest.fixture
def bordered(municipality):
    municipality.boundary = BORDER
    municipality.save()
    return municipality


@pytest.fixture
def streets(bordered):
    return UnitFactory(municipality=bordered, slug="katu", name={"fi": "Katu- ja puistopalvelut",
                                                                 "sv": "Gatu- och parktjänster"})


@pytest.fixture
def north_streets(bordered):
    return UnitFactory(municipality=bordered, slug="katu-pohjoinen", name={"fi": "Pohjoisen katutiimi"})


@pytest.fixture
def customer_service(bordered):
    return UnitFactory(municipality=bordered, slug="asiakaspalvelu", name={"fi": "Asiakaspalvelu",
                                                                           "sv": "Kundtjänst"})


@pytest.fixture
def street_fault(bordered):
    return Category.all_objects.create(
        municipality=bordered, code="street-fault", name={"fi": "Katuvika", "sv": "Gatufel", "en": "Street fault"},
        description={"fi": "Kuoppa, rikkinäinen valo tai muu vika kadulla."}, group={"fi": "Kadut"},
        kinds=[Kind.FAULT], public_works=True, location_required=True, sla_days=5,
        attributes=[{"code": "danger", "datatype": "singlevaluelist", "required": False, "order": 1,
                     "description": {"fi": "Onko vika vaarallinen?", "en": "Is it dangerous?"},
                     "values": [{"key": "yes", "name": {"fi": "Kyllä", "en": "Yes"}},
                                {"key": "no", "name": {"fi": "Ei", "en": "No"}}]}])


@pytest.fixture
def general(bordered):
    return Category.all_objects.create(
        municipality=bordered, code="general", name={"fi": "Yleinen palaute", "sv": "Allmän respons",
                                                     "en": "General feedback"},
        kinds=[Kind.PRAISE, Kind.COMPLAINT, Kind.IDEA, Kind.QUESTION], sla_days=10)


@pytest.fixture
def rules(bordered, street_fault, general, streets, north_streets, customer_service):
    """Street faults in the north → the north team; other street faults → streets; the rest → customer service."""
    return [
        RoutingRule.all_objects.create(municipality=bordered, category=street_fault, area=NORTH,
                                       area_name={"fi": "Pohjoinen"}, unit=north_streets, priority=10),
        RoutingRule.all_objects.create(municipality=bordered, category=street_fault, unit=streets, priority=20),
        RoutingRule.all_objects.create(municipality=bordered, category=None, unit=customer_service, priority=90),
    ]


@pytest.fixture
def streets_handler(bordered, streets):
    return staff(bordered, Role.CASE_HANDLER, streets, "katukasittelija")


@pytest.fixture
def north_handler(bordered, north_streets):
    return staff(bordered, Role.CASE_HANDLER, north_streets, "pohjoiskasittelija")


@pytest.fixture
def service_agent(bordered):
    return staff(bordered, Role.SERVICE_POINT_AGENT, None, "palvelupiste")
