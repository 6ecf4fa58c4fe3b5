"""core.bulk.insert: COPY on PostgreSQL (from 100 rows), bulk_create otherwise — the same rows either way,
with primary keys the caller can refer to in the same transaction."""

import datetime as dt
import uuid

import pytest

from luukku.core import bulk, clock
from luukku.core.models import DomainEvent

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("count", [3, 250])
def test_rows_come_back_as_written_with_their_keys(municipality, count):
    at = dt.datetime(2027, 1, 10, 9, 30, tzinfo=clock.HELSINKI)
    events = [DomainEvent(municipality=municipality, at=at, kind="test.bulk", object_type="x",
                          object_id=str(uuid.UUID(int=i)), data={"n": i, "name": "Äänekoski \"quoted\"\ttab"})
              for i in range(count)]
    assert bulk.insert(events) is not None
    assert len({e.pk for e in events}) == count and all(e.pk for e in events)
    stored = DomainEvent.all_objects.in_bulk([e.pk for e in events])
    for i, event in enumerate(events):
        row = stored[event.pk]
        assert (row.data, row.at, row.object_id) == ({"n": i, "name": "Äänekoski \"quoted\"\ttab"}, at,
                                                     str(uuid.UUID(int=i)))
    later = DomainEvent.all_objects.create(municipality=municipality, kind="test.after")
    assert later.pk > max(e.pk for e in events)  # the sequence moved past the copied ids
