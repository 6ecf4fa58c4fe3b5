"""ORM queries built and compiled once per shape and connection (issue 15, ADR 0012).

Building and compiling a small ORM query costs 2–4 M instructions; running its SQL through a cursor
0.2 M. A hot page's query keeps its shape from call to call, only its values change. So:

    @compiled_query("cases.my_cases_items")
    def my_case_rows(person_id: int, municipality_id: int) -> QuerySet:
        return Case.all_objects.filter(municipality_id=municipality_id, applicant_id=person_id).order_by("-updated_at")

    cases = my_case_rows(person.pk, municipality.pk)  # a list, exactly what list(queryset) gives

The builder takes every per-call value as an annotated argument (int, str, UUID, date, datetime, bool, or a
tuple of one of the first five: `tuple[int, ...]` for `__in`) and reads nothing else that varies: no clock, request, language, settings, current municipality (use
`all_objects` and pass the id), no branching on the values. On its first call per connection the builder
runs with *probes*, unique values of those types; the compiled SQL is kept, and each probe is looked for in
its parameters in the form the backend gets it (UUID as hex on SQLite, datetimes in UTC text, …). That is
how the values are mapped through Django's lookups without its private API: the ORM maps a probe, we
observe where it lands. A shape is refused at first use, with an error naming the builder, when
- a probe is not found as a parameter, or is found changed (a lookup wrapped it: `contains`, `__in`),
  or written into the SQL text;
- a second build with other probes, another current municipality, language and clock gives SQL or
  parameters that filling the kept template with those probes does not (hidden inputs, branching);
- it prefetches, streams, or returns anything but model instances, values() or values_list() rows.
A bool chooses the shape (`filter(active=flag)` may compile to different SQL per value), and so does a
tuple's length (`IN (%s, %s)`; its duplicates are dropped first, as the ORM drops them). A shape that is
empty whatever the values (`__in` an empty tuple) is kept as such and answers [] without a query.

With LUUKKU_COMPILED_VERIFY (on in the tests) every call also builds the query the ORM's way and
asserts the same SQL and parameters, so the whole test suite checks that the two never diverge.
Results are made as Django's ModelIterable / Values(List)Iterable make them: `from_db`, the related
populators of select_related, annotations, the compiler's converters.
"""

import datetime as dt
import inspect
import random
import secrets
import typing
import uuid

from django.conf import settings
from django.core.exceptions import EmptyResultSet, ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models.query import (
    FlatValuesListIterable,
    ModelIterable,
    QuerySet,
    ValuesIterable,
    ValuesListIterable,
    get_related_populators,
)
from django.utils import timezone, translation

_random = random.SystemRandom()


class RefusedShape(ImproperlyConfigured):
    """The builder's query cannot be compiled once and filled in safely; the message says why."""


class QueryDiverged(AssertionError):
    """Verification mode: the kept SQL or parameters differ from what the ORM builds for this call."""


# Probes: unique values that nothing in a query would hold by chance. Ints stay within a 32-bit
# IntegerField's range: outside it, Django 5 drops the comparison (IntegerFieldOverflow).
def _probe(kind):
    if kind is int:
        return _random.randrange(10**8, 2**31 - 1)
    if kind is str:
        return "zq" + secrets.token_hex(10)
    if kind is uuid.UUID:
        return uuid.uuid4()
    if kind is dt.datetime:
        return dt.datetime(_random.randrange(2200, 2900), _random.randrange(1, 13), _random.randrange(1, 29),
                           _random.randrange(24), _random.randrange(60), _random.randrange(60),
                           _random.randrange(1, 10**6), tzinfo=dt.UTC if settings.USE_TZ else None)
    if kind is dt.date:
        return dt.date(_random.randrange(2200, 2900), _random.randrange(1, 13), _random.randrange(1, 29))
    raise AssertionError(kind)


def _preparations(kind, connection):
    """How a value of `kind` may reach the cursor: as given, or adapted by the backend."""
    ops = connection.ops
    found = [None]  # as given
    if kind is uuid.UUID:
        found.append(lambda v: v.hex)
    elif kind is dt.datetime:
        found.append(ops.adapt_datetimefield_value)
    elif kind is dt.date:
        found.append(ops.adapt_datefield_value)
    return found


