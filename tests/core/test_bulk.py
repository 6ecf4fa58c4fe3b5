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
