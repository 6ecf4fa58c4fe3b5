"""Opening hours: is a service location open now, when does it close or open next, and the
week ahead as a table.

Rules, in order of precedence for one date:
1. an exceptional row covering the date decides (closed, or its own times);
2. a Finnish public holiday closes the location;
3. regular rows valid on the date: rows for a period (summer hours) win over open-ended ones.

All times are Europe/Helsinki; "now" comes from luukku.core.clock so tests can freeze it.
"""

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache

import holidays
from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from luukku.core import clock
from luukku.core.clock import HELSINKI
from luukku.core.translation import tr

from .models import HoursKind

LOOKAHEAD_DAYS = 60  # a location closed for the whole summer still gets a "next open"
FIRST_WINDOW_DAYS = 8
HOLIDAY_LANGUAGES = {"fi": "fi", "sv": "sv_FI", "en": "en_US"}


@dataclass(frozen=True)
class OpenStatus:
    is_open: bool
    closes_at: dt.datetime | None = None  # when open: end of the current opening (None: around the clock)
    next_opening: dt.datetime | None = None  # when closed: start of the next opening within the lookahead
    always_open: bool = False


@dataclass
class Day:
    """One row of the weekly table."""

    date: dt.date
    intervals: list[tuple[dt.datetime, dt.datetime]] = field(default_factory=list)
    always_open: bool = False
    note: str = ""  # holiday name or the exceptional row's information
    exceptional: bool = False
    is_today: bool = False

    @property
    def is_closed(self) -> bool:
        return not self.intervals and not self.always_open


@lru_cache(maxsize=32)
def _holidays(year: int, language: str):
    return holidays.Finland(years=year, language=HOLIDAY_LANGUAGES.get(language, "fi"))


def holiday_name(date: dt.date, language: str | None = None) -> str | None:
    language = (language or get_language() or "fi").split("-")[0]
    return _holidays(date.year, language).get(date)


def _parse_time(value) -> tuple[int, int] | None:
    try:
        hours, minutes = str(value).strip().split(":")[:2]
        hours, minutes = int(hours), int(minutes)
    except (ValueError, AttributeError):
        return None
    if not (0 <= hours <= 24 and 0 <= minutes < 60) or (hours == 24 and minutes):
        return None
    return hours, minutes


def _at(date: dt.date, hm: tuple[int, int]) -> dt.datetime:
    extra_day, hours = divmod(hm[0], 24)
    naive = dt.datetime.combine(date + dt.timedelta(days=extra_day), dt.time(hours, hm[1]))
    return naive.replace(tzinfo=HELSINKI)


def _weekday_matches(entry: dict, weekday: int) -> bool:
    day_from = entry.get("day_from")
    if day_from is None:
        return True
    day_to = entry.get("day_to")
    if day_to is None:
        return weekday == day_from
    if day_from <= day_to:
        return day_from <= weekday <= day_to
    return weekday >= day_from or weekday <= day_to  # wraps over the weekend, e.g. Fri–Mon


def _intervals(row, date: dt.date, *, ignore_weekday: bool = False) -> list[tuple[dt.datetime, dt.datetime]]:
    out = []
    for entry in row.opening or []:
        if not isinstance(entry, dict) or not (ignore_weekday or _weekday_matches(entry, date.weekday())):
            continue
        start, end = _parse_time(entry.get("from")), _parse_time(entry.get("to"))
        if start is None or end is None:
            continue
        start_at, end_at = _at(date, start), _at(date, end)
        if end_at <= start_at:  # over midnight: closes the next day
            end_at += dt.timedelta(days=1)
        out.append((start_at, end_at))
    return sorted(out)


def _covers(row, date: dt.date) -> bool:
    if row.valid_from and date < row.valid_from:
        return False
    if row.valid_to and date > row.valid_to:
        return False
    return True


def day_plan(rows, date: dt.date, language: str | None = None) -> Day:
    """What the rows say about one date."""
    day = Day(date=date)
    exceptional = [r for r in rows if r.kind == HoursKind.EXCEPTION and _covers_exception(r, date)]
    if exceptional:
        day.exceptional = True
        day.note = next((tr(r.info, language) for r in exceptional if r.info), "")
        if any(r.is_closed for r in exceptional):
            return day
        if any(r.is_always_open for r in exceptional):
            day.always_open = True
            return day
        day.intervals = sorted(i for r in exceptional for i in _intervals(r, date, ignore_weekday=True))
        return day
    regular = [r for r in rows if r.kind != HoursKind.EXCEPTION and _covers(r, date)]
    periods = [r for r in regular if r.valid_from or r.valid_to]
    chosen = periods or regular
    if any(r.is_always_open for r in chosen):  # round-the-clock services stay open on holidays
        day.always_open = True
        return day
    name = holiday_name(date, language)
    if name:
        day.note = name
        return day
    if any(r.is_closed for r in chosen):  # a period row marked closed: e.g. closed for the summer
        return day
    day.intervals = sorted(i for r in chosen for i in _intervals(r, date))
    return day


def _covers_exception(row, date: dt.date) -> bool:
    if row.valid_from is None:
        return False
    return row.valid_from <= date <= (row.valid_to or row.valid_from)


