"""Test databases copied from a migrated template instead of migrated anew by every xdist worker.

Migrating an empty database through every migration costs ~30 s of one core (Django re-renders the
model states after each operation), and each pytest run made one per worker: SQLite, PostgreSQL and
the browser run, two workers each. The schema a fresh migrate produces depends only on the migration
files and the code they import (checked by `makemigrations --check`), so the first worker to need a
schema migrates as before and keeps a copy under a key of those files; every later worker or run
copies it (PostgreSQL: CREATE DATABASE … TEMPLATE; SQLite: the backup API, ~0.1 s).

Copies live beside the data they copy: PostgreSQL templates in the server (`luukku_tpl_<key>`),
SQLite files in ~/.cache/luukku/test-db (or $LUUKKU_TEST_DB_CACHE). An unchanged key is the same
schema by construction; a changed migration, a changed module a migration imports, another Django or
SQLite version make a new key. Copies older than a week are removed. `--reuse-db` keeps pytest-django's
own behaviour, and LUUKKU_TEST_DB_TEMPLATE=0 turns the copies off.
"""

import contextlib
import fcntl
import hashlib
import os
import re
import sqlite3
import tempfile
import time
from pathlib import Path

import django
from django.apps import apps
from django.conf import settings
from django.db.backends.base.creation import BaseDatabaseCreation

KEEP_SECONDS = 7 * 24 * 3600
_IMPORTED = re.compile(r"^\s*(?:from|import)\s+(luukku(?:\.\w+)+)", re.M)


def _schema_key(connection) -> str:
    """A digest of every migration file, every luukku module a migration imports, and the versions."""
    digest = hashlib.sha256()
    digest.update(f"{django.__version__} {connection.vendor} {sqlite3.sqlite_version}".encode())
    migration_files, imported = [], set()
    for app in apps.get_app_configs():
        folder = Path(app.path) / "migrations"
        if folder.is_dir():
            migration_files += sorted(folder.glob("*.py"))
    for path in migration_files:
        text = path.read_bytes()
        digest.update(str(path.relative_to(path.parents[2])).encode() + b"\0" + text)
        imported.update(_IMPORTED.findall(text.decode("utf-8", "replace")))
    for module in sorted(imported):
        path = Path(settings.BASE_DIR).parent.joinpath(*module.split("."))
        for candidate in (path.with_suffix(".py"), path / "__init__.py"):
            if candidate.is_file():
                digest.update(module.encode() + b"\0" + candidate.read_bytes())
    return digest.hexdigest()[:20]


@contextlib.contextmanager
def _locked(key: str):
    """One worker at a time builds or copies a key's template; the others wait and then copy it."""
    with open(Path(tempfile.gettempdir()) / f"luukku-test-db-{key}.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class _Postgres:
    def __init__(self, creation, key):
        self.creation, self.template = creation, f"luukku_tpl_{key}"

    def exists(self) -> bool:
        with self.creation._nodb_cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [self.template])
            return cursor.fetchone() is not None

    def restore(self, name: str) -> None:
        quote = self.creation.connection.ops.quote_name
        with self.creation._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {quote(name)}")
            cursor.execute(f"CREATE DATABASE {quote(name)} TEMPLATE {quote(self.template)}")
            # Remember when it was last used: stale templates of other keys are dropped after a week.
            cursor.execute(f"COMMENT ON DATABASE {quote(self.template)} IS '{int(time.time())}'")

    def save(self, name: str) -> None:
        quote = self.creation.connection.ops.quote_name
        self.creation.connection.close()  # a template's source may have no other session
        with self.creation._nodb_cursor() as cursor:
            building = f"{self.template}_new"
            cursor.execute(f"DROP DATABASE IF EXISTS {quote(building)}")
            cursor.execute(f"CREATE DATABASE {quote(building)} TEMPLATE {quote(name)}")
            cursor.execute(f"ALTER DATABASE {quote(building)} RENAME TO {quote(self.template)}")
            cursor.execute(f"COMMENT ON DATABASE {quote(self.template)} IS '{int(time.time())}'")
            cursor.execute(
                "SELECT d.datname, shobj_description(d.oid, 'pg_database') FROM pg_database d "
                "WHERE d.datname LIKE 'luukku_tpl_%%' AND d.datname <> %s",
                [self.template],
            )
            for other, used in cursor.fetchall():
                if not (used or "").isdigit() or time.time() - int(used) > KEEP_SECONDS:
                    with contextlib.suppress(Exception):  # in use by a run of another checkout: next time
                        cursor.execute(f"DROP DATABASE {quote(other)}")


