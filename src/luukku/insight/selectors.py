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

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth

from luukku.core import clock

from .extractors import DIGITAL_CHANNELS  # noqa: F401  (part of the contract)
from .models import BUCKET_DAYS, HISTOGRAM, DailyRollup

DEMAND_KINDS = ("case.submitted", "contact.logged", "feedback.received")
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


def rollups(scope: Scope, *kinds, q: Q | None = None):
    qs = DailyRollup.all_objects.filter(municipality_id=scope.municipality_id, day__gte=scope.start,
                                        day__lte=scope.end)
    if kinds:
        qs = qs.filter(kind__in=kinds) if len(kinds) > 1 else qs.filter(kind=kinds[0])
    if scope.units is not None:
        qs = qs.filter(unit_id__in=scope.units)
    if scope.service_id is not None:
        qs = qs.filter(service_id=scope.service_id)
    if q is not None:
        qs = qs.filter(q)
    return qs.order_by()


def demand_by(scope: Scope, dimension: str) -> list[tuple]:
    """[(dimension value, count)] of demand, largest first: dimension is service_id, sector_id,
    life_event_id or kind."""
    rows = rollups(scope, *DEMAND_KINDS).values(dimension).annotate(n=Sum("count")).order_by("-n", dimension)
    return [(r[dimension], r["n"]) for r in rows]


def channel_mix(scope: Scope) -> list[dict]:
    """Per month: {month, channels: {channel: count}, total, digital, share (0–1 or None)}."""
    rows = (rollups(scope, *DEMAND_KINDS).annotate(month=TruncMonth("day")).values("month", "channel")
            .annotate(n=Sum("count")).order_by("month", "channel"))
    months: dict = {}
    for r in rows:
        month = r["month"] if isinstance(r["month"], dt.date) else r["month"].date()
        m = months.setdefault(month, {"month": month, "channels": {}, "total": 0, "digital": 0})
        m["channels"][r["channel"]] = m["channels"].get(r["channel"], 0) + r["n"]
        m["total"] += r["n"]
        m["digital"] += r["n"] if r["channel"] in DIGITAL_CHANNELS else 0
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
    rows = (rollups(scope, q=DECIDED).values("service_id")
            .annotate(n=Sum("count"), seconds=Sum("seconds_sum"), timed=Sum("seconds_count"),
                      with_target=Sum("with_target"), on_time=Sum("on_time"), **{h: Sum(h) for h in HISTOGRAM})
            .order_by("-n", "service_id"))
    out = []
    for r in rows:
        histogram = [r[h] or 0 for h in HISTOGRAM]
        out.append({"service_id": r["service_id"], "decisions": r["n"],
                    "median": percentile(histogram, 0.5), "p90": percentile(histogram, 0.9),
                    "mean_days": (r["seconds"] / r["timed"] / 86400) if r["timed"] else None,
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


def satisfaction(scope: Scope) -> dict:
    """Ratings (1–5) given in the period: {counts: {1: n, …, 5: n}, total, mean}. A rating fact's
    outcome is its rating, so the roll-ups keep the distribution exactly."""
    counts = {i: 0 for i in range(1, 6)}
    for r in rollups(scope, "feedback.rated").values("outcome").annotate(n=Sum("rating_count")):
        if r["outcome"] in {"1", "2", "3", "4", "5"}:
            counts[int(r["outcome"])] += r["n"] or 0
    total = sum(counts.values())
    return {"counts": counts, "total": total,
            "mean": sum(k * v for k, v in counts.items()) / total if total else None}


def feedback_by_theme(scope: Scope) -> list[tuple[str, int]]:
    rows = rollups(scope, "feedback.received").values("topic").annotate(n=Sum("count")).order_by("-n", "topic")
    return [(r["topic"], r["n"]) for r in rows]


def campaign_outcomes(scope: Scope) -> list[dict]:
    """Per rule (topic): offers made, accepted, declined, change requested, no answer by the deadline."""
    rows = rollups(scope, *OFFER_KINDS).values("topic", "kind", "outcome").annotate(n=Sum("count"))
    out: dict = {}
    for r in rows:
        o = out.setdefault(r["topic"], {"rule": r["topic"], "made": 0, "accept": 0, "decline": 0, "change": 0,
                                        "no_answer": 0})
        if r["kind"] == "proactive.offer_made":
            o["made"] += r["n"]
        elif r["kind"] == "proactive.offer.status_changed":
            if r["outcome"] == "no_answer":
                o["no_answer"] += r["n"]
        else:
            o[r["outcome"]] += r["n"]
    return sorted(out.values(), key=lambda o: o["rule"])


def transaction_counts(municipality, start: dt.date, end: dt.date, units=None) -> dict:
    """{(service id, channel): count} of the transactions residents started in [start, end] (contract
    for the Standard Cost Model): cases submitted, front-office contacts and feedback given."""
    scope = Scope(getattr(municipality, "pk", municipality), start, end, tuple(units) if units is not None else None)
    rows = rollups(scope, *DEMAND_KINDS).values("service_id", "channel").annotate(n=Sum("count"))
    return {(r["service_id"], r["channel"]): r["n"] for r in rows}


def monthly_statistics(municipality_id: int, first_month: dt.date, last_month: dt.date) -> list[dict]:
    """Open data: per month, service, channel and kind of transaction, the count (not yet suppressed)."""
    end = (last_month.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    scope = Scope(municipality_id, first_month, end)
    rows = (rollups(scope, *DEMAND_KINDS).annotate(month=TruncMonth("day"))
            .values("month", "service_id", "channel", "kind").annotate(n=Sum("count"))
            .order_by("month", "service_id", "channel", "kind"))
    return [{**r, "month": r["month"] if isinstance(r["month"], dt.date) else r["month"].date()} for r in rows]

