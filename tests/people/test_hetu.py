import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from luukku.people import hetu
from luukku.people.models import Person

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("raw,normal,born", [
    ("131052-308T", "131052-308T", dt.date(1952, 10, 13)),
    (" 131052 - 308t ", "131052-308T", dt.date(1952, 10, 13)),
    ("010594Y123W", "010594Y123W", dt.date(1994, 5, 1)),  # 2023 century sign for the 1900s
    ("010516B123S", "010516B123S", dt.date(2016, 5, 1)),
])
def test_codes_are_normalised_validated_and_give_the_birth_date(raw, normal, born):
    assert hetu.validate(raw) == normal
    assert hetu.birth_date(normal) == born


def test_temporary_codes_are_refused_for_residents_with_a_clear_message():
    with pytest.raises(ValidationError) as error:
        hetu.validate("010594Y984N")  # individual number 984: temporary
    assert error.value.code == "temporary"


def test_century_sign_is_significant():
    assert hetu.lookup_hash("010594-123W") != hetu.lookup_hash("010594Y123W")


def test_code_is_stored_encrypted_and_found_by_its_keyed_hash(municipality):
    person = Person(municipality=municipality, first_names="Aino", last_name="Asukas", birth_date=dt.date(1952, 10, 13))
    person.set_hetu("131052-308t")
    person.save()
    stored = Person.all_objects.values("hetu_encrypted", "hetu_hash").get(pk=person.pk)
    assert "131052" not in stored["hetu_encrypted"] and "131052" not in stored["hetu_hash"]
    assert Person.all_objects.get(hetu_hash=hetu.lookup_hash("131052-308T")).hetu == "131052-308T"
    assert hetu.mask(person.hetu) == "131052-****"


@given(st.text(max_size=40))
def test_no_input_breaks_validation(text):
    try:
        hetu.validate(text)
    except ValidationError:
        pass
