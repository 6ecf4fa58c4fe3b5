"""Outside appointment systems behind a registry (as Open Forms plugs in JCC and Qmatic).

A resource whose `external_system` names an adapter here takes its free times from that system and
forwards each booking, move and cancellation to it inside the same service call (booking.services):
the outside id is kept in `Booking.external_id`. When the system cannot answer, the service refuses
with a message that says so and writes nothing (the transaction rolls back); a search shows no times
for that resource and logs why.

An adapter is a class with one interface:

    free_slots(resource, start, end) -> [slots.Slot]    free times from `start` to `end` (dates, inclusive)
    book(booking) -> str                                 the outside id of the new appointment
    cancel(booking) -> None                              an appointment already gone counts as cancelled
    reschedule(booking, starts_at) -> str                the outside id after the move
    check_config(config) -> [problems]                   (classmethod) what is missing from its settings

Each raises AdapterError when the system cannot answer or refuses; `taken=True` when the refusal is
that the time was booked meanwhile.

Settings: `LUUKKU_BOOKING_SYSTEMS` (JSON) per municipality slug ("*": every municipality), per adapter:
{"espoo": {"qmatic": {"url": "https://…/calendar-backend/public/api", "api_key": "…"}}}. Credentials
stay in the environment, never in the database. `Resource.external_id` is the resource's id in the
system (for Qmatic "<branch public id>/<service public id>").
"""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from luukku.core.registry import Registry

log = logging.getLogger(__name__)
appointment_systems = Registry("appointment system")


class AdapterError(Exception):
    """The appointment system could not answer (unreachable, timed out, 5xx, malformed) or refused.
    The text is for the log: it never carries a resident's details."""

    def __init__(self, message: str, *, taken: bool = False):
        super().__init__(message)
        self.taken = taken


class AppointmentSystem:
    label = ""

    def __init__(self, config: dict):
        self.config = config

    @classmethod
    def check_config(cls, config: dict) -> list[str]:
        return []

    def free_slots(self, resource, start, end) -> list:
        raise NotImplementedError

    def book(self, booking) -> str:
        raise NotImplementedError

    def cancel(self, booking) -> None:
        raise NotImplementedError

    def reschedule(self, booking, starts_at) -> str:
        raise NotImplementedError


def config_for(municipality, key: str) -> dict | None:
    """The municipality's settings of the adapter `key` (its own over the "*" ones), or None."""
    systems = getattr(settings, "LUUKKU_BOOKING_SYSTEMS", None) or {}
    own = (systems.get(municipality.slug) or {}).get(key)
    shared = (systems.get("*") or {}).get(key)
    if own is None and shared is None:
        return None
    return {**(shared or {}), **(own or {})}


def system_for(resource) -> AppointmentSystem:
    """The adapter of the resource, configured for its municipality; AdapterError when it is unknown
    or not configured there."""
    key = resource.external_system
    if key not in appointment_systems:
        raise AdapterError(f"unknown appointment system {key!r}")
    config = config_for(resource.municipality, key)
    cls = appointment_systems[key]
    problems = cls.check_config(config or {}) if config is not None else ["not configured"]
    if problems:
        raise AdapterError(f"appointment system {key!r} of {resource.municipality.slug}: {'; '.join(problems)}")
    return cls(config)


def check() -> list[str]:
    """Configuration problems of every municipality's systems (`manage.py check --deploy`)."""
    problems = []
    for slug, systems in (getattr(settings, "LUUKKU_BOOKING_SYSTEMS", None) or {}).items():
        for key, config in (systems or {}).items():
            if key not in appointment_systems:
                problems.append(f"{slug}: unknown appointment system {key!r}")
            else:
                problems += [f"{slug} {key}: {p}" for p in appointment_systems[key].check_config(config or {})]
    return problems


# --- what selectors and services call ----------------------------------------------------------------

def _unavailable() -> ValidationError:
    return ValidationError(_("The appointment system cannot be reached just now, so nothing was changed. "
                             "Try again in a moment, or call the unit."), code="external")


def external_slots(resource, start, end, *, strict: bool = False) -> list:
    """The free times of a resource in an outside system. A search (`strict=False`) shows none when the
    system cannot answer; checking a chosen time (`strict=True`) refuses with a clear message."""
    try:
        return system_for(resource).free_slots(resource, start, end)
    except AdapterError as exc:
        log.warning("free times of resource %s: %s", resource.pk, exc)
        if strict:
            raise _unavailable() from exc
        return []


def forward_book(booking) -> str:
    try:
        return system_for(booking.resource).book(booking)
    except AdapterError as exc:
        log.warning("booking in resource %s: %s", booking.resource_id, exc)
        if exc.taken:
            raise ValidationError(_("That time was just booked full. Choose another time."), code="full") from exc
        raise _unavailable() from exc


def forward_cancel(booking) -> None:
    try:
        system_for(booking.resource).cancel(booking)
    except AdapterError as exc:
        log.warning("cancelling booking %s: %s", booking.pk, exc)
        raise _unavailable() from exc


def forward_reschedule(booking, starts_at) -> str:
    try:
        return system_for(booking.resource).reschedule(booking, starts_at)
    except AdapterError as exc:
        log.warning("moving booking %s: %s", booking.pk, exc)
        if exc.taken:
            raise ValidationError(_("That time was just booked full. Choose another time."), code="full") from exc
        raise _unavailable() from exc


from . import qmatic  # noqa: E402,F401  (fills the registry)