def _spans(rows, start: dt.date, days: int):
    """Opening spans (start, end) from the day before `start` on, merged where they touch."""
    spans = []
    for offset in range(-1, days):
        day = day_plan(rows, start + dt.timedelta(days=offset))
        if day.always_open:
            day_start = _at(day.date, (0, 0))
            spans.append((day_start, day_start + dt.timedelta(days=1)))
        spans.extend(day.intervals)
    merged = []
    for begin, end in sorted(spans):
        if merged and begin <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((begin, end))
    return merged


def status(rows, at: dt.datetime | None = None) -> OpenStatus:
    """Open now? When closing or next opening? `rows` are a channel's ServiceHours."""
    rows = list(rows)
    at = (at or clock.now()).astimezone(HELSINKI)
    if not rows:
        return OpenStatus(is_open=False)
    regular = [r for r in rows if r.kind != HoursKind.EXCEPTION]
    exceptions = [r for r in rows if r.kind == HoursKind.EXCEPTION]
    if regular and not exceptions and all(r.is_always_open and not r.valid_from and not r.valid_to for r in regular):
        return OpenStatus(is_open=True, always_open=True)
    horizon = _at(at.date() + dt.timedelta(days=LOOKAHEAD_DAYS - 1), (0, 0))
    # A week answers almost every channel; the whole look-ahead (60 day plans, issue 15: a third of a
    # service page) only when the week does not settle it. Intervals of later days begin at or after
    # the window's end, so a span that begins in the window, or ends before its end, is final.
    for days in (FIRST_WINDOW_DAYS, LOOKAHEAD_DAYS):
        window_end = _at(at.date() + dt.timedelta(days=days), (0, 0))
        for begin, end in _spans(rows, at.date(), days):
            if begin <= at < end:
                if end >= window_end and days < LOOKAHEAD_DAYS:
                    break  # open past the window: how long is for the wider one to tell
                return OpenStatus(is_open=True, closes_at=None if end >= horizon else end)
            if begin > at:
                return OpenStatus(is_open=False, next_opening=begin)
    return OpenStatus(is_open=False)


def next_change(rows, at: dt.datetime | None = None, *, current: OpenStatus | None = None) -> dt.datetime:
    """When what `status` and `week` say may next change (for how long a page may be cached);
    `current`: the status at `at` when the caller has it."""
    at = (at or clock.now()).astimezone(HELSINKI)
    midnight = _at(at.date() + dt.timedelta(days=1), (0, 0))
    current = current or status(rows, at)
    moments = [m for m in (current.closes_at, current.next_opening, midnight) if m and m > at]
    return min(moments)


def week(rows, start: dt.date | None = None, days: int = 7, language: str | None = None) -> list[Day]:
    """The coming days from `start` (today) for the opening-hours table."""
    rows = list(rows)
    start = start or clock.today()
    table = []
    for offset in range(days):
        day = day_plan(rows, start + dt.timedelta(days=offset), language)
        day.is_today = offset == 0 and start == clock.today()
        table.append(day)
    return table


def has_hours(rows) -> bool:
    return any(r.opening or r.is_always_open or r.is_closed for r in rows)


# --- Display ---------------------------------------------------------------------------------


def format_time(value: dt.datetime, language: str | None = None) -> str:
    """16.00 in Finnish and Swedish (as written in Finland), 16:00 in English."""
    value = value.astimezone(HELSINKI)
    language = (language or get_language() or "fi").split("-")[0]
    separator = ":" if language == "en" else "."
    return f"{value.hour}{separator}{value.minute:02d}"


def format_date(value: dt.date, language: str | None = None) -> str:
    return f"{value.day}.{value.month}."


def format_interval(begin: dt.datetime, end: dt.datetime, language: str | None = None) -> str:
    return f"{format_time(begin, language)}–{format_time(end, language)}"


def weekday_name(value: dt.date) -> str:
    return str(WEEKDAYS[value.weekday()])


def weekday_abbr(value: dt.date) -> str:
    return str(WEEKDAYS_ABBR[value.weekday()])


def describe(state: OpenStatus, at: dt.datetime | None = None, language: str | None = None) -> str:
    """"Open now, closes 16.00" / "Closed, opens Mon 8.00" in the active language."""
    at = (at or clock.now()).astimezone(HELSINKI)
    if state.always_open:
        return _("Open around the clock")
    if state.is_open:
        if state.closes_at is None:
            return _("Open now")
        return _("Open now, closes %(time)s") % {"time": _when(state.closes_at, at, language)}
    if state.next_opening is None:
        return _("Closed")
    return _("Closed, opens %(time)s") % {"time": _when(state.next_opening, at, language)}


def _when(moment: dt.datetime, at: dt.datetime, language: str | None) -> str:
    moment = moment.astimezone(HELSINKI)
    time = format_time(moment, language)
    days = (moment.date() - at.date()).days
    if days == 0:
        return time
    if days == 1:
        return _("tomorrow %(time)s") % {"time": time}
    if days < 7:
        return f"{weekday_abbr(moment.date())} {time}"
    return f"{weekday_abbr(moment.date())} {format_date(moment.date(), language)} {time}"
