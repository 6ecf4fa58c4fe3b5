"""Life events from the population register start the life-event rules: a resident moved in (a
welcome with the services for new residents), a child was born (an invitation to the guardians),
someone moved away (their open offers are withdrawn), a resident reached a set age (a reminder).

`poll(municipality)` reads the register's change feed (`RegisterAdapter.changes`) after the
municipality's cursor. Each event is handled in one transaction: the LifeEvent row (unique per
municipality and key), the person refreshed from the register, the offers and their messages. The
register's answers are read before that transaction opens, so a register that fails (RegisterError)
leaves nothing half-written and the event is read again at the next poll; the cursor moves only when
every event of a batch has been handled. Offers are unique per rule, person and event key, messages
per offer and recipient: polling twice writes nothing twice.

The cursor is opaque (DVV's is not an event key), so it is kept as it came, as the data of a
domain event "proactive.register_read" of the municipality: the latest one is the cursor.
"""

import calendar
import datetime as dt
import logging

from django.db import IntegrityError, transaction
from django.db.models import Q

from luukku.core import clock, geo
from luukku.core.models import DomainEvent, Municipality
from luukku.core.services import record_event
from luukku.core.tenancy import municipality_context
from luukku.people import hetu as hetu_module
from luukku.people.models import Person
from luukku.people.registers import (
    RegisterAdapter,
    RegisterChange,
    RegisterError,
    get_adapter,
)
from luukku.people.services import sync_person

from . import running, selectors, services, telling
from .models import LifeEvent, Mode, Offer, Rule, Trigger

log = logging.getLogger(__name__)

CURSOR_EVENT = "proactive.register_read"
MAX_BATCHES = 100  # batches read in one poll; the rest waits for the next
CATCH_UP_DAYS = 7  # reached_age also offers to birthdays of the last days a daily run may have missed


# --- the cursor --------------------------------------------------------------------------------------

def cursor(municipality) -> str | None:
    """The register's cursor after the last batch handled (None: nothing read yet)."""
    data = (DomainEvent.all_objects.filter(municipality=municipality, kind=CURSOR_EVENT)
            .order_by("-id").values_list("data", flat=True).first())
    return (data or {}).get("cursor")


def _save_cursor(municipality, adapter, value: str, count: int) -> None:
    source = getattr(adapter, "registry_key", type(adapter).__name__)
    record_event(municipality=municipality, kind=CURSOR_EVENT, object_type="people.register", object_id=source,
                 data={"cursor": value, "changes": count})


# --- polling -----------------------------------------------------------------------------------------

def poll_all() -> int:
    """`poll` for every municipality; returns the events handled. A municipality whose poll fails
    does not stop the others; the first error is raised at the end (the scheduler records it)."""
    handled, failed = 0, None
    for municipality in Municipality.objects.order_by("pk"):
        with municipality_context(municipality):
            try:
                handled += poll(municipality)
            except Exception as error:  # the next municipality still gets its events
                log.exception("life events of %s failed", municipality.slug)
                failed = failed or error
    if failed is not None:
        raise failed
    return handled


def poll(municipality, *, adapter: RegisterAdapter | None = None) -> int:
    """Read and handle the register's new changes for `municipality`; returns the events handled.
    A RegisterError is logged and the poll stops: the same changes are read again next time."""
    adapter = adapter or get_adapter(municipality)
    since = cursor(municipality)
    handled = 0
    for _batch in range(MAX_BATCHES):
        try:
            changes, next_cursor = adapter.changes(since)
        except RegisterError as error:
            log.warning("life events of %s: the register's change feed did not answer (%s); read again at the "
                        "next poll", municipality.slug, error)
            return handled
        for change in changes:
            try:
                handled += handle(municipality, change, adapter=adapter)
            except RegisterError as error:
                log.warning("life event %s of %s: the register did not answer (%s); read again at the next poll",
                            change.key, municipality.slug, error)
                return handled
        if not next_cursor or next_cursor == since:
            break
        _save_cursor(municipality, adapter, next_cursor, len(changes))
        since = next_cursor
        if not changes:
            break
    return handled


