"""A municipality with a service point: an agent, a case handler, two families and the demo's
case types (daycare for a child, boat mooring for oneself); and a second municipality with a
namesake of the parent and an agent of its own."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from luukku.cases import services as case_services
from luukku.core.models import Role
from luukku.core.tenancy import municipality_context
from luukku.demo.data.eservices import CASE_TYPES
from luukku.eservices.models import Draft
from luukku.people.models import Mandate, MandateKind

from ..eservices.conftest import make_case_type, make_person
from ..factories import MembershipFactory, UnitFactory, UserFactory


def staff(municipality, username, role, unit=None):
    user = UserFactory(username=username)
    MembershipFactory(municipality=municipality, user=user, role=role, unit=unit)
    return user


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def make_case(person, case_type, definition, data, subject=None, mandate=None):
    draft = Draft.all_objects.create(municipality=person.municipality, case_type=case_type, definition=definition,
                                     applicant=person, subject=subject, mandate=mandate, data=data)
    return case_services.submit_draft(draft, by_person=person)


@pytest.fixture
def world(municipality, other_municipality):
    with municipality_context(municipality):
        daycare, daycare_form = make_case_type(municipality, CASE_TYPES[0])
        mooring, mooring_form = make_case_type(municipality, CASE_TYPES[1])
    point = UnitFactory(municipality=municipality, slug="asiointipiste", name={"fi": "Asiointipiste"})
    parent = make_person(municipality, "Aino Maria", "Asukas", dt.date(1985, 3, 15), user=UserFactory(username="aino"),
                         street_address="Koivulantie 12 B 4", postal_code="41990", post_office="Koivula",
                         email="aino@example.fi", phone="+358 40 555 0101")
    child = make_person(municipality, "Eero", "Asukas", dt.date(2022, 3, 14))
    mandate = Mandate.all_objects.create(municipality=municipality, principal=child, agent=parent,
                                         kind=MandateKind.GUARDIAN, valid_from=dt.date(2022, 3, 14))
    other = make_person(municipality, "Bertil", "Björkman", dt.date(1979, 6, 1), user=UserFactory(username="bertil"))
    other_child = make_person(municipality, "Saga", "Björkman", dt.date(2021, 1, 5))
    Mandate.all_objects.create(municipality=municipality, principal=other_child, agent=other,
                               kind=MandateKind.GUARDIAN, valid_from=dt.date(2021, 1, 5))
    namesake = make_person(other_municipality, "Aino Maria", "Asukas", dt.date(1985, 3, 15))
    return {
        "municipality": municipality, "other_municipality": other_municipality,
        "daycare": daycare, "daycare_form": daycare_form, "mooring": mooring, "mooring_form": mooring_form,
        "point": point, "parent": parent, "child": child, "mandate": mandate, "other": other,
        "other_child": other_child, "namesake": namesake,
        "agent": staff(municipality, "palvelupiste", Role.SERVICE_POINT_AGENT, point),
        "handler": staff(municipality, "kasittelija", Role.CASE_HANDLER, daycare.unit),
        "foreign_agent": staff(other_municipality, "toinen-piste", Role.SERVICE_POINT_AGENT),
    }


@pytest.fixture
def agent(world):
    return login(world["agent"])


def url(world, name, *args, lang="en", municipality=None):
    slug = (municipality or world["municipality"]).slug
    return reverse(f"frontoffice:{name}", args=[slug, lang, *args])


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


