"""Writes of the metrics store: facts from the event stream, and the daily roll-ups made from them.

`refresh()` (the background job, every minute) reads the events after its cursor and, again, those
of a look-back window: an event whose transaction committed after a later one's has a lower id than
the cursor, but a recent time, so it is still read. A fact is keyed by its event id, so an event read
twice is counted once. Every local day that got a new fact has its roll-ups made again from its facts.
`rebuild()` (`luukku insight-rebuild`) does the same from nothing: the same facts, the same roll-ups.
"""

import datetime as dt
import logging

from django.db import transaction
from django.db.models import Count, Q, Sum

from luukku.core import clock
from luukku.core.models import DomainEvent

from .extractors import extractors, facts_of
from .models import HISTOGRAM, Cursor, DailyRollup, Fact, bucket_of

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
    known = set(Fact.all_objects.filter(event_id__in=[r["event_id"] for r in rows])
                .values_list("municipality_id", "event_id"))
    new = [Fact(**r, bucket=bucket_of(r.get("seconds"))) for r in rows
           if (r["municipality_id"], r["event_id"]) not in known]
    Fact.all_objects.bulk_create(new, ignore_conflicts=True, batch_size=500)
    return {(f.municipality_id, f.day) for f in new}


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
            late = list(_events().filter(id__lte=last, at__gte=cursor.last_run_at - LOOKBACK))
            for start in range(0, len(late), BATCH):
                touched |= ingest(late[start:start + BATCH])
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
    """Make the roll-ups of these (municipality id, day) pairs again from their facts."""
    by_municipality: dict[int, list] = {}
    for municipality_id, day in pairs:
        by_municipality.setdefault(municipality_id, []).append(day)
    for municipality_id, days in by_municipality.items():
        days = sorted(set(days))
        for start in range(0, len(days), 200):
            chunk = days[start:start + 200]
            with transaction.atomic():
                DailyRollup.all_objects.filter(municipality_id=municipality_id, day__in=chunk).delete()
                _write(Fact.all_objects.filter(municipality_id=municipality_id, day__in=chunk))


def rollup_all(municipality_id: int | None = None) -> int:
    """Every roll-up again from the facts (of one municipality, or all); returns the rows written."""
    with transaction.atomic():
        rollups, facts = DailyRollup.all_objects.all(), Fact.all_objects.all()
        if municipality_id is not None:
            rollups, facts = rollups.filter(municipality_id=municipality_id), facts.filter(municipality_id=municipality_id)
        rollups.delete()
        return _write(facts)


def _write(facts) -> int:
    """Group `facts` by day and dimensions (and processing-time bucket, folded into the histogram)."""
    rows = (facts.values("municipality_id", "day", *DIMENSIONS, "bucket").order_by()
            .annotate(n=Count("id"), seconds_count=Count("seconds"), seconds_sum=Sum("seconds"),
                      with_target=Count("on_time"), on_time_n=Count("id", filter=Q(on_time=True)),
                      rating_count=Count("rating"), rating_sum=Sum("rating")))
    groups: dict[tuple, DailyRollup] = {}
    for r in rows.iterator(chunk_size=5000):
        key = (r["municipality_id"], r["day"], *(r[d] for d in DIMENSIONS))
        g = groups.get(key)
        if g is None:
            g = groups[key] = DailyRollup(municipality_id=r["municipality_id"], day=r["day"],
                                          **{d: r[d] for d in DIMENSIONS})
        g.count += r["n"]
        g.seconds_count += r["seconds_count"]
        g.seconds_sum += r["seconds_sum"] or 0
        g.with_target += r["with_target"]
        g.on_time += r["on_time_n"]
        g.rating_count += r["rating_count"]
        g.rating_sum += r["rating_sum"] or 0
        if r["bucket"] is not None:
            name = HISTOGRAM[r["bucket"]]
            setattr(g, name, getattr(g, name) + r["n"])
    DailyRollup.all_objects.bulk_create(groups.values(), batch_size=1000)
    return len(groups)


def rebuild() -> tuple[int, int]:
    """Facts and roll-ups from nothing, from the whole event stream; returns (facts, roll-up rows)."""
    with transaction.atomic():
        Cursor.objects.filter(name=CURSOR).delete()
        DailyRollup.all_objects.all().delete()
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
