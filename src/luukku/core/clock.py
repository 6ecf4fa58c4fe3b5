"""The one place that says what time it is. Tests move it with `frozen_at`."""

import contextlib
import datetime as dt
from contextvars import ContextVar
from zoneinfo import ZoneInfo

from django.utils import timezone

HELSINKI = ZoneInfo("Europe/Helsinki")
_frozen: ContextVar[dt.datetime | None] = ContextVar("luukku_clock", default=None)


def now() -> dt.datetime:
    """Aware current time (UTC)."""
    value = _frozen.get()
    return value if value is not None else timezone.now()


def local_now() -> dt.datetime:
    return now().astimezone(HELSINKI)


def today() -> dt.date:
    return local_now().date()


def _aware(value: dt.datetime) -> dt.datetime:
    return value if timezone.is_aware(value) else value.replace(tzinfo=HELSINKI)


@contextlib.contextmanager
def frozen_at(value: dt.datetime):
    """Freeze now() inside the block (naive datetimes are Helsinki time)."""
    token = _frozen.set(_aware(value))
    try:
        yield
    finally:
        _frozen.reset(token)

