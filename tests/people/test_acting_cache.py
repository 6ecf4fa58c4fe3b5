"""The acted-for list is cached (issue 15), and never outlives a change: each test reads the person
again as a request does (the version comes with the row), and the list must follow at once."""

import datetime as dt
import json

import pytest

from luukku.core import clock
from luukku.people import mandates
from luukku.people.models import Mandate, Person
from luukku.people.registers import DemoRegisterAdapter
from luukku.people.selectors import persons_acting_for
from luukku.people.services import sync_person
from luukku.proactive.services import moved_away

from .mandate_fixtures import aino, benefit, bertil, parking, unit  # noqa: F401
from .test_registers_and_sync import AINO, HELMI, MIKKO, TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    with clock.frozen_at(TODAY):
        yield


def fresh(person) -> Person:
    return Person.all_objects.get(pk=person.pk)


def names(person) -> list[str]:
    return [p.first_names for p, _m in persons_acting_for(fresh(person))]


def test_second_read_asks_the_database_nothing(municipality, django_assert_num_queries):
    aino = sync_person(municipality, AINO)
    first = persons_acting_for(fresh(aino))
    person = fresh(aino)
    with django_assert_num_queries(0):
        again = persons_acting_for(person)
    assert [(p.pk, m and m.pk) for p, m in again] == [(p.pk, m and m.pk) for p, m in first]
    assert [p.first_names for p, _m in again] == ["Aino Maria", "Eero Ilmari", "Helmi Sofia"]
    assert again[0][0] is person  # the request's own person, never a cached copy


def test_a_guardianship_the_register_ended_drops_out_at_once(municipality, tmp_path, settings):
    aino = sync_person(municipality, AINO)
    assert names(aino) == ["Aino Maria", "Eero Ilmari", "Helmi Sofia"]  # cached now
    data = json.loads(DemoRegisterAdapter().path.read_text(encoding="utf-8"))
    for row in data["persons"]:
        if row["hetu"] == HELMI:
            row["guardians"] = [MIKKO]
    changed = tmp_path / "register.json"
    changed.write_text(json.dumps(data), encoding="utf-8")
    settings.LUUKKU_DEMO_REGISTER_FILE = str(changed)
    sync_person(municipality, AINO)  # ends the mandate with a queryset update (no signal)
    assert names(aino) == ["Aino Maria", "Eero Ilmari"]


def test_a_principal_who_moves_away_or_is_renamed_is_never_shown_stale(municipality):
    aino = sync_person(municipality, AINO)
    persons_acting_for(fresh(aino))
    eero = Person.all_objects.get(first_names="Eero Ilmari")
    moved_away(eero, dt.date(2026, 11, 20))
    (moved,) = [p for p, _m in persons_acting_for(fresh(aino)) if p.pk == eero.pk]
    assert moved.moved_away_on == dt.date(2026, 11, 20)
    other = Person.all_objects.get(pk=eero.pk)
    other.first_names = "Eero Ilmari Uusi"
    other.save()
    assert "Eero Ilmari Uusi" in names(aino)


def test_granting_revoking_and_changing_the_services_of_a_mandate(aino, bertil, parking, benefit):  # noqa: F811
    assert names(bertil) == [bertil.first_names]
    today = clock.today()
    mandate = mandates.grant(aino, bertil, [parking], today, today + dt.timedelta(days=30))
    assert names(bertil) == [bertil.first_names, aino.first_names]
    (_p, cached), = persons_acting_for(fresh(bertil))[1:]
    assert cached.covers(parking) and not cached.covers(benefit)
    Mandate.all_objects.get(pk=mandate.pk).case_types.add(benefit)
    (_p, cached), = persons_acting_for(fresh(bertil))[1:]
    assert cached.covers(benefit)
    Mandate.all_objects.get(pk=mandate.pk).case_types.set([parking])
    (_p, cached), = persons_acting_for(fresh(bertil))[1:]
    assert not cached.covers(benefit)
    mandates.revoke(Mandate.all_objects.get(pk=mandate.pk), aino)
    assert names(bertil) == [bertil.first_names]


def test_an_old_instance_saved_after_a_bump_does_not_bring_back_the_old_version(municipality):
    aino = sync_person(municipality, AINO)
    old = fresh(aino)
    persons_acting_for(old)
    Mandate.all_objects.filter(agent=aino).first().save()  # a change: version moves
    moved_on = fresh(aino).acting_version
    old.phone = "040 123 4567"
    old.save()  # an instance read before the bump
    assert fresh(aino).acting_version > moved_on
    assert isinstance(old.acting_version, int)


def test_the_ended_mandates_follow_a_revocation_a_queryset_update_and_the_day(aino, bertil, parking,  # noqa: F811
                                                                            django_assert_num_queries):
    """The mandates whose cases drop out of the agent's reach are cached like the acted-for list."""
    from luukku.people.selectors import ended_limited_mandate_ids

    today = clock.today()
    first = mandates.grant(aino, bertil, [parking], today, today + dt.timedelta(days=3))
    second = mandates.grant(aino, bertil, [parking], today, today + dt.timedelta(days=300))
    assert ended_limited_mandate_ids(fresh(bertil)) == []
    person = fresh(bertil)
    with django_assert_num_queries(0):
        assert ended_limited_mandate_ids(person) == []  # from the cache
    mandates.revoke(Mandate.all_objects.get(pk=first.pk), aino)
    assert ended_limited_mandate_ids(fresh(bertil)) == [first.pk]
    Mandate.all_objects.filter(pk=second.pk).update(revoked_at=clock.now())  # no signal: the queryset bumps
    assert sorted(ended_limited_mandate_ids(fresh(bertil))) == sorted([first.pk, second.pk])
    third = mandates.grant(aino, bertil, [parking], today, today + dt.timedelta(days=1))
    assert third.pk not in ended_limited_mandate_ids(fresh(bertil))
    with clock.frozen_at(TODAY + dt.timedelta(days=2)):
        assert third.pk in ended_limited_mandate_ids(fresh(bertil))  # ended at midnight, no write needed
