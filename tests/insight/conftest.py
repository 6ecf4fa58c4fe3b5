"""Rows the insight tests share: a sector, two units, a service with a life event and its case type,
a resident; cases and events written directly at the times a test names."""

import datetime as dt
import itertools

import pytest

from luukku.cases.models import Case
from luukku.catalogue.models import CodeKind
from luukku.core import clock
from luukku.core.models import DomainEvent, Role
from luukku.eservices.models import CaseType

from ..cases.conftest import make_person
from ..factories import CodeFactory, MembershipFactory, SectorFactory, ServiceFactory, UnitFactory, UserFactory

_refs = itertools.count(1)


def at(day: dt.date, hour=10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=clock.HELSINKI)


def event(municipality, kind, obj=None, *, when, data=None, object_type="", object_id=""):
    """A DomainEvent as the apps write it (core.services.record_event), at the time given."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(getattr(obj, "public_id", None) or obj.pk)
    return DomainEvent.all_objects.create(municipality=municipality, kind=kind, object_type=object_type,
                                          object_id=object_id, at=when, data=data or {})


@pytest.fixture
def sector(municipality):
    return SectorFactory(municipality=municipality, slug="kasvatus", name={"fi": "Kasvatus", "en": "Education"})


@pytest.fixture
def unit(municipality, sector):
    return UnitFactory(municipality=municipality, slug="varhaiskasvatus", sector=sector,
                       name={"fi": "Varhaiskasvatus", "en": "Early education"})


@pytest.fixture
def other_unit(municipality):
    return UnitFactory(municipality=municipality, slug="tekniikka", name={"fi": "Tekniikka", "en": "Technical"})


@pytest.fixture
def life_event(db):
    return CodeFactory(kind=CodeKind.LIFE_EVENT, code="KE5", slug="lapsi", name={"fi": "Lapsi", "en": "A child"})


@pytest.fixture
def service(municipality, sector, unit, life_event):
    s = ServiceFactory(municipality=municipality, slug="paivahoito", sector=sector, responsible_unit=unit,
                       name={"fi": "Päivähoito", "en": "Day care"})
    s.codes.add(life_event)
    return s


@pytest.fixture
def case_type(municipality, service, unit):
    return CaseType.all_objects.create(municipality=municipality, slug="paivahoito", service=service, unit=unit,
                                       name={"fi": "Päivähoitohakemus", "en": "Day care application"}, sla_days=10)


@pytest.fixture
def person(municipality):
    return make_person(municipality, "Aino", "Asukas")


@pytest.fixture
def make_case(municipality, case_type, person):
    """A case submitted on `day` through `channel`, with its case.submitted event."""
    def make(day=dt.date(2026, 3, 2), channel="online", unit=None, due=None):
        case = Case.all_objects.create(
            municipality=municipality, reference=f"ESI-2026-{next(_refs):06d}", case_type=case_type,
            applicant=person, subject=person, unit=unit or case_type.unit, channel=channel,
            submitted_at=at(day), due_date=due)
        event(municipality, "case.submitted", case, when=at(day),
              data={"reference": case.reference, "case_type": case_type.slug, "channel": channel})
        return case
    return make


@pytest.fixture
def manager(municipality):
    user = UserFactory(username="johtaja")
    MembershipFactory(municipality=municipality, user=user, role=Role.MANAGER, unit=None)
    return user
