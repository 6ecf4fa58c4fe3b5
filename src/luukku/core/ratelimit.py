"""A fixed-window request limit per client address, in the shared cache: a flood of posts from
one address gets a clear 429 instead of filling the queues (feedback form, Open311 POST)."""

import time

from django.conf import settings
from django.core.cache import cache


def client_address(request) -> str:
    """The client's address; behind a proxy the first X-Forwarded-For hop when trusted by setting."""
    if getattr(settings, "LUUKKU_TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "")


def hit(scope: str, key: str, limit: int, window_seconds: int) -> int:
    """Count one request of `key` in `scope`; returns the seconds to wait (0: allowed)."""
    if limit <= 0:
        return 0
    window = int(time.time() // window_seconds)
    name = f"luukku:rl:{scope}:{key}:{window}"
    cache.add(name, 0, window_seconds + 1)
    try:
        count = cache.incr(name)
    except ValueError:  # expired between add and incr
        cache.set(name, 1, window_seconds + 1)
        count = 1
    if count > limit:
        return window_seconds - int(time.time()) % window_seconds
    return 0


def over(scope: str, key: str, limit: int, window_seconds: int) -> int:
    """Like `hit` without counting: the seconds to wait when `key` is already over the limit. With
    `hit` on failures only, this refuses a right answer after too many wrong ones (second factor)."""
    if limit <= 0:
        return 0
    window = int(time.time() // window_seconds)
    if (cache.get(f"luukku:rl:{scope}:{key}:{window}") or 0) >= limit:
        return window_seconds - int(time.time()) % window_seconds
    return 0


def feedback_limit() -> tuple[int, int]:
    """(posts, seconds) allowed per client address for new feedback (LUUKKU_FEEDBACK_RATE_LIMIT,
    e.g. "20/3600"; "0" turns the limit off)."""
    raw = str(getattr(settings, "LUUKKU_FEEDBACK_RATE_LIMIT", "20/3600"))
    count, _, seconds = raw.partition("/")
    try:
        return int(count), int(seconds or 3600)
    except ValueError:
        return 20, 3600
