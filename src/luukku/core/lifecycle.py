"""One door for every status change of a handled item (a case, a feedback item, an offer; bookings
and ballots to come). Each app declares its item's `Lifecycle`: which moves its transition table
allows, how a history row is built, the prefix of its domain events. `move()` checks the table, then
writes the append-only history row, the status and the DomainEvent `<prefix>.status_changed` in the
caller's transaction: a failure after it rolls all three back. The app keeps its own side effects
(the service-level clock, notifications) around the call.

    OFFER = Lifecycle(model=Offer, table={...}, history=lambda offer, change: OfferChange(...),
                      event_prefix="proactive.offer", refusal=_("An offer that is “%(from)s” ..."))
    with transaction.atomic():
        offer = Offer.objects.select_for_update().get(pk=pk)
        move(OFFER, offer, OfferStatus.ACCEPTED, by_person=guardian)
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction

from . import clock
from .services import record_event


@dataclass(frozen=True)
class Change:
    """One move as the history row records it: what the app's `history` function is given."""

    from_status: str
    to_status: str
    at: Any
    by_user: Any
    by_person: Any
    reason: str
    fields: dict  # the app's own history columns (`**history_fields` of move())


@dataclass(frozen=True)
class Lifecycle:
    model: type[models.Model]
    table: Mapping[str, set[str]]  # {from: {to, ...}}: the only moves there are
    history: Callable[[models.Model, Change], models.Model]  # an unsaved history row (AppendOnly)
    event_prefix: str  # "case" → "case.status_changed"
    refusal: Any  # a (lazy) translated message with %(from)s and %(to)s
    label: Callable[[str], str] = str  # a status in words, for the refusal
    status_field: str = "status"
    updated_field: str | None = "updated_at"

    def allows(self, from_status: str, to_status: str) -> bool:
        return to_status in self.table.get(from_status, ())

    def next_statuses(self, from_status: str) -> set[str]:
        return set(self.table.get(from_status, ()))

    def refuse(self, from_status: str, to_status: str) -> ValidationError:
        return ValidationError(self.refusal, code="invalid_transition",
                               params={"from": self.label(from_status), "to": self.label(to_status)})


def labels(choices) -> Callable[[str], str]:
    """A `label` for a TextChoices status: its words (lazy: said in the language the refusal is shown
    in), or the raw value when it is not one of them."""
    return lambda value: choices(value).label if value in choices.values else str(value)


def move(lifecycle: Lifecycle, obj, to: str, *, by_user=None, by_person=None, reason: str = "", event_data=None,
         step: bool = False, also: dict | None = None, at=None, **history_fields):
    """Move the locked `obj` to status `to`; returns the history row. Refuses with a ValidationError
    (code "invalid_transition") what the table does not allow, and then writes nothing.
    `step`: the caller has decided that this is a step inside the current status (a case's
    sub-status), which the table is not asked about. `also`: other fields of `obj` set and saved
    with the status (e.g. the service-level clock). `at`: the time of the move (default now)."""
    if not isinstance(obj, lifecycle.model):
        raise TypeError(f"the {lifecycle.event_prefix} lifecycle moves {lifecycle.model.__name__}s, not {obj!r}")
    connection = transaction.get_connection(obj._state.db or "default")
    if not connection.in_atomic_block:
        raise RuntimeError("lifecycle.move() runs inside the caller's transaction, with the row locked")
    status_field = lifecycle.status_field
    from_status = getattr(obj, status_field)
    if not (step and to == from_status) and not lifecycle.allows(from_status, to):
        raise lifecycle.refuse(from_status, to)
    at = at or clock.now()
    by_user = by_user if getattr(by_user, "is_authenticated", False) else None
    row = lifecycle.history(obj, Change(from_status, str(to), at, by_user, by_person, reason, history_fields))
    row.save()
    setattr(obj, status_field, to)
    fields = [status_field]
    if lifecycle.updated_field:
        setattr(obj, lifecycle.updated_field, at)
        fields.append(lifecycle.updated_field)
    for name, value in (also or {}).items():
        setattr(obj, name, value)
        fields.append(name)
    obj.save(update_fields=list(dict.fromkeys(fields)))
    record_event(municipality=obj.municipality, kind=f"{lifecycle.event_prefix}.status_changed", obj=obj,
                 actor=by_user, data={"from": from_status, "to": str(to), **(event_data or {})})
    return row
