"""Writes of the metrics store: facts from the event stream, and the daily roll-ups made from them.

`refresh()` (the background job, every minute) reads the events after its cursor and, again, those
of a look-back window: an event whose transaction committed after a later one's has a lower id than
the cursor, but a recent time, so it is still read. A fact is keyed by its event id, so an event read
twice is counted once. Every local day that got a new fact has its roll-ups made again from its facts.
`rebuild()` (`luukku insight-rebuild`) does the same from nothing: the same facts, the same roll-ups.
"""

import datetime as dt
import logging

from django.db import connection, transaction
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce, TruncMonth

from luukku.core import clock
from luukku.core.models import DomainEvent

from .extractors import extractors, facts_of
from .models import HISTOGRAM, Cursor, DailyRollup, Fact, MonthlyRollup, bucket_of

log = logging.getLogger(__name__)

LOOKBACK = dt.timedelta(hours=1)
BATCH = 2000
CURSOR = "facts"
DIMENSIONS = ("kind", "service_id", "sector_id", "unit_id", "channel", "life_event_id", "topic", "outcome")


def ingest(events) -> set[tuple[int, dt.date]]:
    """Facts of `events` not yet in the store; returns the (municipality id, day) pairs that got one."""
    rows = facts_of(events)
    if not rows:
        return set()
    known = set(Fact.all_objects.filter(municipality_id__in={r["municipality_id"] for r in rows},
                                        event_id__in=[r["event_id"] for r in rows])
                .values_list("municipality_id", "event_id"))
    new = [Fact(**r, bucket=bucket_of(r.get("seconds"))) for r in rows
           if (r["municipality_id"], r["event_id"]) not in known]
    Fact.all_objects.bulk_create(new, ignore_conflicts=True, batch_size=500)
    return {(f.municipality_id, f.day) for f in new}


def _unseen(last: int, since: dt.datetime):
    """Batches of the ids of events in the look-back window (at or after `since`, ids up to `last`)
    that have no fact yet: most have one, and are not read again in full."""
    late: dict[int, list[int]] = {}
    for municipality_id, pk in _events().filter(id__lte=last, at__gte=since).values_list("municipality_id", "id"):
        late.setdefault(municipality_id, []).append(pk)
    for municipality_id, ids in late.items():
        for start in range(0, len(ids), BATCH):
            chunk = ids[start:start + BATCH]
            known = set(Fact.all_objects.filter(municipality_id=municipality_id, event_id__in=chunk)
                        .values_list("event_id", flat=True))
            unseen = [pk for pk in chunk if pk not in known]
            if unseen:
                yield start, unseen


def _events():
    return DomainEvent.all_objects.filter(kind__in=list(extractors)).order_by("id")


def refresh(now: dt.datetime | None = None) -> int:
    """Bring facts and roll-ups up to the event stream; returns the number of days made again."""
    now = now or clock.now()
    touched: set = set()
    with transaction.atomic():
        cursor, _ = Cursor.objects.select_for_update().get_or_create(name=CURSOR)
        last = cursor.last_event_id
        if cursor.last_run_at is not None:  # the look-back window: late commits below the cursor
            for start, ids in _unseen(last, cursor.last_run_at - LOOKBACK):
                touched |= ingest(list(_events().filter(id__in=ids)))
        while True:
            events = list(_events().filter(id__gt=last)[:BATCH])
            if not events:
                break
            touched |= ingest(events)
            last = events[-1].pk
        cursor.last_event_id, cursor.last_run_at = last, now
        cursor.save(update_fields=["last_event_id", "last_run_at"])
        rollup_days(touched)
    return len(touched)