MAX_SHAPES = 64  # per query and connection; past it (a tuple of every length…) the ORM's way, not kept
KINDS = (int, str, uuid.UUID, dt.date, dt.datetime, bool)


class _Many(typing.NamedTuple):
    """tuple[kind, ...]: the values of an __in."""
    kind: type


def _kind(annotation):
    if typing.get_origin(annotation) is tuple:
        inner = typing.get_args(annotation)
        if len(inner) == 2 and inner[1] is Ellipsis and inner[0] in KINDS and inner[0] is not bool:
            return _Many(inner[0])
    return annotation if annotation in KINDS else None
ITERABLES = (ModelIterable, ValuesIterable, ValuesListIterable, FlatValuesListIterable)


def _check(name, kinds, args):
    if len(args) != len(kinds):
        raise TypeError(f"{name} takes {len(kinds)} arguments, {len(args)} given")
    for arg, kind in zip(args, kinds):
        if isinstance(kind, _Many):
            if not isinstance(arg, tuple):
                raise TypeError(f"{name}: {arg!r} is not a tuple")
            _check(name, [kind.kind] * len(arg), arg)
            continue
        ok = isinstance(arg, kind) and not (kind is int and isinstance(arg, bool)) and not (
            kind is dt.date and isinstance(arg, dt.datetime))
        if not ok:
            raise TypeError(f"{name}: {arg!r} is not a {kind.__name__}")
        if kind is dt.datetime and settings.USE_TZ and timezone.is_naive(arg):
            raise TypeError(f"{name}: {arg!r} is a naive datetime")


class _Plan:
    """One shape on one connection: its SQL, parameter template, slots and how rows become results."""

    def __init__(self, name, sql, template, slots, qs, compiler, using):
        self.sql, self.template, self.slots, self.compiler = sql, template, slots, compiler
        self.using, self.iterable = using, qs._iterable_class
        fields = [s[0] for s in compiler.select[:compiler.col_count]]  # as_sql() filled select, klass_info…
        if compiler.has_composite_fields(fields):
            raise RefusedShape(f"{name}: composite fields are not supported")
        self.converters = compiler.get_converters(fields)
        self.trim = compiler.col_count if compiler.has_extra_select else None
        if self.iterable is ModelIterable:
            select, klass_info = compiler.select, compiler.klass_info
            fields_at = klass_info["select_fields"]
            self.model, self.start, self.end = klass_info["model"], fields_at[0], fields_at[-1] + 1
            self.init_list = [f[0].target.attname for f in select[self.start:self.end]]
            self.populators = get_related_populators(klass_info, select, using)
            self.annotations = list(compiler.annotation_col_map.items())
        elif self.iterable is ValuesIterable:
            query = qs.query
            self.names = list(query.selected) if query.selected else [
                *query.extra_select, *query.values_select, *query.annotation_select]

    def params(self, args):
        params = list(self.template)
        for at, index, element, prepare in self.slots:
            value = args[index] if element is None else args[index][element]
            params[at] = value if prepare is None else prepare(value)
        return params

    def results(self, rows):
        if self.trim is not None:
            rows = [r[:self.trim] for r in rows]
        if self.converters:
            rows = self.compiler.apply_converters(rows, self.converters)
        iterable = self.iterable
        if iterable is ModelIterable:
            found, from_db, using, start, end = [], self.model.from_db, self.using, self.start, self.end
            for row in rows:
                obj = from_db(using, self.init_list, row[start:end])
                for populator in self.populators:
                    populator.populate(row, obj)
                for attr, at in self.annotations:
                    setattr(obj, attr, row[at])
                found.append(obj)
            return found
        if iterable is FlatValuesListIterable:
            return [row[0] for row in rows]
        if iterable is ValuesListIterable:
            return [tuple(row) for row in rows]
        names = self.names
        return [dict(zip(names, row)) for row in rows]


class _Empty:
    """A shape the ORM finds empty whatever the values (EmptyResultSet): no query to run."""
    sql = None


