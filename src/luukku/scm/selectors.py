"""The burden of a period: Standard Cost Model lines per service and channel, their totals by
service, sector or life event, and a change measured before and after.

    burden = time per transaction × count + money per transaction × count

An estimate applies from its `valid_from` to the next estimate of the same service and channel; the
first one also covers the time before it (an estimate made today describes last year too, unless a
change gave the earlier time an estimate of its own). A period crossing a `valid_from` is measured in
pieces, each with its own estimate."""

import bisect
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

from luukku.catalogue.models import CodeKind, Service

from .models import CHANNELS as CHANNEL_CHOICES
from .models import BurdenSettings, Estimate, ManualVolume
from .sources import platform_counts

ZERO = Decimal(0)
CHANNELS = dict(CHANNEL_CHOICES)
GROUPINGS = {"service": _("service"), "sector": _("sector"), "life_event": _("life event")}


@dataclass
class Totals:
    count: int = 0  # counted by the platform
    manual: Decimal = ZERO  # entered by hand (a share of a volume's period may fall in the period)
    hours: Decimal = ZERO
    money: Decimal = ZERO
    unestimated: int = 0  # transactions of a service and channel with no estimate: no burden

    @property
    def transactions(self) -> Decimal:
        return self.count + self.manual

    def euros(self, hour_value):
        return None if hour_value is None else self.hours * hour_value + self.money

    def add(self, other: "Totals") -> None:
        self.count += other.count
        self.manual += other.manual
        self.hours += other.hours
        self.money += other.money
        self.unestimated += other.unestimated


@dataclass
class Line(Totals):
    """One service on one channel in the period, and the estimate(s) applied."""

    service_id: int = 0
    channel: str = ""
    estimates: list = field(default_factory=list)

    @property
    def channel_label(self):
        return CHANNELS.get(self.channel, self.channel)


def hour_value(municipality):
    row = BurdenSettings.all_objects.filter(municipality=municipality).first()
    return row.hour_value if row else None


def _estimates(municipality, service_ids=None) -> dict:
    """(service_id, channel) → [estimates by valid_from]."""
    qs = Estimate.all_objects.filter(municipality=municipality).order_by("valid_from")
    if service_ids is not None:
        qs = qs.filter(service_id__in=service_ids)
    found = defaultdict(list)
    for estimate in qs:
        found[(estimate.service_id, estimate.channel)].append(estimate)
    return found


def estimate_on(estimates: list, day: dt.date):
    """The estimate in effect on `day` (the first one before it begins)."""
    if not estimates:
        return None
    i = bisect.bisect_right([e.valid_from for e in estimates], day)
    return estimates[max(i - 1, 0)]


def _manual(municipality, start, end, service_ids=None) -> dict:
    """(service_id, channel) → the share of each entered volume that falls on start..end, by days."""
    qs = ManualVolume.all_objects.filter(municipality=municipality, start__lte=end, end__gte=start)
    if service_ids is not None:
        qs = qs.filter(service_id__in=service_ids)
    shares = defaultdict(lambda: ZERO)
    for volume in qs:
        days = (volume.end - volume.start).days + 1
        overlap = (min(end, volume.end) - max(start, volume.start)).days + 1
        shares[(volume.service_id, volume.channel)] += Decimal(volume.count) * overlap / days
    return shares


def _pieces(start, end, estimates: dict):
    """start..end cut at every valid_from inside it."""
    cuts = sorted({e.valid_from for found in estimates.values() for e in found if start < e.valid_from <= end})
    bounds = [start, *cuts, end + dt.timedelta(days=1)]
    return [(a, b - dt.timedelta(days=1)) for a, b in zip(bounds, bounds[1:])]


