"""The one place that says what time it is. Tests move it with `frozen_at`."""

import contextlib
import datetime as dt
from contextvars import ContextVar
from zoneinfo import ZoneInfo

from django.utils import timezone

HELSINKI = ZoneInfo("Europe/Helsinki")
_frozen: ContextVar[dt.datetime | None] = ContextVar("luukku_clock", default=None)
_fixed_global: list[dt.datetime] = []  # set by set_now() for processes such as browser-test servers


def now() -> dt.datetime:
    """Aware current time (UTC)."""
    value = _frozen.get()
    if value is None and _fixed_global:
        value = _fixed_global[0]
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


def set_now(value: dt.datetime | None) -> None:
    """Fix now() for the whole process (None restores the real clock)."""
    _fixed_global.clear()
    if value is not None:
        _fixed_global.append(_aware(value))
