import datetime
import itertools

import pytest
from django.test import Client

from luukku.core.tenancy import municipality_context
from luukku.demo.data.eservices import CASE_TYPES
from luukku.demo.eservices import _definition
from luukku.eservices.models import CaseType
from luukku.people.models import Mandate, MandateKind, Person
from tests.factories import ServiceFactory, UnitFactory, UserFactory

CHECK = "0123456789ABCDEFHJKLMNPRSTUVWXY"
_serial = itertools.count(2)


def make_hetu(birth: datetime.date) -> str:
    serial = f"{2 + next(_serial) % 898:03d}"  # 002–899: 900–999 are temporary codes
    sign = {18: "+", 19: "-", 20: "A"}[birth.year // 100]
    digits = birth.strftime("%d%m%y")
    return f"{digits}{sign}{serial}{CHECK[int(digits + serial) % 31]}"


def make_person(municipality, first, last, birth, *, user=None, **extra):
    person = Person(municipality=municipality, first_names=first, last_name=last, birth_date=birth, user=user,
                    **extra)
    person.set_hetu(make_hetu(birth))
    person.save()
    return person


def make_case_type(municipality, row, *, slug=None):
    service = ServiceFactory(municipality=municipality, slug=row["service"])
    unit = UnitFactory(municipality=municipality, slug=row["unit"])
    case_type = CaseType.all_objects.create(
        municipality=municipality, slug=slug or row["slug"], service=service, unit=unit, name=row["name"],
        kind=row["kind"], who_may_apply=row["who_may_apply"], sla_days=row["sla_days"],
        requires_strong_identification=row["strong"],
    )
    definition = _definition(municipality, case_type, row["pages"])
    return case_type, definition


@pytest.fixture
def daycare(municipality):
    with municipality_context(municipality):
        return make_case_type(municipality, CASE_TYPES[0])


@pytest.fixture
def mooring(municipality):
    with municipality_context(municipality):
        return make_case_type(municipality, CASE_TYPES[1])


@pytest.fixture
def family(municipality):
    """A parent with a login and a four-year-old child in their guardianship, and a stranger."""
    user = UserFactory(username="aino")
    parent = make_person(municipality, "Aino Maria", "Asukas", datetime.date(1985, 3, 15), user=user,
                         street_address="Koivulantie 12 B 4", postal_code="41990", post_office="Koivula",
                         email="aino@example.fi", phone="+358 40 555 0101")
    child = make_person(municipality, "Eero", "Asukas", datetime.date(2022, 3, 14))
    mandate = Mandate.all_objects.create(municipality=municipality, principal=child, agent=parent,
                                         kind=MandateKind.GUARDIAN, valid_from=datetime.date(2022, 3, 14))
    other_user = UserFactory(username="bertil")
    other = make_person(municipality, "Bertil", "Björkman", datetime.date(1979, 6, 1), user=other_user)
    other_child = make_person(municipality, "Saga", "Björkman", datetime.date(2021, 1, 5))
    Mandate.all_objects.create(municipality=municipality, principal=other_child, agent=other,
                               kind=MandateKind.GUARDIAN, valid_from=datetime.date(2021, 1, 5))
    return {"user": user, "parent": parent, "child": child, "mandate": mandate,
            "other_user": other_user, "other": other, "other_child": other_child}


@pytest.fixture
def resident(family):
    client = Client()
    client.force_login(family["user"])
    return client


@pytest.fixture
def stranger(family):
    client = Client()
    client.force_login(family["other_user"])
    return client


def url(municipality, name, *args, lang="fi"):
    from django.urls import reverse

    return reverse(f"eservices:{name}", args=[municipality.slug, lang, *args])


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
