import datetime as dt
import json

import pytest

from luukku.core import clock
from luukku.core.models import DomainEvent
from luukku.people import registers
from luukku.people.models import Mandate, MandateKind, Person
from luukku.people.registers import DemoRegisterAdapter, RegisterError, get_adapter
from luukku.people.selectors import children_of, persons_acting_for
from luukku.people.services import sync_person

pytestmark = pytest.mark.django_db

AINO, MIKKO, EERO, HELMI = "150385-226A", "021183Y317T", "140317A452D", "020621B528K"
BERTIL, LINNEA, SALLA, OONA = "210879Y131L", "100223A604F", "070790X2459", "300919C3626"
PEKKA, JONNA = "190468V4739", "050507A2869"
TODAY = dt.datetime(2026, 11, 23, 12, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def frozen():
    with clock.frozen_at(TODAY):
        yield


def test_the_demo_register_is_the_configured_adapter_and_its_codes_are_valid_and_permanent():
    adapter = get_adapter()
    assert isinstance(adapter, DemoRegisterAdapter)
    persons = adapter.all_persons()
    assert len(persons) >= 12
    codes = [p.hetu for p in persons]
    assert all(900 > int(code[7:10]) >= 2 for code in codes)  # never temporary numbers
    assert {code[6] for code in codes} >= {"-", "A", "Y", "B"}  # old and 2023 century signs


def test_the_register_answers_person_children_and_guardians():
    adapter = get_adapter()
    aino = adapter.person(" 150385-226a ")  # normalised like any typed code
    assert aino.first_names == "Aino Maria" and aino.birth_date == dt.date(1985, 3, 15)
    assert aino.latitude is not None and aino.postal_code == "41990"
    assert sorted(c.first_names for c in adapter.children(AINO)) == ["Eero Ilmari", "Helmi Sofia"]
    assert [c.first_names for c in adapter.children(BERTIL)] == ["Linnea Elsa"]
    assert adapter.children(PEKKA) == []  # Jonna is 19: no longer in guardianship
    assert sorted(g.first_names for g in adapter.guardians(EERO)) == ["Aino Maria", "Mikko Johannes"]
    assert adapter.person("131052-308T") is None
    assert adapter.person(SALLA).protected_address and adapter.person(OONA).protected_address


def test_a_register_person_never_shows_the_code_in_its_repr():
    assert AINO not in repr(get_adapter().person(AINO))


def test_a_broken_register_file_is_a_register_error_without_codes(tmp_path):
    path = tmp_path / "register.json"
    path.write_text(json.dumps({"persons": [{"hetu": "150385-226B", "first_names": "X", "last_name": "Y"}]}))
    with pytest.raises(RegisterError) as error:
        DemoRegisterAdapter(path).person(AINO)
    assert "150385" not in str(error.value)
    assert DemoRegisterAdapter.check() == []
    assert "demo" in registers.register_adapters


def test_sync_creates_the_person_children_and_guardian_mandates(municipality):
    aino = sync_person(municipality, AINO)
    assert aino.full_name == "Aino Maria Asukas" and aino.hetu == AINO and aino.birth_date == dt.date(1985, 3, 15)
    assert aino.register_checked_at is not None
    mandates = Mandate.all_objects.filter(agent=aino)
    assert {m.principal.first_names for m in mandates} == {"Eero Ilmari", "Helmi Sofia"}
    assert {(m.kind, m.source, m.valid_until) for m in mandates} == {(MandateKind.GUARDIAN, "demo", None)}
    assert DomainEvent.all_objects.filter(kind="person.synced", object_id=str(aino.public_id)).exists()
    # A second sync refreshes, it does not duplicate.
    sync_person(municipality, AINO)
    assert Person.all_objects.filter(municipality=municipality).count() == 3
    assert Mandate.all_objects.filter(agent=aino).count() == 2


def test_both_guardians_get_a_mandate_for_the_same_child(municipality):
    sync_person(municipality, AINO)
    mikko = sync_person(municipality, MIKKO)
    eero = Person.all_objects.get(first_names="Eero Ilmari")
    assert set(Mandate.all_objects.filter(principal=eero).values_list("agent__first_names", flat=True)) == {
        "Aino Maria", "Mikko Johannes"}
    assert len(children_of(mikko)) == 2


def test_sync_ends_mandates_the_register_no_longer_has_and_reopens_them(municipality, tmp_path, settings):
    aino = sync_person(municipality, AINO)
    data = json.loads(DemoRegisterAdapter().path.read_text(encoding="utf-8"))
    for row in data["persons"]:
        if row["hetu"] == HELMI:
            row["guardians"] = [MIKKO]  # guardianship moved
    changed = tmp_path / "register.json"
    changed.write_text(json.dumps(data), encoding="utf-8")
    original, settings.LUUKKU_DEMO_REGISTER_FILE = settings.LUUKKU_DEMO_REGISTER_FILE, str(changed)

    sync_person(municipality, AINO)
    helmi_mandate = Mandate.all_objects.get(agent=aino, principal__first_names="Helmi Sofia")
    assert helmi_mandate.valid_until == dt.date(2026, 11, 22)  # kept; its last valid day was yesterday
    assert not helmi_mandate.is_valid_on(dt.date(2026, 11, 23))
    assert [child.first_names for child, _m in children_of(aino)] == ["Eero Ilmari"]

    with clock.frozen_at(TODAY + dt.timedelta(days=3)):
        assert [child.first_names for child, _m in children_of(aino)] == ["Eero Ilmari"]
        settings.LUUKKU_DEMO_REGISTER_FILE = original
        sync_person(municipality, AINO)
        helmi_mandate.refresh_from_db()
        assert helmi_mandate.valid_until is None and helmi_mandate.valid_from == dt.date(2026, 11, 26)
        assert len(children_of(aino)) == 2


def test_persons_acting_for_is_the_person_and_their_minor_children(municipality):
    bertil = sync_person(municipality, BERTIL)
    acting = persons_acting_for(bertil)
    assert acting[0] == (bertil, None)
    assert [(p.first_names, m.kind) for p, m in acting[1:]] == [("Linnea Elsa", MandateKind.GUARDIAN)]
    pekka = sync_person(municipality, PEKKA)
    assert persons_acting_for(pekka) == [(pekka, None)]


def test_a_child_turning_18_drops_out_without_a_sync(municipality):
    aino = sync_person(municipality, AINO)
    with clock.frozen_at(dt.datetime(2035, 3, 14, 12, tzinfo=dt.UTC)):  # Eero turns 18
        assert [c.first_names for c, _m in children_of(aino)] == ["Helmi Sofia"]
        assert [p.first_names for p, _m in persons_acting_for(aino)] == ["Aino Maria", "Helmi Sofia"]


def test_mandates_are_per_municipality(municipality, other_municipality):
    sync_person(municipality, AINO)
    other = sync_person(other_municipality, AINO)
    assert Person.all_objects.filter(hetu_hash=other.hetu_hash).count() == 2
    assert all(child.municipality_id == other_municipality.pk for child, _m in children_of(other))


def test_protected_address_comes_from_the_register(municipality):
    salla = sync_person(municipality, SALLA)
    assert salla.protected_address
    ((oona, _m),) = children_of(salla)
    assert oona.protected_address
