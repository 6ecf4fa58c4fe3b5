"""Opening hours with frozen clocks: weekdays, evenings, weekends, Finnish holidays, exceptional
days and periods (summer hours)."""

import datetime as dt

import pytest
from django.utils import translation

from luukku.catalogue import hours
from luukku.catalogue.models import HoursKind, ServiceHours
from luukku.core import clock
from luukku.core.clock import HELSINKI

from ..factories import ChannelFactory

pytestmark = pytest.mark.django_db

WEEKDAYS_8_16 = {"kind": HoursKind.STANDARD, "opening": [{"day_from": 0, "day_to": 4, "from": "08:00", "to": "16:00"}]}


def at(*args):
    return dt.datetime(*args, tzinfo=HELSINKI)


@pytest.fixture
def location(scoped):
    return ChannelFactory(municipality=scoped)


def add(channel, **fields):
    return ServiceHours.objects.create(channel=channel, **fields)


def rows(channel):
    return list(channel.hours.all())


def test_open_on_a_weekday_morning_and_closes_at_four(location):
    add(location, **WEEKDAYS_8_16)
    state = hours.status(rows(location), at(2026, 6, 10, 9, 30))  # Wednesday
    assert state.is_open and state.closes_at == at(2026, 6, 10, 16, 0)
    with translation.override("fi"):
        assert hours.describe(state, at(2026, 6, 10, 9, 30)) == "Avoinna nyt, sulkeutuu 16.00"


def test_closed_in_the_evening_opens_next_morning(location):
    add(location, **WEEKDAYS_8_16)
    now = at(2026, 6, 10, 18, 0)
    state = hours.status(rows(location), now)
    assert not state.is_open and state.next_opening == at(2026, 6, 11, 8, 0)
    with translation.override("fi"):
        assert hours.describe(state, now) == "Suljettu, avautuu huomenna 8.00"


def test_closed_at_the_weekend_opens_on_monday(location):
    add(location, **WEEKDAYS_8_16)
    now = at(2026, 6, 13, 12, 0)  # Saturday
    state = hours.status(rows(location), now)
    assert not state.is_open and state.next_opening == at(2026, 6, 15, 8, 0)
    with translation.override("fi"):
        assert hours.describe(state, now) == "Suljettu, avautuu ma 8.00"
    with translation.override("sv"):
        assert hours.describe(state, now) == "Stängt, öppnar mån 8.00"
    with translation.override("en"):
        assert hours.describe(state, now) == "Closed, opens Mon 8:00"


def test_independence_day_is_closed_even_on_a_weekday(location):
    add(location, **WEEKDAYS_8_16)
    now = at(2027, 12, 6, 10, 0)  # Monday 6.12.2027, Itsenäisyyspäivä
    state = hours.status(rows(location), now)
    assert not state.is_open and state.next_opening == at(2027, 12, 7, 8, 0)
    with translation.override("fi"):
        day = hours.day_plan(rows(location), dt.date(2027, 12, 6), "fi")
    assert day.is_closed and day.note == "Itsenäisyyspäivä"


def test_an_exceptional_row_overrides_a_holiday_and_a_regular_day(location):
    add(location, **WEEKDAYS_8_16)
    add(location, kind=HoursKind.EXCEPTION, valid_from=dt.date(2027, 12, 6),
        opening=[{"from": "10:00", "to": "14:00"}], info={"fi": "Itsenäisyyspäivän juhla"})
    add(location, kind=HoursKind.EXCEPTION, valid_from=dt.date(2027, 12, 8), valid_to=dt.date(2027, 12, 9), is_closed=True)
    assert hours.status(rows(location), at(2027, 12, 6, 11, 0)).closes_at == at(2027, 12, 6, 14, 0)
    state = hours.status(rows(location), at(2027, 12, 8, 9, 0))  # Wednesday, closed by exception
    assert not state.is_open and state.next_opening == at(2027, 12, 10, 8, 0)


def test_summer_hours_apply_for_their_period(location):
    add(location, **WEEKDAYS_8_16)
    add(location, kind=HoursKind.STANDARD, valid_from=dt.date(2026, 6, 1), valid_to=dt.date(2026, 8, 31),
        opening=[{"day_from": 0, "day_to": 4, "from": "09:00", "to": "15:00"}])
    summer = hours.status(rows(location), at(2026, 7, 8, 15, 30))
    assert not summer.is_open and summer.next_opening == at(2026, 7, 9, 9, 0)
    autumn = hours.status(rows(location), at(2026, 9, 2, 15, 30))
    assert autumn.is_open and autumn.closes_at == at(2026, 9, 2, 16, 0)


