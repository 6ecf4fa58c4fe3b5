"""Tens of thousands of rows at once (a proactive campaign's offers and messages): on PostgreSQL
with COPY, the ids first taken from the table's sequence so that other rows can refer to them in
the same transaction; elsewhere, and for a handful of rows, with bulk_create. Django's bulk_create
spends most of its time preparing the parameters of a multi-row INSERT (bench/RESULTS.md)."""

from django.db import connection

COPY_FROM = 100  # fewer rows than this: an INSERT is as quick and simpler


def insert(objs: list) -> list:
    """Insert model instances of one model (primary key unset, defaults filled as by the
    constructor); sets their primary keys and returns them. Runs in the caller's transaction;
    saves, signals and model validation are skipped, as with bulk_create."""
    if not objs:
        return objs
    model = type(objs[0])
    if connection.vendor != "postgresql" or len(objs) < COPY_FROM:
        return model._base_manager.bulk_create(objs)
    meta, quote = model._meta, connection.ops.quote_name
    pk = meta.pk
    fields = [f for f in meta.concrete_fields if f is not pk]
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                       [meta.db_table, pk.column, len(objs)])
        for obj, (pk_value,) in zip(objs, cursor.fetchall(), strict=True):
            setattr(obj, pk.attname, pk_value)
        columns = ", ".join(quote(f.column) for f in (pk, *fields))
        with cursor.cursor.copy(f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN") as copy:
            for obj in objs:
                copy.write_row([obj.pk, *(f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields)])
    for obj in objs:
        obj._state.adding, obj._state.db = False, connection.alias
    return objs
