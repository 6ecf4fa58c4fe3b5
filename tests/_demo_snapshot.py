"""The demo municipality for tests: loaded once per test database, then copied back row for row.

`load_demo()` builds the demo through the services (162 services, people, cases, the search index…):
7–10 s a load, and the browser tests, the demo's own tests and a few others need it fresh, ~50 loads a
run. Its result is the same rows every time, so the first load in a worker is kept as the tables' rows
and every later call empties the tables and writes those rows back (PostgreSQL: COPY with triggers
off for the copy; SQLite: inserts with foreign keys checked at the end): under a second.

Only from an empty database (no municipality yet): a test that made its own data first gets a real
load beside it. `tests/demo/test_demo_reload.py` and the other tests of the loader itself call
`luukku.demo.load_demo` directly.
"""

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, transaction

from luukku.core.history import SQLITE_FLAG_TABLE, history_maintenance
from luukku.core.models import Municipality

SKIP = {"django_migrations", SQLITE_FLAG_TABLE}
_snapshots: dict = {}


def _tables() -> list[str]:
    return sorted(t for t in connection.introspection.table_names() if t not in SKIP)


def _capture() -> dict:
    quote = connection.ops.quote_name
    rows = {}
    with connection.cursor() as cursor:
        for table in _tables():
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {quote(table)} TO STDOUT") as copy:
                    rows[table] = b"".join(bytes(block) for block in copy)
            else:
                cursor.execute(f"SELECT * FROM {quote(table)}")
                rows[table] = ([c[0] for c in cursor.description], cursor.fetchall())
    return rows


def _restore(rows: dict) -> None:
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Triggers and foreign keys off for the copy: the snapshot is whole and consistent. DELETE, not
            # TRUNCATE: on 141 small tables it takes a tenth of the time (no new files per table).
            cursor.execute("SET session_replication_role = replica")
            try:
                for table in rows:
                    cursor.execute(f"DELETE FROM {quote(table)}")
                for table, data in rows.items():
                    if data:
                        with cursor.cursor.copy(f"COPY {quote(table)} FROM STDIN") as copy:
                            copy.write(data)
            finally:
                cursor.execute("SET session_replication_role = DEFAULT")
            models = apps.get_models(include_auto_created=True)
            for statement in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)
        else:
            cursor.execute("PRAGMA defer_foreign_keys = ON")
            with history_maintenance():
                for table in rows:
                    cursor.execute(f"DELETE FROM {quote(table)}")
            for table, (columns, values) in rows.items():
                if values:
                    names = ", ".join(quote(c) for c in columns)
                    marks = ", ".join(["%s"] * len(columns))
                    cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", values)


def load_demo() -> Municipality:
    """What `luukku.demo.load_demo()` returns, from the worker's copy after its first load."""
    from django.contrib.contenttypes.models import ContentType

    from luukku.demo import load_demo as load

    if Municipality.objects.exists():
        return load()
    key = (connection.vendor, connection.settings_dict["NAME"])
    if key not in _snapshots:
        municipality = load()
        _snapshots[key] = (municipality.pk, _capture())
        return municipality
    pk, rows = _snapshots[key]
    _restore(rows)
    ContentType.objects.clear_cache()  # the ids are the snapshot's, not those of a flush's re-creation
    return Municipality.objects.get(pk=pk)
