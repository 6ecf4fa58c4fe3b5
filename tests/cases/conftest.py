"""Rows the cases tests need, made directly (the people and forms flows are built in parallel)."""

import datetime as dt
import itertools

import pytest

from luukku.cases import services
from luukku.eservices.models import CaseType, Draft, FieldType, FormDefinition, FormField, FormPage
from luukku.people.models import Mandate, MandateKind, Person

from ..factories import ServiceFactory, UnitFactory, UserFactory

_seq = itertools.count(2)
CHECK = "0123456789ABCDEFHJKLMNPRSTUVWXY"


def make_hetu(birth: dt.date) -> str:
    n = 2 + next(_seq) % 898  # 002–899: 900–999 are temporary codes, which persons may not carry
    sign = "-" if birth.year < 2000 else "A"
    base = f"{birth:%d%m%y}{n:03d}"
    return f"{birth:%d%m%y}{sign}{n:03d}{CHECK[int(base) % 31]}"


def make_person(municipality, first, last, birth=dt.date(1985, 4, 1), user=None) -> Person:
    p = Person(municipality=municipality, first_names=first, last_name=last, birth_date=birth, user=user)
    p.set_hetu(make_hetu(birth))
    p.save()
    return p


@pytest.fixture
def unit(municipality):
    return UnitFactory(municipality=municipality, slug="varhaiskasvatus")


@pytest.fixture
def case_type(municipality, unit):
    service = ServiceFactory(municipality=municipality)
    return CaseType.all_objects.create(
        municipality=municipality, slug="paivahoito", service=service, unit=unit,
        name={"fi": "Varhaiskasvatushakemus", "sv": "Ansökan om småbarnspedagogik", "en": "Early childhood application"},
        sla_days=10, who_may_apply="either")


@pytest.fixture
def definition(municipality, case_type):
    d = FormDefinition.all_objects.create(municipality=municipality, case_type=case_type, version=1,
                                          status="published")
    page = FormPage.all_objects.create(municipality=municipality, definition=d, order=1, title={"fi": "Tiedot"})
    FormField.all_objects.create(municipality=municipality, definition=d, page=page, order=1, key="start",
                                 type=FieldType.DATE, label={"fi": "Aloituspäivä", "en": "Start date"})
    FormField.all_objects.create(municipality=municipality, definition=d, page=page, order=2, key="time",
                                 type=FieldType.CHOICE, label={"fi": "Hoitoaika", "en": "Care time"},
                                 choices=[{"value": "full", "label": {"fi": "Kokopäivä", "en": "Full day"}}])
    return d


@pytest.fixture
def aino(municipality):
    return make_person(municipality, "Aino", "Asukas", user=UserFactory(username="aino"))


@pytest.fixture
def child(municipality, aino):
    kid = make_person(municipality, "Eetu", "Asukas", birth=dt.date(2020, 6, 1))
    Mandate.all_objects.create(municipality=municipality, principal=kid, agent=aino, kind=MandateKind.GUARDIAN,
                               valid_from=dt.date(2020, 6, 1))
    return kid


@pytest.fixture
def bertil(municipality):
    return make_person(municipality, "Bertil", "Björkman", user=UserFactory(username="bertil"))


@pytest.fixture
def make_draft(municipality, case_type, definition):
    def make(applicant, subject=None, data=None):
        mandate = None
        if subject is not None and subject.pk != applicant.pk:
            mandate = Mandate.all_objects.get(principal=subject, agent=applicant)
        return Draft.all_objects.create(municipality=municipality, case_type=case_type, definition=definition,
                                        applicant=applicant, subject=subject, mandate=mandate,
                                        data=data if data is not None else {"start": "2026-08-01", "time": "full"})
    return make


@pytest.fixture
def make_case(make_draft):
    def make(applicant, subject=None, data=None):
        return services.submit_draft(make_draft(applicant, subject, data), by_person=applicant)
    return make


@pytest.fixture
def handler(municipality, unit):
    from luukku.core.models import Role

    from ..factories import MembershipFactory

    user = UserFactory(username="kasittelija")
    MembershipFactory(municipality=municipality, user=user, unit=unit, role=Role.CASE_HANDLER)
    return user


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
