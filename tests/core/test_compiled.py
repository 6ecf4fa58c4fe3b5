"""core.compiled: a query compiled once per shape gives what the ORM gives for every value, and a shape
whose values cannot be mapped safely is refused at its first use."""

import datetime as dt
import uuid
from zoneinfo import ZoneInfo

import pytest
from django.db import connections
from django.db.models import Count, QuerySet

from luukku.core.compiled import QueryDiverged, RefusedShape, compiled_query
from luukku.core.tenancy import municipality_context
from luukku.people.models import Person

from ..cases.conftest import make_person
from ..factories import UserFactory

pytestmark = pytest.mark.django_db
HELSINKI = ZoneInfo("Europe/Helsinki")


@compiled_query("test.people_by_every_kind")
def by_every_kind(municipality_id: int, last_name: str, public_id: uuid.UUID, born_before: dt.date,
                  checked_since: dt.datetime) -> QuerySet:
    return (Person.all_objects.filter(municipality_id=municipality_id, last_name=last_name)
            .exclude(public_id=public_id).filter(birth_date__lt=born_before, register_checked_at__gte=checked_since)
            .order_by("first_names"))


@compiled_query("test.person_by_public_id")
def by_public_id(public_id: uuid.UUID) -> QuerySet:
    return Person.all_objects.filter(public_id=public_id).select_related("user").annotate(n=Count("id"))


@compiled_query("test.names")
def names(municipality_id: int, protected: bool) -> QuerySet:
    return (Person.all_objects.filter(municipality_id=municipality_id, protected_address=protected)
            .order_by("last_name", "first_names").values_list("first_names", "birth_date"))


@compiled_query("test.flat_ids")
def flat_ids(municipality_id: int) -> QuerySet:
    return Person.all_objects.filter(municipality_id=municipality_id).order_by("pk").values_list("pk", flat=True)


@compiled_query("test.as_dicts")
def as_dicts(municipality_id: int) -> QuerySet:
    return Person.all_objects.filter(municipality_id=municipality_id).order_by("pk").values("last_name", "birth_date")


@compiled_query("test.by_pks")
def by_pks(pks: tuple[int, ...], protected: bool) -> QuerySet:
    return Person.all_objects.filter(pk__in=pks).exclude(protected_address=protected).order_by("pk")


@pytest.fixture
def people(municipality):
    checked = dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC)
    made = {}
    for first, last, born, hours in [("Aino", "Asukas", dt.date(1985, 4, 1), 0), ("Eetu", "Asukas", dt.date(2020, 6, 1), 5),
                                     ("Bertil", "Björkman", dt.date(1970, 1, 2), 10), ("Cia", "Asukas", dt.date(1990, 1, 1), 1)]:
        person = make_person(municipality, first, last, birth=born)
        Person.all_objects.filter(pk=person.pk).update(register_checked_at=checked + dt.timedelta(hours=hours))
        made[first] = person
    Person.all_objects.filter(pk=made["Cia"].pk).update(protected_address=True)
    return made


def orm(compiled, *args) -> list:
    return list(compiled.queryset(*args))


def fields(instance) -> dict:
    return {f.attname: getattr(instance, f.attname) for f in type(instance)._meta.concrete_fields}


def test_every_kind_of_value_gives_what_the_orm_gives(municipality, people):
    since = dt.datetime(2026, 12, 1, 10, 30, tzinfo=HELSINKI)  # 08:30 UTC: Aino's 08:00 is before it
    cases = [(municipality.pk, "Asukas", people["Eetu"].public_id, dt.date(2030, 1, 1), since),
             (municipality.pk, "Asukas", people["Cia"].public_id, dt.date(2000, 1, 1), since - dt.timedelta(hours=1)),
             (municipality.pk, "Björkman", uuid.uuid4(), dt.date(2000, 1, 1), since),
             (municipality.pk + 1000, "Asukas", uuid.uuid4(), dt.date(2030, 1, 1), since)]
    expected = [["Cia"], ["Aino"], ["Bertil"], []]
    for args, names_found in zip(cases, expected):
        found = by_every_kind(*args)
        assert [p.first_names for p in found] == names_found
        assert [fields(p) for p in found] == [fields(p) for p in orm(by_every_kind, *args)]
        assert all(not p._state.adding and p._state.db == "default" for p in found)


def test_a_timezone_aware_datetime_is_compared_in_utc(municipality, people):
    # 10:00 in Helsinki is 08:00 UTC, Aino's check exactly: included (>=); a minute later, not.
    at = dt.datetime(2026, 12, 1, 10, 0, tzinfo=HELSINKI)
    args = (municipality.pk, "Asukas", uuid.uuid4(), dt.date(2000, 1, 1))
    assert [p.first_names for p in by_every_kind(*args, at)] == ["Aino", "Cia"]
    assert [p.first_names for p in by_every_kind(*args, at + dt.timedelta(minutes=1))] == ["Cia"]
    with pytest.raises(TypeError, match="naive"):
        by_every_kind(*args, dt.datetime(2026, 12, 1, 10, 0))


def test_a_uuid_is_filled_in_the_backends_form(municipality, people):
    aino = people["Aino"]
    found = by_public_id(aino.public_id)
    assert [p.pk for p in found] == [aino.pk]
    plan = connections["default"].__dict__[by_public_id._attr][()]
    ((at, _index, _element, prepare),) = plan.slots
    prepared = plan.params([aino.public_id])[at]
    assert prepared == (aino.public_id if connections["default"].features.has_native_uuid_field else aino.public_id.hex)
    assert by_public_id(uuid.uuid4()) == []


