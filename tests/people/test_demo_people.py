import pytest

from luukku.core.tenancy import municipality_context
from luukku.demo import people as demo_people
from luukku.people.models import Mandate, Person
from luukku.people.selectors import children_of

from ..factories import UserFactory

pytestmark = pytest.mark.django_db


def test_demo_residents_are_loaded_and_linked_to_the_demo_accounts_idempotently(municipality):
    aino_user, bertil_user = UserFactory(username="asukas"), UserFactory(username="asukas2")
    with municipality_context(municipality):
        demo_people.load(municipality)
        demo_people.load(municipality)
    # 13 residents, and the 5 of the register's change feed (the Virtanen family, Joonas and Aada)
    assert Person.all_objects.filter(municipality=municipality).count() == 18
    aino = Person.all_objects.get(user=aino_user)
    bertil = Person.all_objects.get(user=bertil_user)
    assert aino.full_name == "Aino Maria Asukas" and bertil.language == "sv"
    assert sorted(c.first_names for c, _m in children_of(aino)) == ["Eero Ilmari", "Helmi Sofia"]
    assert [c.first_names for c, _m in children_of(bertil)] == ["Linnea Elsa"]
    # Aino 2, Mikko 2, Bertil 1, Salla 1, Timo 1; Laura 1, Jari 1 (Ella), Jonna 1, Joonas 1 (Aada)
    assert Mandate.all_objects.filter(municipality=municipality).count() == 11


def test_the_demo_has_a_family_with_one_protected_and_one_unprotected_guardian(municipality):
    """Salla's address is protected (turvakielto), Timo's is not; both are Oona's guardians."""
    with municipality_context(municipality):
        demo_people.load(municipality)
    oona = Person.all_objects.get(municipality=municipality, first_names="Oona Aurora")
    guardians = {m.agent.first_names: m.agent for m in Mandate.all_objects.filter(principal=oona)}
    assert guardians["Salla Kristiina"].protected_address and oona.protected_address
    assert not guardians["Timo Kalevi"].protected_address