def test_a_location_closed_for_the_summer_opens_after_the_period(location):
    add(location, **WEEKDAYS_8_16)
    add(location, kind=HoursKind.STANDARD, valid_from=dt.date(2026, 7, 1), valid_to=dt.date(2026, 7, 31), is_closed=True)
    state = hours.status(rows(location), at(2026, 7, 6, 10, 0))
    assert not state.is_open and state.next_opening == at(2026, 8, 3, 8, 0)


def test_over_midnight_and_around_the_clock(location):
    add(location, kind=HoursKind.STANDARD, opening=[{"day_from": 4, "day_to": 5, "from": "20:00", "to": "02:00"}])
    state = hours.status(rows(location), at(2026, 6, 13, 1, 0))  # Saturday night, opened on Friday
    assert state.is_open and state.closes_at == at(2026, 6, 13, 2, 0)
    always = ChannelFactory(municipality=location.municipality)
    add(always, kind=HoursKind.STANDARD, is_always_open=True)
    state = hours.status(rows(always), at(2026, 12, 6, 3, 0))
    assert state.is_open and state.always_open


def test_no_hours_and_malformed_rows_do_not_break(location):
    assert hours.status([], at(2026, 6, 10, 9, 0)) == hours.OpenStatus(is_open=False)
    add(location, kind=HoursKind.STANDARD, opening=[{"day_from": 0, "from": "xx", "to": "16:00"}, "junk"])
    assert not hours.status(rows(location), at(2026, 6, 8, 9, 0)).is_open


def test_week_table_starts_today_and_marks_the_holiday(location):
    add(location, **WEEKDAYS_8_16)
    with clock.frozen_at(dt.datetime(2026, 12, 3, 9, 0)), translation.override("sv"):
        week = hours.week(rows(location), language="sv")
    assert [d.date.day for d in week] == [3, 4, 5, 6, 7, 8, 9]
    assert week[0].is_today and hours.format_interval(*week[0].intervals[0], "sv") == "8.00–16.00"
    assert week[2].is_closed and week[3].is_closed and week[3].note == "Självständighetsdagen"
    assert not week[4].is_closed


def test_next_change_is_the_closing_time_or_midnight(location):
    add(location, **WEEKDAYS_8_16)
    assert hours.next_change(rows(location), at(2026, 6, 10, 15, 0)) == at(2026, 6, 10, 16, 0)
    assert hours.next_change(rows(location), at(2026, 6, 10, 20, 0)) == at(2026, 6, 11, 0, 0)


def _status_over_the_whole_look_ahead(rows, now):
    """The status as computed before the first-week window (issue 15): every day of the look-ahead."""
    horizon = hours._at(now.date() + dt.timedelta(days=hours.LOOKAHEAD_DAYS - 1), (0, 0))
    for begin, end in hours._spans(rows, now.date(), hours.LOOKAHEAD_DAYS):
        if begin <= now < end:
            return hours.OpenStatus(is_open=True, closes_at=None if end >= horizon else end)
        if begin > now:
            return hours.OpenStatus(is_open=False, next_opening=begin)
    return hours.OpenStatus(is_open=False)


def test_the_first_week_window_gives_what_the_whole_look_ahead_gives(location):
    """Schedules that open late, close for weeks, run round the clock or over midnight, with
    exceptional days: the week-first answer equals the 60-day one at every hour of three weeks."""
    import random

    rng = random.Random(15)
    schedules = [
        [WEEKDAYS_8_16],
        [{"kind": HoursKind.STANDARD, "opening": [{"day_from": 4, "day_to": 0, "from": "22:00", "to": "06:00"}]}],
        [{"kind": HoursKind.STANDARD, "is_always_open": True},
         {"kind": HoursKind.EXCEPTION, "valid_from": dt.date(2026, 6, 19), "is_closed": True}],
        [{"kind": HoursKind.STANDARD, "opening": [{"day_from": 0, "day_to": 6, "from": "00:00", "to": "24:00"}]}],
        [WEEKDAYS_8_16, {"kind": HoursKind.STANDARD, "valid_from": dt.date(2026, 6, 8),
                         "valid_to": dt.date(2026, 7, 26), "is_closed": True}],
        [{"kind": HoursKind.EXCEPTION, "valid_from": dt.date(2026, 7, 20), "opening": [{"from": "10:00", "to": "12:00"}]}],
    ]
    for index, schedule in enumerate(schedules):
        channel = ChannelFactory(municipality=location.municipality)
        for fields in schedule:
            add(channel, **fields)
        found = rows(channel)
        for _ in range(60):
            now = at(2026, 6, 1, 0, 0) + dt.timedelta(hours=rng.randrange(24 * 21), minutes=rng.choice([0, 30, 59]))
            assert hours.status(found, now) == _status_over_the_whole_look_ahead(found, now), (index, now)
