"""Writes of mandates a resident grants: another person may act for them in the chosen services
(case types) for a period. Every change leaves a MandateChange row (append-only) and a domain event."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from luukku.core import clock
from luukku.core.services import record_event

from . import hetu as hetu_module
from .models import Mandate, MandateChange, MandateKind, Person
from .registers import RegisterError

MAX_YEARS = 5  # a longer mandate is a power of attorney for the register office, not a form


def find_agent(municipality, *, code: str = "", first_names: str = "", last_name: str = "",
               birth_date: dt.date | None = None) -> Person:
    """The person to authorise: by identity code (the register is asked if the municipality does not
    know them yet), or by name and birth date among the municipality's residents (exactly one)."""
    if code:
        code = hetu_module.validate(code)
        person = Person.all_objects.filter(municipality=municipality, hetu_hash=hetu_module.lookup_hash(code)).first()
        if person is not None:
            return person
        from .services import PersonNotInRegister, sync_person

        try:
            return sync_person(municipality, code)
        except (PersonNotInRegister, RegisterError):
            raise ValidationError(_("We could not find a person with this identity code. Check the code."),
                                  code="not_found") from None
    matches = list(
        Person.all_objects.annotate(f=Lower("first_names"), lname=Lower("last_name"))
        .filter(municipality=municipality, birth_date=birth_date, lname=last_name.strip().lower())
        .filter(f__startswith=first_names.strip().lower())[:2]
    )
    if len(matches) != 1:
        raise ValidationError(_("We could not find exactly one person with this name and date of birth. "
                                "Give their personal identity code instead."), code="not_found")
    return matches[0]


def _data(mandate, case_types) -> dict:
    return {"agent": str(mandate.agent.public_id), "principal": str(mandate.principal.public_id),
            "kind": mandate.kind, "valid_from": mandate.valid_from.isoformat(),
            "valid_until": mandate.valid_until.isoformat() if mandate.valid_until else None,
            "case_types": sorted(ct.slug for ct in case_types)}


def grant(principal: Person, agent: Person, case_types, valid_from: dt.date, valid_until: dt.date, *,
          by_user=None) -> Mandate:
    """`principal` authorises `agent` for `case_types` from `valid_from` to `valid_until` (inclusive)."""
    case_types = list(case_types)
    today = clock.today()
    if agent.pk == principal.pk:
        raise ValidationError(_("You cannot authorise yourself."), code="self")
    if agent.municipality_id != principal.municipality_id:
        raise ValidationError(_("We could not find a person with this identity code. Check the code."),
                              code="not_found")
    if agent.is_minor:
        raise ValidationError(_("The person you authorise must be at least 18 years old."), code="minor")
    if not case_types:
        raise ValidationError(_("Choose at least one service."), code="no_services")
    if any(ct.municipality_id != principal.municipality_id for ct in case_types):
        raise ValidationError(_("Choose the services from the list."), code="unknown_service")
    if valid_from < today:
        raise ValidationError(_("The mandate cannot start in the past."), code="past")
    if valid_until < valid_from:
        raise ValidationError(_("The end date must be on or after the start date."), code="order")
    if (valid_until - valid_from).days > 366 * MAX_YEARS:
        raise ValidationError(_("A mandate can last at most %(years)s years.") % {"years": MAX_YEARS}, code="too_long")
    with transaction.atomic():
        mandate = Mandate.all_objects.create(
            municipality_id=principal.municipality_id, principal=principal, agent=agent, kind=MandateKind.GRANTED,
            source="luukku", valid_from=valid_from, valid_until=valid_until)
        mandate.case_types.set(case_types)
        data = _data(mandate, case_types)
        MandateChange.all_objects.create(municipality_id=principal.municipality_id, mandate=mandate,
                                         action=MandateChange.Action.GRANTED, by_person=principal,
                                         by_user=_user(by_user), data=data)
        record_event(municipality=principal.municipality, kind="mandate.granted", obj=mandate, actor=by_user,
                     data=data)
    return mandate


def revoke(mandate: Mandate, by_person: Person, *, by_user=None) -> Mandate:
    """The principal withdraws the mandate, or the agent gives it up: it ends at once."""
    if by_person.pk not in (mandate.principal_id, mandate.agent_id) or mandate.kind != MandateKind.GRANTED:
        raise ValidationError(_("This mandate cannot be revoked here."), code="not_yours")
    with transaction.atomic():
        locked = Mandate.all_objects.select_for_update().get(pk=mandate.pk)
        if locked.revoked_at is not None:
            return locked  # a second click: already done
        locked.revoked_at = clock.now()
        locked.save(update_fields=["revoked_at"])
        data = _data(locked, locked.case_types.all())
        MandateChange.all_objects.create(municipality_id=locked.municipality_id, mandate=locked,
                                         action=MandateChange.Action.REVOKED, by_person=by_person,
                                         by_user=_user(by_user), data=data)
        record_event(municipality=locked.municipality, kind="mandate.revoked", obj=locked, actor=by_user,
                     data={**data, "by": "principal" if by_person.pk == locked.principal_id else "agent"})
    return locked


def _user(user):
    return user if getattr(user, "is_authenticated", False) else None


def confirm_authorizations(agent: Person, adapter, session, principals, issues: dict[str, list[str]], *,
                           by_user=None) -> list[Mandate]:
    """Record what Suomi.fi Valtuudet confirmed: for each principal the agent chose, the case types of
    every issue it answered ALLOWED for. The mandate is valid today only: it is asked again next time."""
    from luukku.eservices.models import CaseType

    from .services import PersonNotInRegister, sync_person
    from .registers import RegisterPerson

    today, result = clock.today(), []
    for principal in principals:
        try:
            code = hetu_module.validate(principal.hetu)
        except ValidationError:
            continue  # not a person's identity code (Valtuudet would not send one): nothing to record
        slugs = sorted({slug for issue, slugs in issues.items() if adapter.allowed(session, principal, issue)
                        for slug in slugs})
        if not slugs or code == hetu_module.normalize(agent.hetu):
            continue
        case_types = list(CaseType.all_objects.filter(municipality=agent.municipality_id, slug__in=slugs))
        first, _sep, last = principal.name.rpartition(" ")
        person = Person.all_objects.filter(municipality=agent.municipality_id,
                                           hetu_hash=hetu_module.lookup_hash(code)).first()
        if person is None:
            try:
                person = sync_person(agent.municipality, code, fallback=RegisterPerson(
                    hetu=code, first_names=first or last, last_name=last if first else ""))
            except (PersonNotInRegister, RegisterError):
                continue
        with transaction.atomic():
            mandate, _created = Mandate.all_objects.select_for_update().get_or_create(
                municipality_id=agent.municipality_id, principal=person, agent=agent, kind=MandateKind.AUTHORIZATION,
                defaults={"source": "suomifi", "valid_from": today, "valid_until": today})
            mandate.valid_from, mandate.valid_until, mandate.revoked_at = today, today, None
            mandate.save(update_fields=["valid_from", "valid_until", "revoked_at"])
            mandate.case_types.set(case_types)
            data = _data(mandate, case_types)
            MandateChange.all_objects.create(municipality_id=agent.municipality_id, mandate=mandate,
                                             action=MandateChange.Action.CONFIRMED, by_person=agent,
                                             by_user=_user(by_user), data=data)
            record_event(municipality=agent.municipality, kind="mandate.confirmed", obj=mandate, actor=by_user,
                         data=data)
        result.append(mandate)
    return result
