"""Service-level states in Finnish working days: what a handler sees beside each case's target date."""

import datetime as dt

from luukku.cases.sla import SOON_DAYS, add_working_days, sla_state, working_days_between


def test_christmas_and_weekends_do_not_count_towards_due_soon():
    # Mon 21.12.2026; 24–26.12 are holidays (Christmas Eve, Christmas Day, St Stephen's Day), 26–27 a weekend.
    today = dt.date(2026, 12, 21)
    assert sla_state(dt.date(2026, 12, 20), today) == "overdue"
    assert sla_state(dt.date(2026, 12, 23), today) == "due_soon"
    # 22, 23, 28 are the three working days after today: due on the 28th is still "soon" …
    assert sla_state(dt.date(2026, 12, 28), today) == "due_soon"
    # … and so is a due date on a non-working day before the fourth working day.
    assert sla_state(dt.date(2026, 12, 26), today) == "due_soon"
    assert sla_state(dt.date(2026, 12, 29), today) == "on_time"
    assert sla_state(dt.date(2026, 12, 29), today, paused=True) == "paused"
    assert sla_state(None, today) == ""


def test_due_soon_means_at_most_soon_days_working_days_left_on_every_day_of_a_year():
    start = dt.date(2026, 1, 1)
    for offset in range(366):
        today = start + dt.timedelta(days=offset)
        for ahead in range(0, 15):
            due = today + dt.timedelta(days=ahead)
            expected = "due_soon" if working_days_between(today, due) <= SOON_DAYS else "on_time"
            assert sla_state(due, today) == expected, (today, due)
    assert add_working_days(dt.date(2026, 12, 23), 1) == dt.date(2026, 12, 28)
