"""History rows (core.models.AppendOnly) are guarded twice: the ORM refuses to edit or delete them,
and so does the database itself, with a trigger on each history table, so that neither a raw SQL
statement nor a bug in a bulk update can rewrite the audit trail.

One door stays open, for the privileged maintenance that must remove or anonymise history
(retention of expired rows, erasure, `manage.py flush`): `history_maintenance()`. Inside it, in one
transaction, the ORM allows the edit and the database does too:

- PostgreSQL: `SET LOCAL luukku.history_maintenance = 'on'`, which the trigger reads with
  `current_setting(...)`. LOCAL: it ends with the transaction (also under PgBouncer's transaction
  pooling); rolling back to a savepoint cancels it.
- SQLite: a row in the table `luukku_history_maintenance` (created by the migration, not a Django
  model, so `flush` leaves it alone), inserted and deleted inside the same transaction. SQLite has
  one writer at a time and readers never see the uncommitted row, so no other connection can use it.

`core.services.retention_delete(queryset)` and `retention_update(queryset, **values)` are the
shortcuts for retention and erasure.

On PostgreSQL the trigger also lets an UPDATE through that only sets the listed nullable columns to
NULL (what `on_delete=SET_NULL` does when the referenced row goes); TRUNCATE (the test database's
flush on PostgreSQL) fires no row trigger.
"""

import contextlib
from contextvars import ContextVar

from django.core.exceptions import ValidationError
from django.db import connections, transaction

_maintenance = ContextVar("luukku_history_maintenance", default=False)

SQLITE_FLAG_TABLE = "luukku_history_maintenance"
PG_SETTING = "luukku.history_maintenance"
MESSAGE = "history rows are append-only"


def in_maintenance() -> bool:
    return _maintenance.get()


def refuse_edit(model) -> None:
    """The ORM side of the guard: bulk update/delete of history rows outside maintenance."""
    if getattr(model, "append_only", False) and not _maintenance.get():
        raise ValidationError(MESSAGE)


@contextlib.contextmanager
def history_maintenance(using: str = "default"):
    """Let the block delete or anonymise history rows (ORM and database), in one transaction."""
    if _maintenance.get():
        yield
        return
    connection = connections[using]
    with transaction.atomic(using=using):
        _set_flag(connection, True)
        token = _maintenance.set(True)
        try:
            yield
        finally:
            _maintenance.reset(token)
        # On an exception the savepoint's rollback takes the flag away; here the block went well.
        _set_flag(connection, False)


def _set_flag(connection, on: bool) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT set_config(%s, %s, true)", [PG_SETTING, "on" if on else "off"])
        elif connection.vendor == "sqlite":
            if on:
                cursor.execute(f"CREATE TABLE IF NOT EXISTS {SQLITE_FLAG_TABLE} (id integer NOT NULL)")
                cursor.execute(f"INSERT INTO {SQLITE_FLAG_TABLE} (id) VALUES (1)")
            else:
                cursor.execute(f"DELETE FROM {SQLITE_FLAG_TABLE}")


# --- the database side: installed by migrations (core, cases, feedback, proactive, frontoffice) ---

PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION luukku_refuse_history_edit() RETURNS trigger AS $$
DECLARE
    col text;
    old_row jsonb;
    new_row jsonb;
BEGIN
    IF coalesce(current_setting('{PG_SETTING}', true), '') = 'on' THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    IF TG_OP = 'UPDATE' THEN
        old_row := to_jsonb(OLD);
        new_row := to_jsonb(NEW);
        IF TG_NARGS > 0 THEN
            FOREACH col IN ARRAY TG_ARGV LOOP
                IF new_row -> col = 'null'::jsonb THEN
                    old_row := old_row - col;
                    new_row := new_row - col;
                END IF;
            END LOOP;
        END IF;
        IF old_row = new_row THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION '{MESSAGE}: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
"""


def install_guard(schema_editor, table: str, nullable: tuple[str, ...] = ()) -> None:
    """Create the trigger(s) refusing UPDATE and DELETE on `table` (for a RunPython operation)."""
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        args = ", ".join(f"'{c}'" for c in nullable)
        schema_editor.execute(PG_FUNCTION, params=None)  # its % are plpgsql's, not placeholders
        schema_editor.execute(f'DROP TRIGGER IF EXISTS luukku_history_guard ON "{table}"')
        schema_editor.execute(
            f'CREATE TRIGGER luukku_history_guard BEFORE UPDATE OR DELETE ON "{table}" '
            f"FOR EACH ROW EXECUTE FUNCTION luukku_refuse_history_edit({args})")
    elif vendor == "sqlite":
        schema_editor.execute(f"CREATE TABLE IF NOT EXISTS {SQLITE_FLAG_TABLE} (id integer NOT NULL)")
        allowed = f"EXISTS (SELECT 1 FROM {SQLITE_FLAG_TABLE})"
        # An UPDATE that only nulls the listed columns (on_delete=SET_NULL) is let through.
        changed = " OR ".join(
            [f'NEW."{c}" IS NOT OLD."{c}"' for c in _sqlite_columns(schema_editor, table) if c not in nullable]
            + [f'(NEW."{c}" IS NOT OLD."{c}" AND NEW."{c}" IS NOT NULL)' for c in nullable]) or "1"
        for op, when in (("DELETE", f"NOT {allowed}"), ("UPDATE", f"NOT {allowed} AND ({changed})")):
            name = f"luukku_history_guard_{op.lower()}_{table}"
            schema_editor.execute(f'DROP TRIGGER IF EXISTS "{name}"')
            schema_editor.execute(
                f'CREATE TRIGGER "{name}" BEFORE {op} ON "{table}" FOR EACH ROW WHEN {when} '
                f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END")


def remove_guard(schema_editor, table: str, nullable: tuple[str, ...] = ()) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(f'DROP TRIGGER IF EXISTS luukku_history_guard ON "{table}"')
    elif vendor == "sqlite":
        for op in ("delete", "update"):
            schema_editor.execute(f'DROP TRIGGER IF EXISTS "luukku_history_guard_{op}_{table}"')


def _sqlite_columns(schema_editor, table: str) -> list[str]:
    with schema_editor.connection.cursor() as cursor:
        return [column.name for column in schema_editor.connection.introspection.get_table_description(cursor, table)]


def guard_operation(*models: tuple[str, tuple[str, ...]]):
    """A migration operation guarding the given ("app.Model", nullable columns) pairs; reversible.
    Run it again after a migration that rebuilds such a table on SQLite (the rebuild drops triggers;
    tests/core/test_history_guard.py notices)."""
    from django.db import migrations

    def tables(apps):
        return [(apps.get_model(label)._meta.db_table, nullable) for label, nullable in models]

    def forwards(apps, schema_editor):
        for table, nullable in tables(apps):
            install_guard(schema_editor, table, nullable)

    def backwards(apps, schema_editor):
        for table, nullable in tables(apps):
            remove_guard(schema_editor, table, nullable)

    return migrations.RunPython(forwards, backwards, elidable=False)