class _Sqlite:
    def __init__(self, creation, key):
        self.creation = creation
        folder = Path(os.environ.get("LUUKKU_TEST_DB_CACHE") or Path.home() / ".cache" / "luukku" / "test-db")
        folder.mkdir(parents=True, exist_ok=True)
        self.folder, self.file = folder, folder / f"{key}.sqlite3"

    def exists(self) -> bool:
        return self.file.is_file()

    def restore(self, name: str) -> None:
        self.creation.connection.ensure_connection()
        source = sqlite3.connect(self.file)
        try:
            source.backup(self.creation.connection.connection)
        finally:
            source.close()
        self.file.touch()

    def save(self, name: str) -> None:
        self.creation.connection.ensure_connection()
        handle, building = tempfile.mkstemp(dir=self.folder, suffix=".building")
        os.close(handle)
        target = sqlite3.connect(building)
        try:
            self.creation.connection.connection.backup(target)
        finally:
            target.close()
        os.replace(building, self.file)
        for other in self.folder.glob("*.sqlite3"):
            if other != self.file and time.time() - other.stat().st_mtime > KEEP_SECONDS:
                other.unlink(missing_ok=True)


STORES = {"postgresql": _Postgres, "sqlite": _Sqlite}


def _flush_by_delete(original):
    """The flush after each transactional test (browser tests: the live server sees committed rows)
    with DELETE instead of TRUNCATE: TRUNCATE makes new files for each of ~140 tables and their
    indexes (2–3 s a test); the tables hold a demo's rows at most. Triggers and foreign keys are off
    for it, as TRUNCATE's one statement over every table passes them."""

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if not tables or reset_sequences:
            return original(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        statements = ["SET session_replication_role = replica"]
        statements += [f"DELETE FROM {self.quote_name(table)};" for table in tables]
        statements.append("SET session_replication_role = DEFAULT")
        return statements

    return sql_flush


def install() -> None:
    original = BaseDatabaseCreation.create_test_db

    def create_test_db(self, verbosity=1, autoclobber=False, serialize=True, keepdb=False):
        store_class = STORES.get(self.connection.vendor)
        if keepdb or store_class is None or os.environ.get("LUUKKU_TEST_DB_TEMPLATE") == "0":
            return original(self, verbosity, autoclobber, serialize, keepdb)
        key = _schema_key(self.connection)
        with _locked(key):
            name = self._get_test_db_name()
            store = store_class(self, key)
            if store.exists():
                if self.connection.vendor == "sqlite":
                    self._create_test_db(verbosity, autoclobber, keepdb)  # removes a leftover file
                self.connection.close()
                settings.DATABASES[self.connection.alias]["NAME"] = name
                self.connection.settings_dict["NAME"] = name
                store.restore(name)
            else:
                original(self, verbosity, autoclobber, serialize=False, keepdb=keepdb)
                store.save(name)
        if self.connection.vendor == "postgresql":
            # A test database's commits need not wait for the disk (browser tests commit every step).
            with self._nodb_cursor() as cursor:
                cursor.execute(f"ALTER DATABASE {self.connection.ops.quote_name(name)} SET synchronous_commit = off")
            self.connection.close()
        if serialize:
            self.connection._test_serialized_contents = self.serialize_db_to_string()
        self.connection.ensure_connection()
        return name

    BaseDatabaseCreation.create_test_db = create_test_db

    from django.db.backends.postgresql.operations import DatabaseOperations

    DatabaseOperations.sql_flush = _flush_by_delete(DatabaseOperations.sql_flush)