class CompiledQuery:
    def __init__(self, name: str, build):
        self.name, self.build = name, build
        hints = typing.get_type_hints(build)
        self.kinds = []
        for param in inspect.signature(build).parameters.values():
            kind = _kind(hints.get(param.name))
            if kind is None:
                raise ImproperlyConfigured(f"{name}: argument {param.name} must be annotated with one of "
                                           f"{', '.join(k.__name__ for k in KINDS)} or tuple[one of them, ...]")
            self.kinds.append(kind)
        self._bools = [i for i, kind in enumerate(self.kinds) if kind is bool]
        self._tuples = [i for i, kind in enumerate(self.kinds) if isinstance(kind, _Many)]
        self._attr = f"_luukku_compiled_{name}_{id(self)}"

    def __call__(self, *args, using: str = DEFAULT_DB_ALIAS) -> list:
        plan, params = self._plan(args, using)
        if plan is None:
            return list(self.build(*args).using(using))
        if plan.sql is None:
            return []
        with connections[using].cursor() as cursor:
            cursor.execute(plan.sql, params)
            rows = cursor.fetchall()
        return plan.results(rows)

    def count(self, *args, at_most: int | None = None, using: str = DEFAULT_DB_ALIAS) -> int:
        """How many rows the query gives for these values (`len(self(*args))`, at most `at_most`),
        counted by the database over the kept SQL (`SELECT COUNT(*) FROM (… LIMIT n)`, as the ORM
        counts a sliced query) without fetching them. The builder's query must not be sliced itself."""
        plan, params = self._plan(args, using)
        if plan is None:
            qs = self.build(*args).using(using)
            return (qs if at_most is None else qs[:at_most]).count()
        if plan.sql is None:
            return 0
        sql = plan.sql
        if at_most is not None:
            sql, params = f"{sql} LIMIT %s", [*params, at_most]
        with connections[using].cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM ({sql}) subquery", params)
            return cursor.fetchone()[0]

    def _plan(self, args, using):
        """(the kept plan for these values' shape, its parameters); (None, None) past MAX_SHAPES."""
        connection = connections[using]
        plans = connection.__dict__.get(self._attr)
        if plans is None:
            plans = connection.__dict__[self._attr] = {}
        _check(self.name, self.kinds, args)
        if self._tuples:  # duplicates dropped as the ORM's In drops them; the length is the shape
            args = list(args)
            for i in self._tuples:
                args[i] = tuple(dict.fromkeys(args[i]))
        key = (*(args[i] for i in self._bools), *(len(args[i]) for i in self._tuples))
        plan = plans.get(key)
        if plan is None:
            if len(plans) >= MAX_SHAPES:
                return None, None
            plan = plans[key] = self._compile(args, using, connection)
        params = None if plan.sql is None else plan.params(args)
        if getattr(settings, "LUUKKU_COMPILED_VERIFY", False):
            self._verify(plan, args, params, using)
        return plan, params

    def queryset(self, *args) -> QuerySet:
        """The builder's query for these values, the ORM's way (for tests and comparisons)."""
        return self.build(*args)

    # --- first use -------------------------------------------------------------------------------

    def _probes(self, args):
        return [a if kind is bool else tuple(_probe(kind.kind) for _ in a) if isinstance(kind, _Many)
                else _probe(kind) for a, kind in zip(args, self.kinds)]

    def _sql(self, qs, using, empty_allowed=False):
        if not isinstance(qs, QuerySet):
            raise RefusedShape(f"{self.name}: the builder must return a QuerySet, not {type(qs).__name__}")
        why = ("prefetch_related" if qs._prefetch_related_lookups else
               "a related manager's known objects" if qs._known_related_objects else
               f"its results ({qs._iterable_class.__name__})" if qs._iterable_class not in ITERABLES else
               f"the database {qs.db!r}, called for {using!r}" if qs.db != using else "")
        if why:
            raise RefusedShape(f"{self.name}: {why} cannot be compiled once; use the ORM for this query")
        compiler = qs.query.get_compiler(using=using)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            sql = ""
        if not sql:
            if empty_allowed:
                return None, (), None
            raise RefusedShape(f"{self.name}: the query is empty for the probe values (EmptyResultSet)")
        return sql, tuple(params), compiler

    def _compile(self, args, using, connection):
        probes = self._probes(args)
        qs = self.build(*probes)
        empty_allowed = any(not args[i] for i in self._tuples)  # `__in ()` may be empty whatever the rest
        sql, params, compiler = self._sql(qs, using, empty_allowed)
        if sql is None:
            plan = _Empty()
            self._second_opinion(plan, args, using)
            return plan
        slots, taken = [], set()
        values = [(index, None, probe, kind) for index, (probe, kind) in enumerate(zip(probes, self.kinds))
                  if not isinstance(kind, _Many)]
        values += [(index, element, probe, kind.kind) for index, (probes_of, kind) in enumerate(zip(probes, self.kinds))
                   if isinstance(kind, _Many) for element, probe in enumerate(probes_of)]
        for index, element, probe, kind in values:
            if kind is bool:
                continue
            forms = []
            for prepare in _preparations(kind, connection):
                form = probe if prepare is None else prepare(probe)
                if not any(type(form) is type(f) and form == f for _, f in forms):  # as given, or changed
                    forms.append((prepare, form))
            found = [(at, prepare) for at, value in enumerate(params) for prepare, form in forms
                     if type(value) is type(form) and value == form]
            texts = {str(form) for _, form in forms} | {str(probe)}
            changed = [v for at, v in enumerate(params) if isinstance(v, str) and any(t in v for t in texts)
                       and all(at != f for f, _ in found)]
            if not found or changed:
                raise RefusedShape(f"{self.name}: argument {index + 1} ({kind.__name__}) does not reach the query "
                                   f"as a parameter of its own (a lookup or the builder changed it: contains, __in, "
                                   f"arithmetic…); pass the value the query compares with")
            if any(t in sql for t in texts):
                raise RefusedShape(f"{self.name}: argument {index + 1} is written into the SQL text")
            if len({at for at, _ in found}) != len(found) or taken & {at for at, _ in found}:
                raise RefusedShape(f"{self.name}: argument {index + 1} is found ambiguously among the parameters")
            taken |= {at for at, _ in found}
            slots += [(at, index, element, prepare) for at, prepare in found]
        template = tuple(None if at in taken else value for at, value in enumerate(params))
        plan = _Plan(self.name, sql, template, slots, qs, compiler, using)
        self._second_opinion(plan, args, using)
        return plan

    def _second_opinion(self, plan, args, using):
        """Build once more with other probes in another municipality, language and hour: the kept
        template filled with those probes must give exactly what the ORM gives."""
        from luukku.core import clock
        from luukku.core.models import Municipality
        from luukku.core.tenancy import municipality_context

        probes = self._probes(args)
        language = "sv" if translation.get_language() != "sv" else "en"
        elsewhere = Municipality(pk=_probe(int), slug=_probe(str))
        with municipality_context(elsewhere), translation.override(language), clock.frozen_at(_probe(dt.datetime)):
            sql, params, _ = self._sql(self.build(*probes), using, empty_allowed=plan.sql is None)
        if sql != plan.sql or (sql is not None and _same(params) != _same(plan.params(probes))):
            raise RefusedShape(f"{self.name}: the query changes with something that is not one of its arguments "
                               f"(the current municipality, language or time, or a branch on a value); "
                               f"pass it as an argument or use the ORM")

    def _verify(self, plan, args, params, using):
        try:
            sql, expected, _ = self._sql(self.build(*args), using, empty_allowed=plan.sql is None)
        except RefusedShape as refused:
            raise QueryDiverged(f"{self.name}: the ORM gives no query for {args!r} ({refused})") from None
        if sql != plan.sql or (sql is not None and _same(expected) != _same(params)):
            raise QueryDiverged(f"{self.name}: the kept query differs from the ORM's for {args!r}:\n"
                                f"{plan.sql}\n{params!r}\nagainst\n{sql}\n{list(expected)!r}")


def _same(params) -> list:
    """Parameters compared by type and value (an aware datetime also by its zone)."""
    return [(type(p), repr(p)) for p in params]


def first_of(qs: QuerySet) -> QuerySet:
    """The query `qs.first()` runs, for a builder: `next(iter(compiled(...)), None)` is then first()."""
    return (qs if qs.ordered else qs.order_by("pk"))[:1]


def forget(using: str = DEFAULT_DB_ALIAS) -> None:
    """Drop every kept shape of this thread's connection (tests that change how the ORM builds)."""
    connection = connections[using]
    for attr in [a for a in connection.__dict__ if a.startswith("_luukku_compiled_")]:
        del connection.__dict__[attr]


def compiled_query(name: str):
    """Decorate a query builder: calling it returns the query's results, compiled once per shape."""
    def decorate(build) -> CompiledQuery:
        return CompiledQuery(name, build)
    return decorate
