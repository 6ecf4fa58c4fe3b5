"""A municipality with a known population, its manager and an open survey."""

import datetime as dt

import pytest

from luukku.core import clock
from luukku.core.models import Role
from luukku.panels import services
from luukku.people.models import Person

from ..factories import MembershipFactory, UserFactory

QUESTIONS = [
    {"kind": "single", "text": "Do you use the library?", "options": ["Yes", "No"]},
    {"kind": "multiple", "text": "Which services?", "options": ["Books", "Events", "Wifi"]},
    {"kind": "scale", "text": "How satisfied are you?"},
    {"kind": "text", "text": "Anything else?"},
]


def birth_for(age: int) -> dt.date:
    today = clock.today()
    return dt.date(today.year - age - 1, 1, 1) if (today.month, today.day) != (1, 1) else \
        dt.date(today.year - age - 1, 6, 1)


def populate(municipality, groups, *, start=0, **extra) -> list[Person]:
    """groups: [(count, age, postal_code, language)]: residents made in bulk (no register, no identity code)."""
    people, n = [], start
    for count, age, postal, language in groups:
        for _i in range(count):
            n += 1
            people.append(Person(municipality=municipality, first_names=f"Etu{n}", last_name=f"Suku{n}",
                                 birth_date=birth_for(age), postal_code=postal, language=language,
                                 email=f"p{n}@example.org", hetu_encrypted="-", hetu_hash=f"test-{n}", **extra))
    return Person.all_objects.bulk_create(people)


@pytest.fixture
def manager(municipality):
    user = UserFactory(username="johtaja")
    MembershipFactory(municipality=municipality, user=user, role=Role.MANAGER)
    return user


@pytest.fixture
def survey(municipality, manager):
    now = clock.now()
    return services.create_survey(municipality=municipality, title="Kirjastokysely",
                                  opens_at=now - dt.timedelta(days=1), closes_at=now + dt.timedelta(days=30),
                                  questions=QUESTIONS, by_user=manager)
