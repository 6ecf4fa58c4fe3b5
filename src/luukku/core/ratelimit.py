"""A fixed-window request limit per client address in a store every web process shares: a flood
of posts from one address gets a clear 429 instead of filling the queues (feedback form, Open311
POST). With REDIS_URL the count is in Redis (the default cache); otherwise in the database
(core.RateCount, one atomic upsert per hit). Never in per-process memory: with N workers the
limit would be N times the setting."""

import datetime as dt

from django.conf import settings
from django.core.cache import cache
from django.db import connection

from . import clock
from .models import RateCount


def client_address(request) -> str:
    """The client's address; behind a proxy the first X-Forwarded-For hop when trusted by setting."""
    if getattr(settings, "LUUKKU_TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "")


def _cache_incr(name: str, window_seconds: int) -> int:
    cache.add(name, 0, window_seconds + 1)
    try:
        return cache.incr(name)
    except ValueError:  # expired between add and incr
        cache.set(name, 1, window_seconds + 1)
        return 1


_UPSERT = (
    "INSERT INTO {table} ({name}, {count}, {expires}) VALUES (%s, 1, %s) "
    "ON CONFLICT ({name}) DO UPDATE SET {count} = {table}.{count} + 1 RETURNING {count}"
)


def _db_incr(name: str, expires_at: dt.datetime) -> int:
    """One statement, atomic on SQLite (3.35+) and PostgreSQL alike: no read-then-write race."""
    q = connection.ops.quote_name
    sql = _UPSERT.format(table=q(RateCount._meta.db_table), name=q("name"), count=q("count"),
                         expires=q("expires_at"))
    field = RateCount._meta.get_field("expires_at")
    with connection.cursor() as cursor:
        cursor.execute(sql, [name, field.get_db_prep_value(expires_at, connection)])
        return cursor.fetchone()[0]


def shared_cache() -> bool:
    """The default cache is shared between processes only on Redis (settings: REDIS_URL)."""
    return "redis" in settings.CACHES["default"]["BACKEND"].lower()


def _name(scope: str, key: str, window: int) -> str:
    return f"luukku:rl:{scope}:{key}:{window}"[:255]


def hit(scope: str, key: str, limit: int, window_seconds: int) -> int:
    """Count one request of `key` in `scope`; returns the seconds to wait (0: allowed)."""
    if limit <= 0:
        return 0
    now = clock.now().timestamp()
    window = int(now // window_seconds)
    name = _name(scope, key, window)
    if shared_cache():
        count = _cache_incr(name, window_seconds)
    else:
        expires_at = dt.datetime.fromtimestamp((window + 1) * window_seconds, tz=dt.UTC)
        count = _db_incr(name, expires_at)
    if count > limit:
        return max(window_seconds - int(now) % window_seconds, 1)
    return 0


def over(scope: str, key: str, limit: int, window_seconds: int) -> int:
    """Like `hit` without counting: the seconds to wait when `key` is already over the limit. With
    `hit` on failures only, this refuses a right answer after too many wrong ones (second factor)."""
    if limit <= 0:
        return 0
    now = clock.now().timestamp()
    name = _name(scope, key, int(now // window_seconds))
    if shared_cache():
        count = cache.get(name) or 0
    else:
        count = RateCount.objects.filter(name=name).values_list("count", flat=True).first() or 0
    if count >= limit:
        return max(window_seconds - int(now) % window_seconds, 1)
    return 0


def purge_expired() -> int:
    return RateCount.objects.filter(expires_at__lt=clock.now()).delete()[0]


def feedback_limit() -> tuple[int, int]:
    """(posts, seconds) allowed per client address for new feedback (LUUKKU_FEEDBACK_RATE_LIMIT,
    e.g. "20/3600"; "0" turns the limit off)."""
    raw = str(getattr(settings, "LUUKKU_FEEDBACK_RATE_LIMIT", "20/3600"))
    count, _, seconds = raw.partition("/")
    try:
        return int(count), int(seconds or 3600)
    except ValueError:
        return 20, 3600
