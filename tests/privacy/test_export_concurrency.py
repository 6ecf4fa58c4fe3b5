"""Two export requests at the same moment make one export (PostgreSQL: real row locks)."""

import threading

import pytest
from django.db import connection, connections

from luukku.privacy import export
from luukku.privacy.models import DataExport


pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def test_two_requests_at_once_make_one_export(aino):
    barrier = threading.Barrier(2)
    results, errors = [], []

    def run():
        try:
            barrier.wait()
            made, created = export.request_export(aino)
            results.append((made.pk, created))
        except Exception as exc:  # noqa: BLE001 (asserted below)
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    assert len({pk for pk, _created in results}) == 1
    assert sorted(created for _pk, created in results) == [False, True]
    assert DataExport.all_objects.filter(person=aino).count() == 1