def test_select_related_and_annotations_are_filled_without_another_query(municipality, people,
                                                                          django_assert_num_queries):
    aino = people["Aino"]
    Person.all_objects.filter(pk=aino.pk).update(user=UserFactory(username="aino", first_name="Aino"))
    by_public_id(aino.public_id)  # compiled
    with django_assert_num_queries(1):
        (found,) = by_public_id(aino.public_id)
        assert found.user.username == "aino" and found.user.first_name == "Aino" and found.n == 1
    (expected,) = orm(by_public_id, aino.public_id)
    assert fields(found.user) == fields(expected.user)
    bertil = people["Bertil"]  # no user: the relation is None, as the ORM leaves it
    (found,) = by_public_id(bertil.public_id)
    assert found.user is None and found.user_id is None


def test_values_list_flat_and_values_rows(municipality, people):
    assert names(municipality.pk, False) == list(names.queryset(municipality.pk, False))
    assert names(municipality.pk, False)[0] == ("Aino", dt.date(1985, 4, 1))
    assert names(municipality.pk, True) == [("Cia", dt.date(1990, 1, 1))]  # a bool chooses its own shape
    assert len(connections["default"].__dict__[names._attr]) == 2
    assert flat_ids(municipality.pk) == sorted(p.pk for p in people.values())
    assert as_dicts(municipality.pk)[0] == {"last_name": "Asukas", "birth_date": dt.date(1985, 4, 1)}
    assert as_dicts(municipality.pk) == list(as_dicts.queryset(municipality.pk))


def test_a_tuple_for_in_compiles_once_per_length(municipality, people, django_assert_num_queries):
    aino, eetu, cia = people["Aino"].pk, people["Eetu"].pk, people["Cia"].pk
    assert [p.pk for p in by_pks((cia, aino, eetu), True)] == sorted([aino, eetu])
    assert [p.pk for p in by_pks((aino, aino, aino), True)] == [aino]  # duplicates dropped, as the ORM does
    assert [p.pk for p in by_pks((cia, cia), False)] == [cia]
    with django_assert_num_queries(0):
        assert by_pks((), True) == []  # empty whatever the values: no query
    plans = connections["default"].__dict__[by_pks._attr]
    assert sorted(plans) == [(False, 1), (True, 0), (True, 1), (True, 3)]
    with pytest.raises(TypeError, match="not a tuple"):
        by_pks([aino], True)


def test_later_calls_do_not_build_the_query(municipality, people, settings):
    settings.LUUKKU_COMPILED_VERIFY = False
    built = []

    @compiled_query("test.counted")
    def counted(municipality_id: int) -> QuerySet:
        built.append(municipality_id)
        return Person.all_objects.filter(municipality_id=municipality_id).order_by("pk")

    assert len(counted(municipality.pk)) == 4
    first = len(built)  # the probes, a second opinion, nothing of the real value
    assert municipality.pk not in built
    assert len(counted(municipality.pk)) == 4 and counted(municipality.pk + 1) == []
    assert len(built) == first


def test_shapes_whose_values_cannot_be_mapped_are_refused_at_first_use(municipality, people):
    @compiled_query("test.contains")
    def contains(part: str) -> QuerySet:
        return Person.all_objects.filter(last_name__contains=part)

    @compiled_query("test.arithmetic")
    def arithmetic(born: dt.date) -> QuerySet:
        return Person.all_objects.filter(birth_date__gte=born - dt.timedelta(days=1))

    @compiled_query("test.scoped")
    def scoped(last_name: str) -> QuerySet:
        return Person.objects.filter(last_name=last_name)  # the current municipality is a hidden input

    @compiled_query("test.prefetch")
    def prefetch(municipality_id: int) -> QuerySet:
        return Person.all_objects.filter(municipality_id=municipality_id).prefetch_related("user")

    for compiled, args, why in [(contains, ("suk",), "does not reach the query"),
                                (arithmetic, (dt.date(1980, 1, 1),), "does not reach the query"),
                                (prefetch, (municipality.pk,), "prefetch_related")]:
        with pytest.raises(RefusedShape, match=why):
            compiled(*args)
    with municipality_context(municipality), pytest.raises(RefusedShape, match="current municipality"):
        scoped("Asukas")
    with pytest.raises(TypeError, match="is not a"):
        flat_ids(str(municipality.pk))


def test_verification_catches_a_builder_that_reads_what_it_was_not_given(municipality, people):
    limit = {"rows": 2}

    @compiled_query("test.hidden")
    def hidden(municipality_id: int) -> QuerySet:
        return Person.all_objects.filter(municipality_id=municipality_id).order_by("pk")[:limit["rows"]]

    assert len(hidden(municipality.pk)) == 2
    limit["rows"] = 3
    with pytest.raises(QueryDiverged, match="differs from the ORM"):
        hidden(municipality.pk)

    @compiled_query("test.branches")
    def branches(municipality_id: int) -> QuerySet:  # the probes take one branch, the real value the other
        qs = Person.all_objects.filter(municipality_id=municipality_id)
        return qs if municipality_id == municipality.pk else qs.filter(protected_address=True)

    with pytest.raises(QueryDiverged):
        branches(municipality.pk)


def test_count_is_the_number_of_rows_capped_where_asked(municipality, people, django_assert_num_queries):
    assert flat_ids.count(municipality.pk) == len(orm(flat_ids, municipality.pk)) == 4
    assert by_pks.count(tuple(p.pk for p in people.values()), True) == 3  # Cia's address is protected
    with django_assert_num_queries(1):
        assert flat_ids.count(municipality.pk, at_most=2) == 2
    assert flat_ids.count(municipality.pk + 1) == 0
    assert by_pks.count((), False) == 0  # an empty __in: no query at all