def measure(municipality, start: dt.date, end: dt.date, service_ids=None) -> list[Line]:
    """The period's lines: every service and channel with an estimate, a count or a manual volume."""
    estimates = _estimates(municipality, service_ids)
    lines: dict = {}

    def line(key):
        if key not in lines:
            lines[key] = Line(service_id=key[0], channel=key[1])
        return lines[key]

    for key in estimates:
        line(key)
    for a, b in _pieces(start, end, estimates):
        counts = platform_counts(municipality, a, b)
        manual = _manual(municipality, a, b, service_ids)
        for key in {*counts, *manual}:
            if service_ids is not None and key[0] not in service_ids:
                continue
            target, n, m = line(key), counts.get(key, 0), manual.get(key, ZERO)
            target.count += n
            target.manual += m
            estimate = estimate_on(estimates.get(key, []), a)
            if estimate is None:
                target.unestimated += n
                continue
            if estimate not in target.estimates:
                target.estimates.append(estimate)
            target.hours += Decimal(estimate.minutes) * (n + m) / 60
            target.money += estimate.money * (n + m)
    for key, found in estimates.items():  # the estimate shown for a line with no transactions
        if not lines[key].estimates:
            lines[key].estimates.append(estimate_on(found, start))
    return sorted(lines.values(), key=lambda ln: (ln.service_id, ln.channel))


@dataclass
class Group:
    key: str
    label: str
    channels: dict  # channel → Totals
    total: Totals


def _services(lines) -> dict:
    ids = {ln.service_id for ln in lines}
    return {s.pk: s for s in Service.all_objects.filter(pk__in=ids).select_related("sector")
            .prefetch_related("codes")}


def _keys(service, grouping) -> list[tuple[str, str]]:
    """The groups a service's burden belongs to: itself, its sector, or each of its life events (a
    service in two life events counts in both, so life events do not add up to the total)."""
    from luukku.core.translation import tr

    if grouping == "sector":
        sector = service.sector
        return [(f"s{sector.pk}", tr(sector.name)) if sector else ("", str(_("No sector")))]
    if grouping == "life_event":
        events = [c for c in service.codes.all() if c.kind == CodeKind.LIFE_EVENT]
        return [(f"e{c.pk}", tr(c.name)) for c in events] or [("", str(_("No life event")))]
    return [(f"v{service.pk}", tr(service.name))]


def group(lines: list[Line], grouping: str) -> tuple[list[Group], list[str]]:
    """Totals per group and channel, groups by burden (largest first), and the channels present."""
    services = _services(lines)
    groups: dict = {}
    channels = []
    for ln in lines:
        if ln.channel not in channels:
            channels.append(ln.channel)
        for key, label in _keys(services[ln.service_id], grouping):
            g = groups.setdefault(key, Group(key, label, {}, Totals()))
            g.channels.setdefault(ln.channel, Totals()).add(ln)
            g.total.add(ln)
    order = [c for c in CHANNELS if c in channels]
    return sorted(groups.values(), key=lambda g: (-g.total.hours, -g.total.money, g.label)), order


def total(lines) -> Totals:
    result = Totals()
    for ln in lines:
        result.add(ln)
    return result


def rounded(value, places=0):
    if value is None:
        return None
    return Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


# --- a change, before and after --------------------------------------------------------------------

@dataclass
class Side:
    start: dt.date
    end: dt.date
    lines: dict  # channel → Line
    total: Totals


@dataclass
class Comparison:
    change: object
    before: Side
    after: Side
    channels: list
    after_unfinished: bool  # the after period has not ended: its counts are so far

    def difference(self, channel=None) -> Totals:
        a = self.after.total if channel is None else self.after.lines.get(channel, Totals())
        b = self.before.total if channel is None else self.before.lines.get(channel, Totals())
        return Totals(count=a.count - b.count, manual=a.manual - b.manual, hours=a.hours - b.hours,
                      money=a.money - b.money, unestimated=a.unestimated - b.unestimated)


def periods(change) -> tuple[tuple[dt.date, dt.date], tuple[dt.date, dt.date]]:
    window = dt.timedelta(days=change.window_days)
    return ((change.date - window, change.date - dt.timedelta(days=1)),
            (change.date, change.date + window - dt.timedelta(days=1)))


def compare(change, today: dt.date) -> Comparison:
    sides = []
    for start, end in periods(change):
        lines = {ln.channel: ln for ln in measure(change.municipality, start, end, service_ids={change.service_id})}
        sides.append(Side(start, end, lines, total(lines.values())))
    before, after = sides
    channels = [c for c in CHANNELS if c in before.lines or c in after.lines]
    return Comparison(change, before, after, channels, after_unfinished=after.end >= today)
