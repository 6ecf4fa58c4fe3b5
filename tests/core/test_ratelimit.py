"""Rate limits and login throttling count in a store every web process shares: with the
per-process cache, each of N workers would allow the full limit. A cleared local cache stands
for "the next request went to another process". Run on SQLite and, with DATABASE_URL, PostgreSQL."""

import datetime as dt

import pytest
from django.core.cache import cache

from luukku.core import clock, ratelimit
from luukku.core.models import RateCount

pytestmark = pytest.mark.django_db


def another_process():
    cache.clear()


def test_two_processes_share_one_count(settings):
    assert not ratelimit.shared_cache()  # the tests' cache is per process, as a server's without Redis
    waits = []
    for _ in range(4):
        waits.append(ratelimit.hit("feedback-form", "198.51.100.7", 3, 3600))
        another_process()
    assert waits[:3] == [0, 0, 0] and 0 < waits[3] <= 3600
    # Another address and another scope have their own counts.
    assert ratelimit.hit("feedback-form", "203.0.113.9", 3, 3600) == 0
    assert ratelimit.hit("open311", "198.51.100.7", 3, 3600) == 0


def test_a_new_window_starts_a_new_count_and_old_windows_are_purged():
    start = dt.datetime(2026, 3, 2, 10, 0, 5, tzinfo=dt.UTC)
    with clock.frozen_at(start):
        assert [ratelimit.hit("s", "k", 1, 60) for _ in range(2)] == [0, 55]
    with clock.frozen_at(start + dt.timedelta(minutes=1)):
        assert ratelimit.hit("s", "k", 1, 60) == 0
        assert RateCount.objects.count() == 2
        assert ratelimit.purge_expired() == 1
    assert RateCount.objects.get().count == 1


def test_feedback_posts_from_one_address_are_limited_across_processes(client, settings):
    """The same through the feedback form: three posts, each answered by "another process"."""
    from ..factories import MunicipalityFactory

    municipality = MunicipalityFactory(slug="rajattu", code="997")
    settings.LUUKKU_FEEDBACK_RATE_LIMIT = "2/3600"
    statuses = []
    for _ in range(3):
        response = client.post(f"/{municipality.slug}/fi/palaute/", {"description": ""}, REMOTE_ADDR="198.51.100.7")
        statuses.append(response.status_code)
        another_process()
    assert 429 not in statuses[:2] and statuses[2] == 429


def test_failed_logins_are_counted_across_processes(client, django_user_model, settings):
    assert settings.AXES_HANDLER == "axes.handlers.database.AxesDatabaseHandler"
    django_user_model.objects.create_user("virkailija", password="oikea-salasana-1", is_staff=True)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/admin/login/", {"username": "virkailija", "password": "väärä"}, REMOTE_ADDR="10.0.0.1")
        another_process()
    response = client.post(
        "/admin/login/", {"username": "virkailija", "password": "oikea-salasana-1"}, REMOTE_ADDR="10.0.0.1")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
