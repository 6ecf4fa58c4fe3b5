"""The demo loaded once per test module (seconds a load) inside a transaction rolled back at its end;
each test runs in its own savepoint within it, so what one test changes the next never sees. Modules
that need a fresh load per test define their own `koivula`."""

import pytest
from django.db import transaction

from luukku.core.models import Municipality
from tests._demo_snapshot import load_demo


@pytest.fixture(scope="module")
def _loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield load_demo()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def koivula(_loaded, db):
    return Municipality.objects.get(pk=_loaded.pk)
