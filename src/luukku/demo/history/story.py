"""The story the year of history tells, as numbers: demand by season, the channel shift towards
digital, the backlog in building control, and when things happen during a day. Pure functions of the
date and a seeded random generator: the same seed and the same `now` give the same year."""

import datetime as dt
import math

from luukku.cases.sla import is_working_day
from luukku.core import clock

# Relative demand per calendar month (January first). Early-childhood applications peak in spring
# (places start in August), boat moorings before the boating season, composting notices and
# building permits in spring and summer.
SEASONS = {
    "varhaiskasvatushakemus": (1.2, 1.8, 2.3, 2.0, 1.1, 0.6, 0.4, 1.0, 0.9, 0.8, 0.7, 0.5),
    "venepaikkahakemus": (0.3, 0.6, 1.6, 2.6, 2.4, 1.2, 0.6, 0.3, 0.2, 0.15, 0.1, 0.1),
    "kompostointi-ilmoitus": (0.3, 0.3, 0.5, 1.2, 2.2, 2.0, 1.4, 1.3, 1.0, 0.6, 0.3, 0.2),
    "rakentamislupa": (0.5, 0.7, 1.2, 1.8, 2.1, 1.8, 0.9, 1.3, 1.1, 0.9, 0.6, 0.4),
}
# Cases a year of each case type (the total stays a few thousand: the demo loads in seconds).
YEARLY = {"varhaiskasvatushakemus": 560, "venepaikkahakemus": 300, "kompostointi-ilmoitus": 340,
          "rakentamislupa": 480}

# Cases by channel at the start and at the end of the year: paper and phone fall month by month,
# online rises (from about 55 % to about 82 %).
CASE_CHANNELS = {"online": (55, 82), "mail": (15, 4), "phone": (12, 5), "service_point": (12, 6), "email": (6, 3)}
FEEDBACK_CHANNELS = {"online": (44, 62), "api": (14, 21), "phone": (18, 7), "service_point": (12, 5),
                     "email": (9, 4), "letter": (3, 1)}
CONTACT_CHANNELS = {"service_point": (48, 30), "phone": (36, 24), "chat": (4, 30), "email": (9, 14), "mail": (3, 2)}

# Building control's backlog: from GROWS_FROM to WORKED_OFF_FROM days before now its capacity drops
# (an inspector's post stands empty over the autumn) and the queue grows; then two temporary
# inspectors work it off over the early winter. Decisions a working day:
CAPACITY = {"normal": 5.0, "summer": 2.5, "short": 0.3, "catch_up": 6.0}
GROWS_FROM, WORKED_OFF_FROM = 100, 40


def progress(at: dt.datetime, start: dt.datetime, end: dt.datetime) -> float:
    """0 at the start of the history, 1 at its end."""
    return min(1.0, max(0.0, (at - start) / (end - start)))


def channel(rng, mix: dict, t: float) -> str:
    """A channel drawn from `mix` ({channel: (weight at start, weight at end)}) at progress t."""
    names = list(mix)
    return rng.choices(names, [a + (b - a) * t for a, b in (mix[n] for n in names)])[0]


def poisson(rng, mean: float) -> int:
    """Knuth's method: small means only (a day's arrivals)."""
    limit, k, p = math.exp(-mean), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


def days_of(start: dt.datetime, now: dt.datetime) -> list[dt.date]:
    first, last = start.astimezone(clock.HELSINKI).date(), now.astimezone(clock.HELSINKI).date()
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


def daily_mean(yearly: float, season: tuple, day: dt.date, weekend: float) -> float:
    """A day's expected arrivals: the year's volume spread by season, less on weekends and holidays."""
    mean = yearly / (251 + 114 * weekend) * season[day.month - 1] / (sum(season) / 12)
    return mean * (1.0 if is_working_day(day) else weekend)


def moment(rng, day: dt.date, *, office: bool) -> dt.datetime:
    """A time on `day` (Helsinki): office hours for a desk or a phone call, otherwise mostly daytime
    and evening (online)."""
    if office:
        hour = rng.uniform(8.25, 15.75)
    else:
        hour = rng.choice((rng.uniform(7, 23), rng.uniform(9, 21), rng.uniform(0, 24)))
    local = dt.datetime.combine(day, dt.time(0), tzinfo=clock.HELSINKI) + dt.timedelta(hours=hour)
    return local.astimezone(dt.timezone.utc)


def office_time(rng, after: dt.datetime, *, min_hours: float, max_hours: float) -> dt.datetime:
    """A moment between min_hours and max_hours after `after`, moved into office hours of a working day."""
    at = (after + dt.timedelta(hours=rng.uniform(min_hours, max_hours))).astimezone(clock.HELSINKI)
    day = at.date()
    if at.hour >= 16:
        day += dt.timedelta(days=1)
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    if day != at.date() or at.hour < 8:
        at = dt.datetime.combine(day, dt.time(8), tzinfo=clock.HELSINKI) + dt.timedelta(hours=rng.uniform(0.1, 7.5))
    return at.astimezone(dt.timezone.utc)


def capacity(day: dt.date, now_day: dt.date) -> float:
    """Building control's decisions on `day` (0 on days off)."""
    if not is_working_day(day):
        return 0.0
    before = (now_day - day).days
    if WORKED_OFF_FROM < before <= GROWS_FROM:
        return CAPACITY["short"]
    if before <= WORKED_OFF_FROM:
        return CAPACITY["catch_up"]
    if day.month == 7 or (day.month == 6 and day.day > 20):
        return CAPACITY["summer"]
    return CAPACITY["normal"]


def handling_days(rng, sla_days: int, submitted: dt.datetime) -> float:
    """Calendar days from claiming to the end: mostly well inside the target (working days × 1.4),
    a tenth or so later; longer in the summer holidays."""
    factor = rng.lognormvariate(math.log(0.42), 0.65)
    local = submitted.astimezone(clock.HELSINKI)
    if (local.month, local.day) >= (6, 15) and local.month <= 7:
        factor *= 1.5
    return max(0.2, sla_days * 1.4 * factor)
