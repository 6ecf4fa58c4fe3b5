"""Rows for the mandate and consent tests: two adults, a case type they may be authorised for and
one they may not, built as the cases tests build them."""

import datetime as dt

import pytest

from luukku.eservices.models import CaseType, FormDefinition

from ..cases.conftest import make_hetu, make_person  # noqa: F401
from ..factories import ServiceFactory, UnitFactory, UserFactory


@pytest.fixture
def unit(municipality):
    return UnitFactory(municipality=municipality, slug="sosiaalipalvelut")


def _case_type(municipality, unit, slug, fi, sv, en):
    ct = CaseType.all_objects.create(municipality=municipality, slug=slug, service=ServiceFactory(municipality=municipality),
                                     unit=unit, name={"fi": fi, "sv": sv, "en": en}, who_may_apply="self")
    FormDefinition.all_objects.create(municipality=municipality, case_type=ct, version=1, status="published")
    return ct


@pytest.fixture
def parking(municipality, unit):
    return _case_type(municipality, unit, "pysakointi", "Pysäköintilupa", "Parkeringstillstånd", "Parking permit")


@pytest.fixture
def benefit(municipality, unit):
    return _case_type(municipality, unit, "toimeentulo", "Toimeentulotuki", "Utkomststöd", "Income support")


@pytest.fixture
def aino(municipality):
    return make_person(municipality, "Aino", "Asukas", user=UserFactory(username="aino"))


@pytest.fixture
def bertil(municipality):
    return make_person(municipality, "Bertil", "Björkman", birth=dt.date(1990, 3, 14), user=UserFactory(username="bertil"))


@pytest.fixture
def cecilia(municipality):
    return make_person(municipality, "Cecilia", "Castrén", birth=dt.date(1970, 1, 2), user=UserFactory(username="cecilia"))
