"""Tens of thousands of rows at once (a proactive campaign's offers and messages), written as
tuples, not model instances: on PostgreSQL with COPY, the ids first taken from the table's sequence
so that other rows can refer to them in the same transaction; elsewhere, and for a handful of rows,
with bulk_create. Building a model instance per row and preparing it field by field costs more
than the COPY itself (bench/RESULTS.md, the campaign benchmark)."""

import os
import re
import uuid

from django.db import DEFAULT_DB_ALIAS, connection, connections

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


def insert_values(model, columns: list[str], rows: list[tuple], constants: dict | None = None) -> None:
    """A page's worth of rows (a list's audit events) in one INSERT, without a model instance per row:
    `rows` give the values of `columns` (attnames), `constants` the values every row shares, prepared
    once by their field instead of once per row. Columns left out take the field's default (a callable
    one, such as uuid4, per row). What bulk_create does per row and field (an instance, its pre_save,
    get_db_prep_save of every value) cost more than the page it audits (bench/RESULTS.md). Runs in the
    caller's transaction; saves, signals and model validation are skipped, as with bulk_create; no
    primary keys are returned."""
    if not rows:
        return
    conn = connections[DEFAULT_DB_ALIAS]  # the connection itself: every look-up through the proxy costs
    meta, ops = model._meta, conn.ops
    by_attname = {f.attname: f for f in meta.concrete_fields}
    constants = dict(constants or {})
    if len(rows) > 1:  # a column of one value (a list's object type) goes in once, as those given
        same = [i for i, values in enumerate(zip(*rows, strict=True))
                if all(type(v) is type(values[0]) and v == values[0] for v in values)]
        if same:
            constants.update((columns[i], rows[0][i]) for i in same)
            keep = [i for i in range(len(columns)) if i not in same]
            columns, rows = [columns[i] for i in keep], [tuple(row[i] for i in keep) for row in rows]
    left = [f for f in meta.concrete_fields if f.attname not in constants and f.attname not in columns
            and not (f is meta.pk and not f.has_default())]  # an automatic key: the database's
    made = [f for f in left if f.has_default() and callable(f.default)]
    constants.update((f.attname, f.get_default()) for f in left if f not in made)
    fixed = [by_attname[name].get_db_prep_save(value, conn) for name, value in constants.items()]
    varying = [by_attname[name] for name in columns]
    by_column = conn.vendor == "postgresql" and len(rows) > 1  # a parameter per column (below)
    drawn = [f for f in made if by_column and f.default is uuid.uuid4]  # PostgreSQL draws them: gen_random_uuid()
    made = [f for f in made if f not in drawn]
    order = [*(by_attname[name] for name in constants), *varying, *made, *drawn]
    names = ", ".join(ops.quote_name(f.column) for f in order)
    table = ops.quote_name(meta.db_table)
    per_row = [*varying, *made]
    with conn.cursor() as cursor:
        if by_column:
            # A parameter per column, not per value: psycopg parses a statement's placeholders once and
            # keeps them only up to 50 parameters; fifty rows of twelve values would be parsed on every call.
            # A column goes as one text the database splits where it can (psycopg's arrays are made in
            # Python, value by value, and cost four times as much).
            columns_of = [_prepared(f, values, conn) for f, values in zip(varying, zip(*rows, strict=True), strict=True)]
            columns_of += [[f.get_db_prep_save(f.get_default(), conn) for _ in rows] for f in made]
            arrays, params = [], []
            for f, values in zip(per_row, columns_of, strict=True):
                sql, param = _column(values, _base_type(f, conn))
                arrays.append(sql)
                params.append(param)
            select = [*(f"%s::{_base_type(f, conn)}" for f in order[:len(fixed)]), *(["u.*"] if per_row else []),
                      *("gen_random_uuid()" for _ in drawn)]
            source = f"unnest({', '.join(arrays)}) AS u" if per_row else "generate_series(1, %s)"
            cursor.execute(f"INSERT INTO {table} ({names}) SELECT {', '.join(select)} FROM {source}",
                           [*fixed, *(params if per_row else [len(rows)])])
            return
        one = "(" + ", ".join(["%s"] * len(order)) + ")"
        size = max(1, ops.bulk_batch_size(order, rows))  # SQLite's limit of parameters
        for start in range(0, len(rows), size):
            batch = rows[start:start + size]
            prepared = [_prepared(f, values, conn) for f, values in zip(varying, zip(*batch, strict=True), strict=True)]
            prepared += [[f.get_db_prep_save(f.get_default(), conn) for _ in batch] for f in made]
            params = []
            for row in zip(*prepared, strict=True) if prepared else [()] * len(batch):
                params += fixed
                params += row
            cursor.execute(f"INSERT INTO {table} ({names}) VALUES {', '.join([one] * len(batch))}", params)


# Values of these types reach the database as they are for fields of these kinds (get_db_prep_save would
# return them unchanged): preparing fifty of them one by one costs more than sending them.
_AS_GIVEN = {"CharField": str, "TextField": str, "SlugField": str, "IntegerField": int, "BigIntegerField": int,
             "SmallIntegerField": int, "PositiveIntegerField": int, "PositiveBigIntegerField": int}


def _prepared(field, values, conn) -> list:
    given = _AS_GIVEN.get(field.get_internal_type())
    if given is None and field.get_internal_type() == "UUIDField" and conn.features.has_native_uuid_field:
        given = uuid.UUID
    prepare = field.get_db_prep_save
    return [value if type(value) is given else prepare(value, conn) for value in values]


_SEPARATOR, _NULL = "\x1f", "\x1e"  # ASCII's unit and record separators: not in a name, an id or a purpose


def _column(values: list, sql_type: str) -> tuple[str, object]:
    """(SQL, parameter) of a column's values as an array of `sql_type`: one text split by PostgreSQL
    (string_to_array) when every value is text, a whole number or a UUID without the separator;
    psycopg's array of them otherwise."""
    texts = []
    for value in values:
        if value is None:
            texts.append(_NULL)
        elif type(value) is str and _SEPARATOR not in value and value != _NULL:
            texts.append(value)
        elif type(value) in (int, uuid.UUID):
            texts.append(str(value))
        else:
            return f"%s::{sql_type}[]", values
    return f"string_to_array(%s, chr(31), chr(30))::{sql_type}[]", _SEPARATOR.join(texts)


_base_types: dict = {}


def _base_type(field, conn) -> str:
    """The column's type without its length (varchar, not varchar(64)): an explicit cast to the
    length would cut a longer value where the INSERT refuses it."""
    key = (field, conn.vendor)
    if key not in _base_types:
        _base_types[key] = re.sub(r"\(.*\)", "", field.db_type(conn))
    return _base_types[key]


def uuid4_texts(count: int) -> list[str]:
    """`count` random (version 4) UUIDs in their usual text form, as str(uuid.uuid4()) makes them."""
    raw = bytearray(os.urandom(16 * count))
    raw[6::16] = bytes(b & 0x0F | 0x40 for b in raw[6::16])  # the version
    raw[8::16] = bytes(b & 0x3F | 0x80 for b in raw[8::16])  # the variant
    t = raw.hex()
    return [f"{t[i:i + 8]}-{t[i + 8:i + 12]}-{t[i + 12:i + 16]}-{t[i + 16:i + 20]}-{t[i + 20:i + 32]}"
            for i in range(0, 32 * count, 32)]