def handle(municipality, change: RegisterChange, *, adapter: RegisterAdapter | None = None) -> bool:
    """Handle one register event once; True when it was handled now (False: already handled, or
    nothing to do). Raises RegisterError (nothing written) when the register cannot answer."""
    if LifeEvent.all_objects.filter(municipality=municipality, key=change.key[:100]).exists():
        return False
    code = hetu_module.normalize(change.hetu)
    known = Person.all_objects.filter(municipality=municipality, hetu_hash=hetu_module.lookup_hash(code)).first()
    if change.kind == LifeEvent.Kind.MOVED_AWAY:
        # Not read from the register again: it answers for residents, and the person's new
        # address is none of this municipality's business. Nobody known here: nothing to withdraw,
        # and no personal data is stored for them.
        if known is None:
            return False
        snapshot = record = None
    else:
        snapshot = _Snapshot(adapter or get_adapter(municipality))
        record = snapshot.read(code)
        if record is None:
            log.warning("life event %s of %s: the register does not know the person; skipped", change.key,
                        municipality.slug)
            return False
    try:
        with transaction.atomic():
            person = known if record is None else _sync(municipality, snapshot, code, record)
            event = LifeEvent.all_objects.create(municipality=municipality, key=change.key[:100], kind=change.kind,
                                                 person=person, on=change.on)
            if change.kind == LifeEvent.Kind.MOVED_AWAY:
                services.moved_away(person, change.on)
                offers = []
            else:
                if person.moved_away_on is not None and person.moved_away_on <= change.on:
                    person.moved_away_on = None  # back in the municipality
                    person.save(update_fields=["moved_away_on"])
                trigger = Trigger.MOVED_IN if change.kind == LifeEvent.Kind.MOVED_IN else Trigger.BORN
                offers = [offer for rule in _rules(municipality, trigger)
                          if (offer := offer_for(rule, person, event_key=change.key[:100])) is not None]
            event.handled_at = clock.now()
            event.save(update_fields=["handled_at"])
            record_event(municipality=municipality, kind="proactive.life_event", obj=event,
                         data={"event": change.kind, "key": event.key, "offers": [o.reference for o in offers]})
    except IntegrityError:
        # Another poll handled the same event at the same moment: its transaction counts.
        if LifeEvent.all_objects.filter(municipality=municipality, key=change.key[:100]).exists():
            return False
        raise
    return True


def _sync(municipality, snapshot, code, record) -> Person:
    """The person (and, for a minor, the guardians and their mandates) refreshed from the snapshot."""
    person = sync_person(municipality, code, adapter=snapshot)
    if record.is_minor_on(clock.today()):
        for guardian in snapshot.guardians(code):
            sync_person(municipality, guardian.hetu, adapter=snapshot)  # the mandate for the child
        person.refresh_from_db()
    return person


class _Snapshot(RegisterAdapter):
    """The register's answers about one event, read before the event's transaction opens (a slow
    or failing register never holds a transaction); `sync_person` then reads them from here."""

    def __init__(self, adapter: RegisterAdapter):
        self.adapter = adapter
        self.registry_key = getattr(adapter, "registry_key", type(adapter).__name__)
        self.municipality = adapter.municipality
        self._persons, self._children, self._guardians = {}, {}, {}

    def read(self, code: str):
        record = self.person(code)
        if record is not None:
            self.children(record.hetu)
            if record.is_minor_on(clock.today()):
                for guardian in self.guardians(record.hetu):
                    self.person(guardian.hetu)
                    self.children(guardian.hetu)
        return record

    def person(self, hetu):
        code = hetu_module.normalize(hetu)
        if code not in self._persons:
            self._persons[code] = self.adapter.person(code)
        return self._persons[code]

    def children(self, hetu):
        code = hetu_module.normalize(hetu)
        if code not in self._children:
            self._children[code] = self.adapter.children(code)
        return self._children[code]

    def guardians(self, hetu):
        code = hetu_module.normalize(hetu)
        if code not in self._guardians:
            self._guardians[code] = self.adapter.guardians(code)
        return self._guardians[code]


# --- offers ------------------------------------------------------------------------------------------

def _rules(municipality, trigger):
    return list(Rule.all_objects.filter(municipality=municipality, trigger=trigger, active=True)
                .select_related("municipality").order_by("id"))


