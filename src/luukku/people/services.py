"""Writes of residents and mandates: the register is the source of who a person is and whose
guardian they are; the platform keeps a copy that is refreshed at every identification."""

import datetime as dt

from django.db import transaction

from luukku.core import clock
from luukku.core.services import record_event

from . import hetu as hetu_module
from .models import Mandate, MandateKind, Person
from .registers import RegisterAdapter, RegisterPerson, get_adapter


class PersonNotInRegister(Exception):
    """The register does not know the code (and no fallback data was given)."""


def sync_person(municipality, hetu: str, *, user=None, adapter: RegisterAdapter | None = None,
                fallback: RegisterPerson | None = None) -> Person:
    """Create or refresh the Person of `hetu` from the register, with a guardian mandate for each
    minor in their guardianship (the child's Person too); guardian mandates from this register that
    the register no longer has end (valid until yesterday: no longer valid today). `fallback`
    (e.g. names from the identification) is used when the register does not know the person."""
    adapter = adapter or get_adapter(municipality)
    source = getattr(adapter, "registry_key", type(adapter).__name__)[:40]
    record = adapter.person(hetu) or fallback
    if record is None:
        raise PersonNotInRegister
    children = adapter.children(record.hetu)
    today = clock.today()
    with transaction.atomic():
        person = _upsert(municipality, record)
        if user is not None:
            link_user(person, user)
        kept = []
        for child_record in children:
            child = _upsert(municipality, child_record)
            kept.append(child.pk)
            mandate, created = Mandate.all_objects.get_or_create(
                municipality=municipality, principal=child, agent=person, kind=MandateKind.GUARDIAN,
                defaults={"source": source, "valid_from": today},
            )
            if not created and not mandate.is_valid_on(today):
                # Guardianship again after it had ended: the same row, a new period.
                mandate.valid_from, mandate.valid_until, mandate.source = today, None, source
                mandate.save(update_fields=["valid_from", "valid_until", "source"])
        # valid_until is the last valid day (inclusive): an ended guardianship ends yesterday, so
        # the former guardian loses access at once rather than at midnight.
        ended = (
            Mandate.all_objects.filter(municipality=municipality, agent=person, kind=MandateKind.GUARDIAN, source=source)
            .exclude(principal__in=kept)
            .exclude(valid_until__lt=today)
            .update(valid_until=today - dt.timedelta(days=1))
        )
        record_event(municipality=municipality, kind="person.synced", obj=person, actor=user,
                     data={"source": source, "children": len(kept), "mandates_ended": ended})
    return person


def _upsert(municipality, record: RegisterPerson) -> Person:
    code = hetu_module.validate(record.hetu)
    person = (
        Person.all_objects.select_for_update()
        .filter(municipality=municipality, hetu_hash=hetu_module.lookup_hash(code))
        .first()
    )
    if person is None:
        person = Person(municipality=municipality)
        person.set_hetu(code)
    person.first_names = record.first_names[:200]
    person.last_name = record.last_name[:200]
    person.birth_date = record.birth_date
    person.street_address = record.address[:200]
    person.postal_code = record.postal_code[:5]
    person.post_office = record.post_office[:100]
    person.latitude, person.longitude = record.latitude, record.longitude
    person.email = record.email
    person.phone = record.phone[:40]
    person.language = record.language or "fi"
    person.protected_address = record.protected_address
    person.register_checked_at = clock.now()
    person.save()
    return person


def link_user(person: Person, user) -> Person:
    """The user account that logs in as this person (one Person per user per municipality)."""
    with transaction.atomic():
        Person.all_objects.filter(municipality=person.municipality_id, user=user).exclude(pk=person.pk).update(user=None)
        if person.user_id != user.pk:
            person.user = user
            person.save(update_fields=["user"])
    return person


def record_identification(person: Person, *, loa: str, amr: list[str]) -> None:
    Person.all_objects.filter(pk=person.pk).update(last_loa=loa[:64], last_amr=list(amr))
    person.last_loa, person.last_amr = loa[:64], list(amr)
