"""core.bulk.insert: COPY on PostgreSQL (from 100 rows), bulk_create otherwise — the same rows either way,
with primary keys the caller can refer to in the same transaction."""

import datetime as dt
import uuid

import pytest

from luukku.core import bulk, clock
from luukku.core.models import DomainEvent
from luukku.notify.models import Notification

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("count", [3, 250])
def test_rows_come_back_as_written_with_their_keys(municipality, count):
    at = dt.datetime(2027, 1, 10, 9, 30, tzinfo=clock.HELSINKI)
    data = {"name": "Äänekoski \"quoted\"\ttab\nline", "list": [1, None]}
    ids = bulk.insert(DomainEvent, ["municipality_id", "at", "kind", "object_type", "object_id", "data"],
                      [(municipality.pk, at, "test.bulk", "x", str(uuid.UUID(int=i)), {**data, "n": i})
                       for i in range(count)])
    assert len(set(ids)) == count and all(ids)
    stored = DomainEvent.all_objects.in_bulk(ids)
    for i, pk in enumerate(ids):
        row = stored[pk]
        assert (row.data, row.at, row.object_id, row.actor_id) == ({**data, "n": i}, at, str(uuid.UUID(int=i)), None)
    later = DomainEvent.all_objects.create(municipality=municipality, kind="test.after")
    assert later.pk > max(ids)  # the sequence moved past the copied ids


@pytest.mark.parametrize("count", [2, 150])
def test_columns_left_out_take_their_defaults_a_callable_one_per_row(municipality, count):
    before = clock.now()
    ids = bulk.insert(Notification, ["municipality_id", "kind", "idempotency_key", "subject", "body"],
                      [(municipality.pk, "test", f"bulk:{i}", "Aihe", "Teksti") for i in range(count)])
    rows = list(Notification.all_objects.filter(pk__in=ids))
    assert len({n.public_id for n in rows}) == count  # uuid4 called for each row
    assert all(n.language == "fi" and n.email == "" and n.person_id is None and n.created_at >= before for n in rows)


def test_nothing_to_write_writes_nothing():
    assert bulk.insert(DomainEvent, ["kind"], []) == []


# --- insert_values: a page's audit events in one statement -------------------------------------------

def audit_rows(municipality, **constants):
    from luukku.core.models import AuditEvent

    return AuditEvent.all_objects.filter(municipality=municipality, action=constants.get("action", "test.list"))


@pytest.mark.parametrize("count", [1, 2, 60])
def test_values_and_constants_are_written_as_given_each_row_its_own_default(municipality, count):
    from luukku.core.models import AuditEvent, Channel

    at = dt.datetime(2027, 1, 10, 9, 30, tzinfo=clock.HELSINKI)
    subjects = [uuid.UUID(int=i + 1) for i in range(count)]
    bulk.insert_values(AuditEvent, ["subject_id", "object_type", "object_id"],
                       [(s, "cases.case" if i % 3 else "people.person", f"o-{i}") for i, s in enumerate(subjects)],
                       {"municipality_id": municipality.pk, "actor_id": None, "action": "test.list",
                        "purpose": "testing", "at": at})
    rows = list(audit_rows(municipality).order_by("pk"))
    assert [(r.subject_id, r.object_type, r.object_id) for r in rows] == [
        (s, "cases.case" if i % 3 else "people.person", f"o-{i}") for i, s in enumerate(subjects)]
    assert {(r.at, r.actor_id, r.purpose, r.channel, r.actor_role, r.unit_id) for r in rows} == {
        (at, None, "testing", Channel.WEB, "", None)}  # given once, or the field's default
    assert len({r.public_id for r in rows}) == count  # a callable default: one value per row


def test_a_column_of_one_value_and_a_subject_given_as_text_are_written_as_the_orm_would(municipality):
    from luukku.core.models import AuditEvent

    subject = uuid.uuid4()
    bulk.insert_values(AuditEvent, ["subject_id", "object_type", "object_id"],
                       [(str(subject), "cases.case", "a"), (str(subject), "cases.case", "b")],
                       {"municipality_id": municipality.pk, "action": "test.list", "purpose": "testing"})
    assert sorted((r.subject_id, r.object_type, r.object_id) for r in audit_rows(municipality)) == [
        (subject, "cases.case", "a"), (subject, "cases.case", "b")]


def test_a_value_too_long_for_its_column_is_refused_not_cut(municipality):
    from django.db import DataError, connection, transaction

    from luukku.core.models import AuditEvent

    if connection.vendor != "postgresql":
        pytest.skip("SQLite does not enforce a varchar's length")
    with pytest.raises(DataError), transaction.atomic():
        bulk.insert_values(AuditEvent, ["subject_id", "object_id"], [(uuid.uuid4(), "x" * 65), (uuid.uuid4(), "y")],
                           {"municipality_id": municipality.pk, "action": "test.list", "purpose": "testing"})
    assert not audit_rows(municipality).exists()


def test_more_rows_than_one_statement_takes_are_all_written(municipality, monkeypatch):
    from django.db import connection

    from luukku.core.models import AuditEvent

    monkeypatch.setattr(type(connection.ops), "bulk_batch_size", lambda self, fields, objs: 7)
    bulk.insert_values(AuditEvent, ["subject_id", "object_id"], [(uuid.uuid4(), str(i)) for i in range(30)],
                       {"municipality_id": municipality.pk, "action": "test.list", "purpose": "testing"})
    assert sorted(int(r.object_id) for r in audit_rows(municipality)) == list(range(30))