def rollup_days(pairs) -> None:
    """Make the roll-ups of these (municipality id, day) pairs again from their facts, and those of
    their months from the days."""
    by_municipality: dict[int, list] = {}
    for municipality_id, day in pairs:
        by_municipality.setdefault(municipality_id, []).append(day)
    for municipality_id, days in by_municipality.items():
        days = sorted(set(days))
        for start in range(0, len(days), 200):
            chunk = days[start:start + 200]
            with transaction.atomic():
                DailyRollup.all_objects.filter(municipality_id=municipality_id, day__in=chunk).delete()
                _insert(DailyRollup, "day", Fact.all_objects.filter(municipality_id=municipality_id, day__in=chunk))
        months = sorted({d.replace(day=1) for d in days})
        for start in range(0, len(months), 100):
            chunk = months[start:start + 100]
            with transaction.atomic():
                MonthlyRollup.all_objects.filter(municipality_id=municipality_id, month__in=chunk).delete()
                in_months = Q()
                for month in chunk:
                    in_months |= Q(day__gte=month, day__lt=next_month(month))
                _insert(MonthlyRollup, "month",
                        DailyRollup.all_objects.filter(in_months, municipality_id=municipality_id))


def next_month(month: dt.date) -> dt.date:
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def rollup_all(municipality_id: int | None = None) -> int:
    """Every roll-up again from the facts (of one municipality, or all); returns the daily rows written."""
    with transaction.atomic():
        tables = [DailyRollup.all_objects.all(), MonthlyRollup.all_objects.all(), Fact.all_objects.all()]
        if municipality_id is not None:
            tables = [qs.filter(municipality_id=municipality_id) for qs in tables]
        daily, monthly, facts = tables
        daily.delete()
        monthly.delete()
        written = _insert(DailyRollup, "day", facts)
        _insert(MonthlyRollup, "month", daily.all())
    if connection.vendor == "postgresql":  # fresh statistics, or the planner sorts instead of hashing
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE insight_dailyrollup")
            cursor.execute("ANALYZE insight_monthlyrollup")
    return written


SUMS = ("count", "seconds_count", "seconds_sum", "with_target", "on_time", "rating_count", "rating_sum", *HISTOGRAM)


def _insert(model, period: str, source) -> int:
    """INSERT … SELECT of `model`'s rows grouped from `source`: facts (into days) or daily roll-ups
    (into months). One statement in the database, whatever the number of rows."""
    if source.model is Fact:
        aggregates = {"a_count": Count("id"), "a_seconds_count": Count("seconds"),
                      "a_seconds_sum": Coalesce(Sum("seconds"), 0), "a_with_target": Count("on_time"),
                      "a_on_time": Count("id", filter=Q(on_time=True)), "a_rating_count": Count("rating"),
                      "a_rating_sum": Coalesce(Sum("rating"), 0),
                      **{f"a_{h}": Count("id", filter=Q(bucket=i)) for i, h in enumerate(HISTOGRAM)}}
        grouped = source.values("municipality_id", "day", *DIMENSIONS)
    else:  # daily roll-ups into months
        aggregates = {f"a_{name}": Sum(name) for name in SUMS}
        grouped = source.annotate(a_month=TruncMonth("day")).values("municipality_id", "a_month", *DIMENSIONS)
    sql, params = grouped.order_by().annotate(**aggregates).query.sql_with_params()
    columns = ["municipality_id", period, *DIMENSIONS, *SUMS]
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) {sql}", params)
        return cursor.rowcount


def rebuild() -> tuple[int, int]:
    """Facts and roll-ups from nothing, from the whole event stream; returns (facts, roll-up rows)."""
    with transaction.atomic():
        Cursor.objects.filter(name=CURSOR).delete()
        DailyRollup.all_objects.all().delete()
        MonthlyRollup.all_objects.all().delete()
        Fact.all_objects.all().delete()
        last = 0
        while True:
            events = list(_events().filter(id__gt=last)[:BATCH])
            if not events:
                break
            ingest(events)
            last = events[-1].pk
        Cursor.objects.create(name=CURSOR, last_event_id=last, last_run_at=clock.now())
        return Fact.all_objects.count(), rollup_all()
