"""The daily reminder: one notification (case.reminder) per request for information left
unanswered for five working days; never twice, never for an answered request."""

import datetime as dt

import pytest

from luukku.cases import services as cases
from luukku.cases.models import Status
from luukku.core import clock
from luukku.core.scheduler import tick
from luukku.notify.jobs import remind_information_requests, reminder_cutoff
from luukku.notify.models import Notification

pytestmark = pytest.mark.django_db
MONDAY = dt.datetime(2026, 11, 2, 9, 0, tzinfo=clock.HELSINKI)


@pytest.fixture
def waiting(aino, make_case, handler):
    with clock.frozen_at(MONDAY):
        case = make_case(aino)
        cases.change_status(case, Status.IN_HANDLING, by_user=handler)
        request = cases.request_information(case, handler, "Tarvitaan liite")
    return case, request


def reminders(case):
    return Notification.all_objects.filter(case=case, kind="case.reminder")


def test_five_working_days_after_the_request_one_reminder_goes_out(waiting, aino):
    case, request = waiting
    assert remind_information_requests(today=dt.date(2026, 11, 6)) == 0  # Friday: four working days
    assert remind_information_requests(today=dt.date(2026, 11, 8)) == 0  # Sunday: still four
    assert remind_information_requests(today=dt.date(2026, 11, 9)) == 1  # Monday: five
    [reminder] = reminders(case)
    assert reminder.person == aino and case.reference in reminder.body
    assert reminder.idempotency_key == f"{case.public_id}:reminder:{request.public_id}"
    assert remind_information_requests(today=dt.date(2026, 11, 10)) == 0
    assert reminders(case).count() == 1


def test_public_holidays_are_not_working_days():
    # Independence Day, Sunday 6.12.2026; Christmas Eve to Boxing Day Thursday to Saturday.
    assert reminder_cutoff(dt.date(2026, 12, 30)).date() == dt.date(2026, 12, 22)


def test_an_answered_request_gets_no_reminder(waiting, aino):
    case, request = waiting
    with clock.frozen_at(MONDAY + dt.timedelta(days=1)):
        cases.answer_information_request(request, aino, "Tässä liite")
    assert remind_information_requests(today=dt.date(2026, 11, 16)) == 0
    assert not reminders(case).exists()


def test_the_scheduler_runs_the_reminders(waiting):
    case, _request = waiting
    job = {"cases.remind_information_requests"}
    with clock.frozen_at(dt.datetime(2026, 11, 9, 7, 0, tzinfo=clock.HELSINKI)):
        assert tick(names=job) == []  # the job's first slot: 8:00 today
    assert not reminders(case).exists()
    with clock.frozen_at(dt.datetime(2026, 11, 9, 8, 0, 1, tzinfo=clock.HELSINKI)):
        assert tick(names=job) == ["cases.remind_information_requests"]
        assert tick(names=job) == []
    assert reminders(case).count() == 1
