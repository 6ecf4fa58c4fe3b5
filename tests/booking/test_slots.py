"""Slots from the opening rules: length and buffer, holidays and blackouts closed, notice and horizon."""

import datetime as dt

from luukku.booking import selectors
from luukku.booking.models import ResourceHours
from luukku.catalogue.models import HoursKind

from .conftest import MONDAY, at

import pytest

pytestmark = pytest.mark.django_db


def starts(slots):
    return [s.starts_at.astimezone(at(MONDAY, 0).tzinfo).strftime("%H:%M") for s in slots]


def test_a_day_is_cut_into_slots_of_the_length_plus_buffer(world):
    found = selectors.free_slots([world["advice"]], MONDAY, MONDAY)
    assert starts(found) == ["09:00", "09:30", "10:00", "10:30", "11:00", "11:30"]
    hall = selectors.free_slots([world["hall"]], MONDAY, MONDAY)
    assert starts(hall) == ["16:00", "17:10", "18:20", "19:30"]  # 60 min + 10 min buffer; 20:40 would end 21:40
    assert all(s.free == 20 for s in hall)


def test_public_holidays_weekends_and_blackouts_have_no_slots(world):
    christmas = selectors.free_slots([world["advice"]], dt.date(2026, 12, 24), dt.date(2026, 12, 27))
    assert christmas == []  # Christmas Eve, Christmas Day, Boxing Day, a Sunday
    ResourceHours.all_objects.create(municipality=world["municipality"], resource=world["advice"],
                                     kind=HoursKind.EXCEPTION, valid_from=MONDAY, is_closed=True)
    assert selectors.free_slots([world["advice"]], MONDAY, MONDAY) == []
    assert len(selectors.free_slots([world["advice"]], MONDAY + dt.timedelta(days=1), MONDAY + dt.timedelta(days=1))) == 6


def test_residents_see_times_within_notice_and_horizon_staff_any_future(world):
    advice = world["advice"]
    advice.notice_minutes, advice.horizon_days = 3 * 24 * 60 + 22 * 60, 5  # from Monday 10:00 on; till 15.12.
    advice.save()
    found = selectors.free_slots([advice], MONDAY, MONDAY + dt.timedelta(days=3))
    assert found[0].starts_at == at(MONDAY, 10) and found[-1].starts_at.date() == dt.date(2026, 12, 15)
    staff = selectors.free_slots([advice], MONDAY, MONDAY + dt.timedelta(days=3), staff=True)
    assert staff[0].starts_at == at(MONDAY, 9) and staff[-1].starts_at.date() == dt.date(2026, 12, 17)
