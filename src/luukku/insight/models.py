"""The metrics store: one fact per business transaction (from core.DomainEvent) and daily roll-ups
that the dashboards and the open data read. Both are derived data: `insight-rebuild` makes them
again from the events, so they are neither history (AppendOnly) nor edited by hand.

References to services, units, sectors and life events are ids without database constraints: a fact
outlives a renamed or deleted service (its figures stay, unnamed), and the bulk loads (COPY in
bench/bench_insight.py) do not check 10 million foreign keys."""

from django.db import models

from luukku.core.tenancy import MunicipalityScoped

# Upper bounds (days) of the processing-time histogram kept in every roll-up row; the last bucket is
# everything longer. Medians and p90s are read from it ("about"), so dashboards never touch the facts.
BUCKET_DAYS = (1, 2, 3, 5, 7, 10, 14, 21, 30, 45, 60, 90, 120, 180, 365)
BUCKETS = len(BUCKET_DAYS) + 1


def bucket_of(seconds: int | None) -> int | None:
    if seconds is None:
        return None
    days = seconds / 86400
    for i, bound in enumerate(BUCKET_DAYS):
        if days <= bound:
            return i
    return len(BUCKET_DAYS)


HISTOGRAM = tuple(f"h{i}" for i in range(BUCKETS))


def _ref(model, name):
    return models.ForeignKey(model, on_delete=models.DO_NOTHING, db_constraint=False, null=True, blank=True,
                             related_name="+", verbose_name=name)


class Fact(MunicipalityScoped):
    """One business transaction: a case submitted or decided, feedback given or rated, an offer made or
    answered, a front-office contact… `event_id` is the DomainEvent's: unique, so an event read twice
    (a replay, the look-back window) is counted once."""

    event_id = models.BigIntegerField()
    kind = models.CharField(max_length=64)  # the event's kind, e.g. "case.submitted"
    at = models.DateTimeField()
    day = models.DateField()  # local (Europe/Helsinki) day of `at`
    service = _ref("catalogue.Service", "service")
    sector = _ref("core.Sector", "sector")
    unit = _ref("core.Unit", "unit")
    channel = models.CharField(max_length=24, blank=True)  # normalised: insight.extractors.CHANNELS
    life_event = _ref("catalogue.Code", "life event")
    # What the transaction was about where no service says it: a feedback category's code, an offer's rule.
    topic = models.CharField(max_length=80, blank=True)
    # How it ended: a status moved to, an offer's answer.
    outcome = models.CharField(max_length=48, blank=True)
    seconds = models.BigIntegerField(null=True, blank=True)  # processing time of a decided case
    bucket = models.PositiveSmallIntegerField(null=True, blank=True)  # bucket_of(seconds)
    on_time = models.BooleanField(null=True, blank=True)  # decided by the due date (None: no target)
    rating = models.PositiveSmallIntegerField(null=True, blank=True)  # 1–5

    class Meta:
        constraints = [models.UniqueConstraint(fields=["municipality", "event_id"], name="fact_unique_event")]
        indexes = [models.Index(fields=["municipality", "day"], name="fact_day_idx")]


class Rollup(MunicipalityScoped):
    """Facts with the same dimensions in one period: their count and the sums a dashboard needs."""

    kind = models.CharField(max_length=64)
    service = _ref("catalogue.Service", "service")
    sector = _ref("core.Sector", "sector")
    unit = _ref("core.Unit", "unit")
    channel = models.CharField(max_length=24, blank=True)
    life_event = _ref("catalogue.Code", "life event")
    topic = models.CharField(max_length=80, blank=True)
    outcome = models.CharField(max_length=48, blank=True)
    count = models.PositiveIntegerField(default=0)
    seconds_count = models.PositiveIntegerField(default=0)  # facts with a processing time
    seconds_sum = models.BigIntegerField(default=0)
    with_target = models.PositiveIntegerField(default=0)
    on_time = models.PositiveIntegerField(default=0)
    rating_count = models.PositiveIntegerField(default=0)
    rating_sum = models.PositiveIntegerField(default=0)
    # The processing-time histogram, a column per bucket (h0 … h15) so that a dashboard sums it in SQL.
    for _i in range(BUCKETS):
        locals()[f"h{_i}"] = models.PositiveIntegerField(default=0)
    del _i

    class Meta:
        abstract = True


class DailyRollup(Rollup):
    """One local day's facts by dimensions. A day's rows are replaced as a whole whenever a fact of
    that day arrives (insight.services)."""

    day = models.DateField()

    class Meta:
        indexes = [
            models.Index(fields=["municipality", "kind", "day"], name="rollup_kind_day_idx"),
            models.Index(fields=["municipality", "day"], name="rollup_day_idx"),
        ]


class MonthlyRollup(Rollup):
    """The daily roll-ups of a month summed: a dashboard reads whole months here and only the days at
    the edges of its period from DailyRollup (bench/bench_insight.py: a year of days is too many rows)."""

    month = models.DateField()  # its first day

    class Meta:
        indexes = [models.Index(fields=["municipality", "kind", "month"], name="monthly_kind_month_idx")]


class Cursor(models.Model):
    """How far the background refresh has read the event stream (one row per name)."""

    name = models.CharField(max_length=40, unique=True)
    last_event_id = models.BigIntegerField(default=0)
    last_run_at = models.DateTimeField(null=True, blank=True)
