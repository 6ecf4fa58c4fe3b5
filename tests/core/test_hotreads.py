"""core.hotreads: SQL written once per connection gives the same instances the ORM gives, with every
field converted as the ORM converts it (booleans, dates and times, decimals and JSON on SQLite too),
and never a stale row."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from luukku.core.hotreads import HotRead
from luukku.people.models import Person

from ..cases.conftest import make_person
from ..factories import UserFactory

pytestmark = pytest.mark.django_db

USER = HotRead(get_user_model(), "id = %s")
PERSON = HotRead(Person, "municipality_id = %s AND user_id = %s", order_by="last_name, first_names, id")


def fields(instance) -> dict:
    return {f.attname: getattr(instance, f.attname) for f in type(instance)._meta.concrete_fields}


def test_the_same_instances_as_the_orm(municipality):
    user = UserFactory(username="aino", is_staff=True, last_login=dt.datetime(2026, 12, 1, 8, 30, tzinfo=dt.UTC))
    person = make_person(municipality, "Aino", "Asukas", user=user)
    Person.all_objects.filter(pk=person.pk).update(latitude=Decimal("60.123456"), last_amr=["pwd", "otp"],
                                                   protected_address=True, moved_away_on=dt.date(2026, 5, 1))
    read = USER.first(user.pk)
    assert fields(read) == fields(get_user_model().objects.get(pk=user.pk))
    assert read.is_staff is True and read.last_login == user.last_login and not read._state.adding
    found = PERSON.first(municipality.pk, user.pk)
    assert fields(found) == fields(Person.all_objects.get(pk=person.pk))
    assert found.last_amr == ["pwd", "otp"] and found.latitude == Decimal("60.123456")
    assert found.protected_address is True and found.hetu == person.hetu


def test_each_read_sees_the_row_as_it_is_now_and_none_when_gone(municipality):
    user = UserFactory(username="bertil", first_name="Bertil")
    assert USER.first(user.pk).first_name == "Bertil"
    get_user_model().objects.filter(pk=user.pk).update(first_name="Berit")
    assert USER.first(user.pk).first_name == "Berit"
    user.delete()
    assert USER.first(user.pk) is None


def test_the_first_of_several_in_the_models_order(municipality):
    user = UserFactory(username="kaksi")
    make_person(municipality, "Veli", "Virtanen", user=user)
    make_person(municipality, "Anna", "Aalto", user=user, birth=dt.date(1990, 1, 1))
    assert PERSON.first(municipality.pk, user.pk).last_name == "Aalto"
    assert [p.last_name for p in PERSON.all(municipality.pk, user.pk)] == ["Aalto"]  # LIMIT 1
