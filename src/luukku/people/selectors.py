"""Reads: who is logged in as which resident, and for whom they may act."""

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q

from luukku.core import clock
from luukku.core.hotreads import HotRead

from . import acting
from .models import Mandate, MandateKind, Person

# The session record of how the user was identified: {"user", "provider", "loa", "amr", "strong"}.
SESSION_KEY = "luukku_identity"
_UNSET = object()
# Every signed-in request reads it (core.hotreads). Person.Meta.ordering starts with `municipality`,
# which would join core_municipality only to sort by its slug; within one municipality the rest of
# that ordering is this one.
_PERSON_OF_USER = HotRead(Person, "municipality_id = %s AND user_id = %s", order_by="last_name, first_names, id")


def current_person(request) -> Person | None:
    """The Person of the logged-in user in request.municipality (None for anonymous or staff-only users)."""
    cached = getattr(request, "_luukku_person", _UNSET)
    if cached is not _UNSET:
        return cached
    person = None
    user = getattr(request, "user", None)
    municipality = getattr(request, "municipality", None)
    if user is not None and user.is_authenticated and municipality is not None:
        person = _PERSON_OF_USER.first(municipality.pk, user.pk)
        if person is not None:
            person.municipality = municipality  # the request's own instance: no second read
    request._luukku_person = person
    return person


def postal_address(person: Person, *, viewer: Person | None = None) -> dict | None:
    """The one reader of a person's postal address: {street, postal_code, post_office}, or None when
    there is none, or when it is protected (turvakielto) and `viewer` is not the person themself.
    Documents others read (answers, receipts, decisions, letters, hand-overs) pass no viewer."""
    if person.protected_address and (viewer is None or viewer.pk != person.pk):
        return None
    if not (person.street_address or person.postal_code or person.post_office):
        return None
    return {"street": person.street_address, "postal_code": person.postal_code, "post_office": person.post_office}


def _valid_mandates(person: Person):
    today = clock.today()
    return (
        Mandate.all_objects.filter(municipality=person.municipality_id, agent=person, valid_from__lte=today,
                                   revoked_at__isnull=True)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .select_related("principal")
        .prefetch_related("case_types")
        # No ORDER BY over the join (issue 15: it cost more than the rest of the query); the few
        # rows are sorted by _by_principal instead.
        .order_by()
    )


def _by_principal(mandates) -> list[Mandate]:
    """Youngest last: by the principal's birth date, then first names (then the row, for twins
    with the same names), as the lists always showed them."""
    return sorted(mandates, key=lambda m: (m.principal.birth_date, m.principal.first_names, m.pk))


def children_of(person: Person) -> list[tuple[Person, Mandate]]:
    """Minors in the person's guardianship today (a child turning 18 drops out by itself)."""
    return [(m.principal, m) for m in _by_principal(_valid_mandates(person).filter(kind=MandateKind.GUARDIAN))
            if m.principal.is_minor]


def persons_acting_for(person: Person) -> list[tuple[Person, Mandate | None]]:
    """The person themself, then everyone they may act for today. Cached under the person's
    acting_version and the day (people.acting says what moves the version)."""
    others = _cached_by_acting_version(person, "acting", lambda: [
        (mandate.principal, mandate) for mandate in _by_principal(_valid_mandates(person))
        if mandate.kind != MandateKind.GUARDIAN or mandate.principal.is_minor])
    return [(person, None), *others]


def _cached_by_acting_version(person: Person, what: str, compute):
    """compute() cached under the person's acting_version and the day (people.acting)."""
    key = _acting_key(person, what)
    value = cache.get(key) if key else None
    if value is None:
        value = compute()
        if key:
            cache.set(key, value, acting.CACHE_SECONDS)
    return value


def _acting_key(person: Person, what: str) -> str | None:
    """None (no caching) for a person read without the version or not saved."""
    if person.pk is None or "acting_version" in person.get_deferred_fields():
        return None
    version = person.acting_version
    if not isinstance(version, int):  # an F() between a save and its refresh
        return None
    # public_id: a row deleted and made again under the same id starts at version 0 again.
    return f"luukku:{what}:{person.pk}:{person.public_id}:{version}:{clock.today().isoformat()}"


def ended_limited_mandate_ids(person: Person) -> list[int]:
    """The person's granted / e-Authorization mandates that are no longer (or not yet) valid: cases
    they applied for under one are out of their reach (a former guardian keeps theirs). Cached as the
    acted-for list is: the same mandates and the same day decide it (people.acting)."""
    def ended():
        today = clock.today()
        valid = (Q(valid_from__lte=today, revoked_at__isnull=True)
                 & (Q(valid_until__isnull=True) | Q(valid_until__gte=today)))
        return list(Mandate.all_objects.filter(municipality=person.municipality_id, agent=person)
                    .exclude(kind=MandateKind.GUARDIAN).exclude(valid).values_list("pk", flat=True))

    return _cached_by_acting_version(person, "acting-ended", ended)


def mandates_given(person: Person):
    """Every mandate the person has granted or that Suomi.fi confirmed, newest first (ended ones too)."""
    return (Mandate.all_objects.filter(municipality=person.municipality_id, principal=person)
            .exclude(kind=MandateKind.GUARDIAN).select_related("agent").prefetch_related("case_types")
            .order_by("-created_at", "-id"))


def mandates_held(person: Person):
    """Every non-guardian mandate the person holds, newest first (ended ones too)."""
    return (Mandate.all_objects.filter(municipality=person.municipality_id, agent=person)
            .exclude(kind=MandateKind.GUARDIAN).select_related("principal").prefetch_related("case_types")
            .order_by("-created_at", "-id"))


def identification(request) -> dict | None:
    """How the current user was identified in this session (only if it was this user)."""
    user = getattr(request, "user", None)
    record = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
    if not record or user is None or not user.is_authenticated or record.get("user") != user.pk:
        return None
    return record


def is_strongly_identified(request) -> bool:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    record = identification(request)
    if record is not None:
        return bool(record.get("strong"))
    # A password login of a demo resident: strong only where development says so.
    return bool(settings.LUUKKU_DEMO_LOCAL_LOGIN_IS_STRONG) and current_person(request) is not None
