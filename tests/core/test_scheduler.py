"""core.scheduler: a due job runs once per slot however many workers tick at the same instant;
a failing job keeps its schedule; a job with a time of day waits for it."""

import datetime as dt
import threading

import pytest
from django.db import connection, connections

from luukku.core import clock
from luukku.core.models import ScheduledJob
from luukku.core.scheduler import run_forever, scheduled_jobs, tick

T0 = dt.datetime(2026, 11, 30, 10, 0, tzinfo=clock.HELSINKI)
RUNS: list[str] = []
_lock = threading.Lock()


class Counting:
    interval = dt.timedelta(seconds=30)

    def run(self):
        with _lock:
            RUNS.append("counting")


class Failing:
    interval = dt.timedelta(minutes=5)

    def run(self):
        raise RuntimeError("the job broke")


class Morning:
    interval = dt.timedelta(days=1)

    def next_run(self, now):
        at = now.astimezone(clock.HELSINKI).replace(hour=8, minute=0, second=0, microsecond=0)
        return at if at > now else at + dt.timedelta(days=1)

    def run(self):
        with _lock:
            RUNS.append("morning")


@pytest.fixture
def jobs(monkeypatch):
    RUNS.clear()
    monkeypatch.setattr(scheduled_jobs, "_entries", {"test.counting": Counting, "test.failing": Failing,
                                                     "test.morning": Morning})
    yield
    RUNS.clear()


@pytest.mark.django_db
def test_two_tickers_at_the_same_instant_run_the_job_once(jobs):
    assert "test.counting" in tick(now=T0)
    assert tick(now=T0) == []  # the second worker, same instant
    assert tick(now=T0 + dt.timedelta(seconds=29)) == []
    assert tick(now=T0 + dt.timedelta(seconds=30)) == ["test.counting"]
    assert RUNS == ["counting", "counting"]
    row = ScheduledJob.objects.get(name="test.counting")
    assert row.runs == 2 and row.next_run_at == T0 + dt.timedelta(seconds=60) and row.last_error == ""


@pytest.mark.django_db
def test_a_failing_job_is_recorded_and_keeps_its_schedule(jobs):
    assert set(tick(now=T0)) == {"test.counting", "test.failing"}
    row = ScheduledJob.objects.get(name="test.failing")
    assert "RuntimeError: the job broke" in row.last_error
    assert row.next_run_at == T0 + dt.timedelta(minutes=5)
    assert RUNS == ["counting"]  # the other job ran anyway


@pytest.mark.django_db
def test_a_job_with_a_time_of_day_waits_for_it(jobs):
    tick(now=T0)  # 10:00: the morning job's first slot is tomorrow at 8
    assert "morning" not in RUNS
    assert ScheduledJob.objects.get(name="test.morning").next_run_at == T0.replace(hour=8) + dt.timedelta(days=1)
    assert "test.morning" in tick(now=T0.replace(hour=8) + dt.timedelta(days=1))
    assert ScheduledJob.objects.get(name="test.morning").next_run_at == T0.replace(hour=8) + dt.timedelta(days=2)


@pytest.mark.django_db
def test_the_real_jobs_are_registered():
    assert {"notify.retry_due", "cases.remind_information_requests"} <= set(scheduled_jobs)
    assert scheduled_jobs["notify.retry_due"].interval == dt.timedelta(seconds=30)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="real parallel transactions need PostgreSQL")
def test_parallel_tickers_on_their_own_connections_run_a_job_once(jobs):
    barrier = threading.Barrier(6)
    errors = []

    def ticker():
        try:
            barrier.wait()
            tick(now=T0, names={"test.counting"})
        except Exception as exc:  # noqa: BLE001 - asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=ticker) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    assert RUNS == ["counting"]
    assert ScheduledJob.objects.get(name="test.counting").runs == 1


@pytest.mark.django_db(transaction=True)
def test_the_scheduler_thread_ticks_until_stopped(jobs):
    stop = threading.Event()
    thread = threading.Thread(target=run_forever, args=(stop, 0.05))
    thread.start()
    try:
        for _ in range(200):
            if "counting" in RUNS:
                break
            stop.wait(0.05)
    finally:
        stop.set()
        thread.join(10)
    assert not thread.is_alive()
    assert "counting" in RUNS
