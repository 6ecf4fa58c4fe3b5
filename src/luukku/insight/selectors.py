"""Reads of the metrics store. Every figure comes from the daily roll-ups (never the raw facts), except
the backlog, which is now and is counted from the open cases (an indexed count).

Others may use (contract):
- `transaction_counts(municipality, start, end, units=None)` → {(service id, channel): count} of
  the transactions residents started (cases submitted, front-office contacts, feedback given), e.g.
  for the Standard Cost Model's "number of transactions per service and channel".
- `DEMAND_KINDS`, `DIGITAL_CHANNELS` (from insight.extractors): what counts as demand, what as digital.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import TruncMonth

from luukku.core import clock

from .extractors import DIGITAL_CHANNELS  # noqa: F401  (part of the contract)
from .models import BUCKET_DAYS, HISTOGRAM, DailyRollup, MonthlyRollup
from .services import next_month

DEMAND_KINDS = ("case.submitted", "contact.logged", "feedback.received")
# A front-office contact that started a case is that case's transaction: counted once, as the case.
DEMAND = ~Q(kind="contact.logged", outcome="case")
DECIDED = Q(kind="case.status_changed", outcome="decided")
OFFER_KINDS = ("proactive.offer_made", "proactive.offer_accept", "proactive.offer_decline", "proactive.offer_change",
               "proactive.offer.status_changed")


@dataclass(frozen=True)
class Scope:
    """What a dashboard shows: one municipality, a period of local days, the units the viewer reaches
    (None: every unit) or the one chosen, and optionally one service."""

    municipality_id: int
    start: dt.date
    end: dt.date
    units: tuple | None = None  # unit ids
    service_id: int | None = None


def _split(scope: Scope):
    """The period as whole months (read from MonthlyRollup) and the days at its edges (DailyRollup):
    ([(first day, last day)], (first month, last month) or None)."""
    first_full = scope.start if scope.start.day == 1 else next_month(scope.start)
    after_full = (scope.end + dt.timedelta(days=1)).replace(day=1)  # the month after the last whole one
    if scope.end >= clock.today():
        # Nothing has happened after today, so the running month's roll-up (its days so far, made
        # again with each of them) is the period's end: its days at 10 M facts a year cost more to
        # sum than the eleven whole months before them.
        after_full = next_month(scope.end.replace(day=1))
    if first_full >= after_full:
        return [(scope.start, scope.end)], None
    edges = []
    if scope.start < first_full:
        edges.append((scope.start, first_full - dt.timedelta(days=1)))
    if after_full <= scope.end:
        edges.append((after_full, scope.end))
    return edges, (first_full, after_full - dt.timedelta(days=1))


def _scoped(qs, scope: Scope, kinds, q):
    qs = qs.filter(municipality_id=scope.municipality_id)
    if kinds:
        qs = qs.filter(kind__in=kinds) if len(kinds) > 1 else qs.filter(kind=kinds[0])
    if scope.units is not None:
        qs = qs.filter(unit_id__in=scope.units)
    if scope.service_id is not None:
        qs = qs.filter(service_id=scope.service_id)
    return qs.filter(q) if q is not None else qs


def grouped(scope: Scope, *kinds, by=(), sums=("count",), q: Q | None = None) -> list[dict]:
    """Roll-ups of the period summed by the fields `by` ("month" groups by calendar month): one dict
    per group with the `by` fields and the `sums`. Whole months come from the monthly roll-ups, the
    days at the edges from the daily ones."""
    edges, months = _split(scope)
    parts = []
    if months is not None:
        qs = _scoped(MonthlyRollup.all_objects, scope, kinds, q).filter(month__gte=months[0], month__lte=months[1])
        parts.append(qs.annotate(g_month=F("month")) if "month" in by else qs)
    for first, last in edges:
        qs = _scoped(DailyRollup.all_objects, scope, kinds, q).filter(day__gte=first, day__lte=last)
        parts.append(qs.annotate(g_month=TruncMonth("day")) if "month" in by else qs)
    fields = ["g_month" if f == "month" else f for f in by]
    out: dict = {}
    for qs in parts:
        for r in qs.values(*fields).annotate(**{f"s_{name}": Sum(name) for name in sums}).order_by():
            key = tuple(_as_date(r[f]) if f == "g_month" else r[f] for f in fields)
            acc = out.get(key)
            if acc is None:
                acc = out[key] = {**dict(zip(by, key, strict=True)), **{name: 0 for name in sums}}
            for name in sums:
                acc[name] += r[f"s_{name}"] or 0
    return list(out.values())


def _as_date(value):
    return value.date() if isinstance(value, dt.datetime) else value


def _largest_first(rows, field):
    return sorted(rows, key=lambda r: (-r["count"], str(r[field])))


# Service, sector and life event go together (a service has one sector and one first life event):
# grouping by all three is hardly more rows than by service alone. The month and the channel would
# multiply them (15 000 rows a year at 10 M facts, twice the time of two small reads), so the channel
# mix reads its own.
DEMAND_BY = ("service_id", "sector_id", "life_event_id")


def demand_rows(scope: Scope) -> list[dict]:
    """Demand of the period by service, sector and life event: the one read behind demand by
    service, sector and life event (a dashboard view reads it once)."""
    return grouped(scope, *DEMAND_KINDS, by=DEMAND_BY, q=DEMAND)


def demand_by(scope: Scope, dimension: str, rows: list[dict] | None = None) -> list[tuple]:
    """[(dimension value, count)] of demand, largest first: dimension is service_id, sector_id,
    life_event_id or kind. `rows`: demand_rows(scope) already read (not for kind)."""
    if rows is None:
        rows = grouped(scope, *DEMAND_KINDS, by=(dimension,), q=DEMAND)
    counts: dict = {}
    for r in rows:
        counts[r[dimension]] = counts.get(r[dimension], 0) + r["count"]
    return sorted(counts.items(), key=lambda item: (-item[1], str(item[0])))


def channel_mix(scope: Scope, rows: list[dict] | None = None) -> list[dict]:
    """Per month: {month, channels: {channel: count}, total, digital, share (0–1 or None)}.
    `rows`: demand by month and channel already read."""
    if rows is None:
        rows = grouped(scope, *DEMAND_KINDS, by=("month", "channel"), q=DEMAND)
    months: dict = {}
    for r in sorted(rows, key=lambda r: (r["month"], r["channel"])):
        m = months.setdefault(r["month"], {"month": r["month"], "channels": {}, "total": 0, "digital": 0})
        m["channels"][r["channel"]] = m["channels"].get(r["channel"], 0) + r["count"]
        m["total"] += r["count"]
        m["digital"] += r["count"] if r["channel"] in DIGITAL_CHANNELS else 0
    for m in months.values():
        m["share"] = m["digital"] / m["total"] if m["total"] else None
    return list(months.values())


def percentile(histogram, fraction: float) -> int | None:
    """The upper bound (days) of the bucket in which `fraction` of the processing times are reached:
    an "about" figure (None: no times; a time past the last bound answers with the last bound + 1)."""
    total = sum(histogram)
    if not total:
        return None
    seen = 0
    for i, n in enumerate(histogram):
        seen += n
        if seen >= fraction * total:
            return BUCKET_DAYS[i] if i < len(BUCKET_DAYS) else BUCKET_DAYS[-1] + 1
    return None


def processing_times(scope: Scope) -> list[dict]:
    """Per service with decisions in the period: decisions, median and p90 (days, about), the
    share decided by the due date (of those with one), and the mean in days."""
    rows = grouped(scope, q=DECIDED, by=("service_id",),
                   sums=("count", "seconds_sum", "seconds_count", "with_target", "on_time", *HISTOGRAM))
    out = []
    for r in _largest_first(rows, "service_id"):
        histogram = [r[h] for h in HISTOGRAM]
        out.append({"service_id": r["service_id"], "decisions": r["count"],
                    "median": percentile(histogram, 0.5), "p90": percentile(histogram, 0.9),
                    "mean_days": (r["seconds_sum"] / r["seconds_count"] / 86400) if r["seconds_count"] else None,
                    "with_target": r["with_target"], "on_time": r["on_time"],
                    "on_time_share": r["on_time"] / r["with_target"] if r["with_target"] else None})
    return out


def targets(service_ids) -> dict:
    """{service id: the service-level target in working days} (the strictest of its case types)."""
    from luukku.eservices.models import CaseType

    out = {}
    for service_id, days in CaseType.all_objects.filter(service_id__in=[i for i in service_ids if i],
                                                        sla_days__isnull=False).values_list("service_id", "sla_days"):
        out[service_id] = min(days, out.get(service_id, days))
    return out


def backlog(scope: Scope, today: dt.date | None = None) -> dict:
    """{unit id: {open, overdue}} of the cases open now (the period does not apply): one count over the
    municipality+unit+status index. Overdue: past the due date and not waiting for the resident."""
    from luukku.cases.models import OPEN_STATUSES, Case

    today = today or clock.today()
    qs = Case.all_objects.filter(municipality_id=scope.municipality_id, status__in=OPEN_STATUSES)
    if scope.units is not None:
        qs = qs.filter(unit_id__in=scope.units)
    if scope.service_id is not None:
        qs = qs.filter(case_type__service_id=scope.service_id)
    rows = qs.order_by().values("unit_id").annotate(
        open=Count("id"), overdue=Count("id", filter=Q(due_date__lt=today, paused_since__isnull=True)))
    return {r["unit_id"]: {"open": r["open"], "overdue": r["overdue"]} for r in rows}


def feedback_rows(scope: Scope) -> list[dict]:
    """Ratings and feedback given in the period by kind, outcome (a rating's is its rating) and topic:
    the one read behind satisfaction and feedback by theme."""
    return grouped(scope, "feedback.rated", "feedback.received", by=("kind", "outcome", "topic"),
                   sums=("count", "rating_count"))


def satisfaction(scope: Scope, rows: list[dict] | None = None) -> dict:
    """Ratings (1–5) given in the period: {counts: {1: n, …, 5: n}, total, mean}. A rating fact's
    outcome is its rating, so the roll-ups keep the distribution exactly. `rows`: feedback_rows(scope)."""
    if rows is None:
        rows = grouped(scope, "feedback.rated", by=("outcome",), sums=("rating_count",))
    else:
        rows = [r for r in rows if r["kind"] == "feedback.rated"]
    counts = {i: 0 for i in range(1, 6)}
    for r in rows:
        if r["outcome"] in {"1", "2", "3", "4", "5"}:
            counts[int(r["outcome"])] += r["rating_count"]
    total = sum(counts.values())
    return {"counts": counts, "total": total,
            "mean": sum(k * v for k, v in counts.items()) / total if total else None}


def feedback_by_theme(scope: Scope, rows: list[dict] | None = None) -> list[tuple[str, int]]:
    """[(topic, count)] of feedback given, largest first. `rows`: feedback_rows(scope) already read."""
    if rows is None:
        rows = grouped(scope, "feedback.received", by=("topic",))
    counts: dict = {}
    for r in rows:
        if r.get("kind", "feedback.received") == "feedback.received":
            counts[r["topic"]] = counts.get(r["topic"], 0) + r["count"]
    return sorted(counts.items(), key=lambda item: (-item[1], str(item[0])))


def campaign_outcomes(scope: Scope) -> list[dict]:
    """Per rule (topic): offers made, accepted, declined, change requested, no answer by the deadline."""
    out: dict = {}
    for r in grouped(scope, *OFFER_KINDS, by=("topic", "kind", "outcome")):
        o = out.setdefault(r["topic"], {"rule": r["topic"], "made": 0, "accept": 0, "decline": 0, "change": 0,
                                        "no_answer": 0})
        if r["kind"] == "proactive.offer_made":
            o["made"] += r["count"]
        elif r["kind"] == "proactive.offer.status_changed":
            if r["outcome"] == "no_answer":
                o["no_answer"] += r["count"]
        elif r["outcome"] in o:
            o[r["outcome"]] += r["count"]
    return sorted(out.values(), key=lambda o: o["rule"])


def transaction_counts(municipality, start: dt.date, end: dt.date, units=None) -> dict:
    """{(service id, channel): count} of the transactions residents started in [start, end] (contract
    for the Standard Cost Model): cases submitted, front-office contacts and feedback given."""
    scope = Scope(getattr(municipality, "pk", municipality), start, end, tuple(units) if units is not None else None)
    return {(r["service_id"], r["channel"]): r["count"]
            for r in grouped(scope, *DEMAND_KINDS, by=("service_id", "channel"), q=DEMAND)}


def monthly_statistics(municipality_id: int, first_month: dt.date, last_month: dt.date) -> list[dict]:
    """Open data: per month, service, channel and kind of transaction, the count (not yet suppressed)."""
    scope = Scope(municipality_id, first_month, next_month(last_month) - dt.timedelta(days=1))
    rows = grouped(scope, *DEMAND_KINDS, by=("month", "service_id", "channel", "kind"), q=DEMAND)
    for r in rows:
        r["n"] = r.pop("count")
    return sorted(rows, key=lambda r: (r["month"], r["service_id"] or 0, r["channel"], r["kind"]))
