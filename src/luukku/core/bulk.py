"""Tens of thousands of rows at once (a proactive campaign's offers and messages), written as
tuples, not model instances: on PostgreSQL with COPY, the ids first taken from the table's sequence
so that other rows can refer to them in the same transaction; elsewhere, and for a handful of rows,
with bulk_create. Building a model instance per row and preparing it field by field costs more
than the COPY itself (bench/RESULTS.md, the campaign benchmark)."""

import os
import uuid

from django.db import connection

COPY_FROM = 100  # fewer rows than this: an INSERT is as quick and simpler
_NONE = object()


def insert(model, columns: list[str], rows: list[tuple]) -> list[int]:
    """Insert `rows` (tuples of values for `columns`, attnames such as "person_id") into `model`'s
    table and return their new primary keys in order. Columns left out take the field's default
    (a callable default such as uuid4 is called per row). Values go in as Python gives them (a
    UUID may be given as its text); JSON columns are encoded here. Runs in the caller's
    transaction; saves, signals and model validation are skipped, as with bulk_create."""
    if not rows:
        return []
    meta = model._meta
    if connection.vendor != "postgresql" or len(rows) < COPY_FROM:
        objs = model._base_manager.bulk_create([model(**dict(zip(columns, row, strict=True))) for row in rows])
        return [obj.pk for obj in objs]
    pk, quote = meta.pk, connection.ops.quote_name
    by_attname = {f.attname: f for f in meta.concrete_fields}
    fields = [by_attname[name] for name in columns]
    rest = [f for f in meta.concrete_fields if f is not pk and f.attname not in set(columns)]
    made = [f for f in rest if f.has_default() and callable(f.default)]
    fixed = [f for f in rest if f not in made]
    constant = tuple(f.get_default() for f in fixed)
    # A uuid4 default as text, drawn for all rows at once: a UUID object per row costs more than its COPY.
    made_values = [uuid4_texts(len(rows)) if f.default is uuid.uuid4 else [f.default() for _ in rows] for f in made]
    order = [*fields, *fixed, *made]
    json_at = [(i, f) for i, f in enumerate(order) if f.get_internal_type() == "JSONField"]
    json_last: dict[int, tuple] = {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                       [meta.db_table, pk.column, len(rows)])
        ids = [pk_value for (pk_value,) in cursor.fetchall()]
        names = ", ".join(quote(f.column) for f in (pk, *order))
        with cursor.cursor.copy(f"COPY {quote(meta.db_table)} ({names}) FROM STDIN") as copy:
            for pk_value, row, *extra in zip(ids, rows, *made_values, strict=True):
                values = [pk_value, *row, *constant, *extra]
                for i, field in json_at:
                    raw, encoded = json_last.get(i, (_NONE, None))
                    if values[i + 1] is not raw:  # the same object as the row above (a rule's text): encoded once
                        raw, encoded = json_last[i] = (values[i + 1], field.get_db_prep_save(values[i + 1], connection))
                    values[i + 1] = encoded
                copy.write_row(values)
    return ids


def uuid4_texts(count: int) -> list[str]:
    """`count` random (version 4) UUIDs in their usual text form, as str(uuid.uuid4()) makes them."""
    raw = bytearray(os.urandom(16 * count))
    raw[6::16] = bytes(b & 0x0F | 0x40 for b in raw[6::16])  # the version
    raw[8::16] = bytes(b & 0x3F | 0x80 for b in raw[8::16])  # the variant
    t = raw.hex()
    return [f"{t[i:i + 8]}-{t[i + 8:i + 12]}-{t[i + 12:i + 16]}-{t[i + 16:i + 20]}-{t[i + 20:i + 32]}"
            for i in range(0, 32 * count, 32)]


def append(model, columns: list[str], rows: list[tuple], using: str = "default") -> int:
    """Insert a handful of `rows` (tuples of values for `columns`, attnames) into `model`'s table in one
    INSERT … VALUES statement, returning nothing: history rows a page writes on every request (the audit
    trail of a staff read), where bulk_create's instances, batching and RETURNING cost more than the
    row (issue 15). Columns left out take the field's default (a uuid4 default is called per row);
    values are prepared by each field as a save prepares them. Runs in the caller's transaction (or
    autocommits); saves, signals and model validation are skipped, as with bulk_create."""
    from django.db import connections

    if not rows:
        return 0
    connection = connections[using]
    meta = model._meta
    by_attname = {f.attname: f for f in meta.concrete_fields}
    fields = [by_attname[name] for name in columns]
    rest = [f for f in meta.concrete_fields if f is not meta.pk and f.attname not in set(columns)]
    quote = connection.ops.quote_name
    names = ", ".join(quote(f.column) for f in (*fields, *rest))
    one = "(" + ", ".join(["%s"] * (len(fields) + len(rest))) + ")"
    batch = max(1, connection.ops.bulk_batch_size([*fields, *rest], rows))  # SQLite's limit of parameters
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch):
            params = []
            for row in rows[start:start + batch]:
                params += [field.get_db_prep_save(value, connection) for field, value in zip(fields, row, strict=True)]
                params += [field.get_db_prep_save(field.get_default(), connection) for field in rest]
            count = len(params) // (len(fields) + len(rest))
            cursor.execute(f"INSERT INTO {quote(meta.db_table)} ({names}) VALUES {', '.join([one] * count)}", params)
    return len(rows)
