"""Sessions end after a while without requests: staff sooner than residents
(LUUKKU_SESSION_IDLE_MINUTES_STAFF / _RESIDENT). The last request's time is kept in the session,
written at most once a minute; the first request after the limit logs out and the page says why
(`idle_notice`). Pages tell a signed-in user when the session will end (web/_session.html).
Wall-clock time, not core.clock: idleness is the user's, not the business calendar's."""

import datetime as dt
import time

from django.conf import settings
from django.contrib.auth import logout

LAST_SEEN = "luukku_last_seen"
IDLE_SECONDS = "luukku_idle_seconds"
LOGGED_OUT = "luukku_idle_logout"  # minutes, for the notice after the logout
TOUCH_EVERY = 60  # seconds: a session is written at most this often, not on every request


def idle_limit(user) -> int:
    """Seconds a session of `user` may be idle: staff (any membership, is_staff) get the shorter."""
    from .selectors import memberships_of

    staff = user.is_staff or user.is_superuser or bool(memberships_of(user))
    minutes = settings.LUUKKU_SESSION_IDLE_MINUTES_STAFF if staff else settings.LUUKKU_SESSION_IDLE_MINUTES_RESIDENT
    return int(minutes * 60)


def touch(request, force: bool = False) -> None:
    """A request of the signed-in user: the idle time starts again."""
    now = time.time()
    last = request.session.get(LAST_SEEN)
    if force or last is None or now - last >= TOUCH_EVERY or IDLE_SECONDS not in request.session:
        limit = idle_limit(request.user)
        request.session[LAST_SEEN] = now
        request.session[IDLE_SECONDS] = limit
        request.session.set_expiry(limit + TOUCH_EVERY)  # the stored session goes too


def ends_at(request) -> dt.datetime | None:
    last, limit = request.session.get(LAST_SEEN), request.session.get(IDLE_SECONDS)
    if last is None or limit is None:
        return None
    return dt.datetime.fromtimestamp(last + limit, tz=dt.UTC)


class SessionIdleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Only where a session cookie exists: anonymous pages stay cookie-free and cacheable.
        if settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_authenticated:
            end = ends_at(request)
            if end is not None and time.time() > end.timestamp():
                minutes = request.session[IDLE_SECONDS] // 60
                logout(request)
                request.session[LOGGED_OUT] = minutes
                request.skip_page_cache = True  # the next page must carry the notice
            else:
                touch(request)
        return self.get_response(request)


def idle_notice(request) -> int | None:
    """The idle minutes after which this visitor was logged out, once (then forgotten)."""
    session = getattr(request, "session", None)
    if session is None or settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return None
    return session.pop(LOGGED_OUT, None)


def end_time_html(end: dt.datetime):
    """<time> of the session's end in local time, for the page's sentence and its script."""
    from django.utils import formats, timezone
    from django.utils.html import format_html

    return format_html('<time datetime="{}">{}</time>', end.isoformat(),
                       formats.time_format(timezone.localtime(end), "TIME_FORMAT"))