def _applies(rule, person, today: dt.date) -> bool:
    """The rule's who: its age range and area; a rule for guardians concerns minors only."""
    age = today.year - person.birth_date.year - ((today.month, today.day) < (person.birth_date.month,
                                                                              person.birth_date.day))
    if rule.age_min is not None and age < rule.age_min:
        return False
    if rule.age_max is not None and age > rule.age_max:
        return False
    if rule.for_guardians and age >= 18:
        return False
    if rule.area:
        if person.latitude is None or person.longitude is None:
            return False
        if not geo.contains(rule.area, float(person.latitude), float(person.longitude)):
            return False
    return True


def offer_for(rule, person, *, event_key: str, today: dt.date | None = None) -> Offer | None:
    """The rule's offer to `person` for one event, with its messages: to the guardians when the rule
    is for guardians, else to the person. None when the rule does not apply, the person (or any of
    the child's guardians, as in the campaigns) opted out, or the offer already exists. Call inside
    a transaction."""
    from luukku.cases.services import reference_prefix
    from luukku.notify.selectors import reach_many

    today = today or clock.today()
    if not _applies(rule, person, today):
        return None
    if Offer.all_objects.filter(rule=rule, person=person, event_key=event_key, campaign__isnull=True).exists():
        return None
    recipients = (selectors.guardians_of([person.pk], today).get(person.pk, []) if rule.for_guardians
                  else [person])
    if selectors.opted_out(rule, [person.pk, *[r.pk for r in recipients]]):
        return None
    reach = reach_many(recipients)
    now = clock.now()
    status = running.initial_status(rule, None)
    offer = Offer.all_objects.create(
        municipality_id=rule.municipality_id, reference="", rule=rule, campaign=None, event_key=event_key,
        person=person, mode=rule.mode, legal_basis=rule.legal_basis, status=status,
        deadline=today + dt.timedelta(days=rule.answer_days) if rule.mode != Mode.INFORMATION else None,
        needs_letter=not any(reach.get(r.pk, ("", []))[1] for r in recipients), created_at=now, updated_at=now)
    offer.reference = f"{reference_prefix(rule.municipality)}-T-{offer.pk}"[:40]
    offer.save(update_fields=["reference"])
    record_event(municipality=rule.municipality, kind="proactive.offer_made", obj=offer,
                 data=running.made_data(offer.reference, rule.slug, None, status, rule.mode, None))
    telling.tell([(telling.note(offer), recipients)], rule.municipality, reach)
    return offer


# --- reaching an age ---------------------------------------------------------------------------------

def _born_for(day: dt.date, age: int) -> list[dt.date]:
    """Birth dates of those who reach `age` on `day`. Someone born on 29 February reaches it on
    28 February in other years (the last day of the month, as Finnish time limits are counted)."""
    year = day.year - age
    found = []
    try:
        found.append(day.replace(year=year))
    except ValueError:
        pass  # 29 February of a leap year: nobody born on it in a common year
    if (day.month, day.day) == (2, 28) and not calendar.isleap(day.year) and calendar.isleap(year):
        found.append(dt.date(year, 2, 29))
    return found


def reached_age(municipality, today: dt.date | None = None) -> int:
    """One offer for each resident who reached an active reached_age rule's age today (or in the last
    CATCH_UP_DAYS days, should a daily run have been missed): event key "age:<age>:<year>", so
    once per person, rule and year. Returns the offers created; one transaction per offer."""
    today = today or clock.today()
    created = 0
    for rule in Rule.all_objects.filter(municipality=municipality, trigger=Trigger.REACHED_AGE, active=True,
                                        age__isnull=False).select_related("municipality").order_by("id"):
        reached_on = {}
        for back in range(CATCH_UP_DAYS - 1, -1, -1):
            day = today - dt.timedelta(days=back)
            for born in _born_for(day, rule.age):
                reached_on[born] = day
        people = (Person.all_objects.filter(municipality=municipality, birth_date__in=list(reached_on))
                  .filter(Q(moved_away_on__isnull=True) | Q(moved_away_on__gt=today)).order_by("id"))
        for person in people:
            day = reached_on[person.birth_date]
            with transaction.atomic():
                created += offer_for(rule, person, event_key=f"age:{rule.age}:{day.year}", today=today) is not None
    return created


def reached_age_all(today: dt.date | None = None) -> int:
    created = 0
    for municipality in Municipality.objects.order_by("pk"):
        with municipality_context(municipality):
            created += reached_age(municipality, today)
    return created
