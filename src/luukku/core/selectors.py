"""Reads of the platform primitives that every app uses."""

import re
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.base import ModelState

from . import geo
from .compiled import compiled_query
from .models import AddressPoint, Domain, Municipality, Role, StaffMembership, platform_hosts

# An address farther than this from a point does not name its place.
NEAREST_ADDRESS_M = 300


def municipality_by_slug(slug: str) -> Municipality | None:
    """None for anything that cannot be a slug (a path may carry any bytes, NUL included, which
    PostgreSQL refuses in a query), without asking the database."""
    if not _SLUG.fullmatch(slug):
        return None
    return _municipality("slug", slug)


_SLUG = re.compile(r"[-a-zA-Z0-9_]{1,60}")

# This process's copy of each municipality row: {(column, value): (stamp, instance)}, the stamp being
# (id, public_id, content_version): public_id tells a new row from a deleted one that had the same id.
# Every request needs the row, and loading it through the ORM (20 columns, a boundary of ~12 kB of
# JSON) cost 2.4 M instructions; a cursor asking only for the id and the version costs ~0.2 M. Any
# save of the row moves content_version (Municipality.save), as does every catalogue change, so a
# stale copy is never served, whichever process made the change.
_copies: dict = {}


def _municipality(column: str, value) -> Municipality | None:
    with connection.cursor() as cursor:
        cursor.execute(_STAMP_SQL[column], [value])
        stamp = cursor.fetchone()
    if stamp is None:
        return None
    stamp = (stamp[0], _as_uuid(stamp[1]), stamp[2])
    held = _copies.get((column, value))
    if held is None or held[0] != stamp:
        instance = Municipality.objects.filter(pk=stamp[0]).first()
        if instance is None:
            return None
        held = _copies[(column, value)] = (_stamp_of(instance), instance)
        if held[0] != stamp:  # changed in between: serve what was read, keep asking
            _copies.pop((column, value), None)
    return _fresh(held[1])


def _stamp_of(m: Municipality) -> tuple:
    return (m.pk, m.public_id, m.content_version)


def _fresh(held: Municipality) -> Municipality:
    """A new instance per request over the same field values: request code may set attributes on
    its municipality (and caches fields on _state), which must not leak into other requests. The
    JSON values are shared and must not be changed in place (nothing does: forms build their own)."""
    instance = Municipality.__new__(Municipality)
    instance.__dict__.update(held.__dict__)
    instance._state = ModelState()
    instance._state.adding = False
    instance._state.db = held._state.db
    return instance


def _as_uuid(value) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(value)  # SQLite gives 32 hex digits


def _stamp_sql(column: str) -> str:
    table, quote = Municipality._meta.db_table, connection.ops.quote_name
    return f"SELECT {quote('id')}, {quote('public_id')}, {quote('content_version')} FROM {quote(table)} WHERE {quote(column)} = %s"


_STAMP_SQL = {column: _stamp_sql(column) for column in ("slug", "id")}


def municipality_by_host(host: str) -> Municipality | None:
    host = host.lower().rstrip(".")
    if host in platform_hosts():  # a row made before hosts were checked must not capture the platform
        return None
    key = f"luukku:host:{host}"
    municipality_id = cache.get(key)
    if municipality_id is None:
        domain = Domain.objects.filter(host=host).only("municipality_id").first()
        municipality_id = domain.municipality_id if domain else 0
        cache.set(key, municipality_id, 60)
    return _municipality("id", municipality_id) if municipality_id else None


def municipalities():
    return Municipality.objects.all()


def memberships_of(user, municipality=None):
    """Active memberships of a staff user (all municipalities unless one is given). Kept on the user
    instance, which lives for one request: a staff page asks several times (bench/RESULTS.md)."""
    if not getattr(user, "is_authenticated", False):
        return []
    key = getattr(municipality, "pk", municipality)
    cache = user.__dict__.setdefault("_memberships", {})
    if key not in cache:
        if municipality is not None:  # every staff page: compiled once (core.compiled)
            qs = _memberships_in(user.pk, key)
        else:
            qs = StaffMembership.all_objects.filter(user=user).select_related("unit", "municipality")
        cache[key] = [m for m in qs if m.is_active]
    return cache[key]


@compiled_query("core.memberships_in")
def _memberships_in(user_id: int, municipality_id: int) -> QuerySet:
    return (StaffMembership.all_objects.filter(user=user_id).select_related("unit", "municipality")
            .filter(municipality=municipality_id))


def staff_municipalities(user) -> list[Municipality]:
    if getattr(user, "is_superuser", False):
        return list(Municipality.objects.all())
    seen = {}
    for m in memberships_of(user):
        seen.setdefault(m.municipality_id, m.municipality)
    return list(seen.values())


def admin_municipality(request) -> Municipality | None:
    """The municipality a staff member is administering (chosen in the admin, kept in the session)."""
    user = getattr(request, "user", None)
    if user is None:
        # AuthenticationMiddleware runs later; resolve the user from the session ourselves.
        from django.contrib.auth import get_user

        user = get_user(request)
    allowed = staff_municipalities(user)
    chosen = request.session.get("admin_municipality")
    for municipality in allowed:
        if municipality.pk == chosen:
            return municipality
    return allowed[0] if allowed else None


def has_role(user, municipality, roles, unit=None) -> bool:
    """May `user` act in one of `roles` in `municipality` (and `unit`, when given)?

    Administrators may do everything in their municipality; a membership without a unit
    covers every unit.
    """
    if not getattr(user, "is_authenticated", False) or municipality is None:
        return False
    if user.is_superuser:
        return True
    roles = set(roles) | {Role.ADMINISTRATOR}
    for m in memberships_of(user, municipality):
        if m.role in roles and (unit is None or m.unit_id in (None, getattr(unit, "pk", unit))):
            return True
    return False


def units_for(user, municipality, roles):
    """Units where `user` holds one of `roles`; None means every unit of the municipality."""
    if getattr(user, "is_superuser", False):
        return None
    roles = set(roles) | {Role.ADMINISTRATOR}
    units = {}
    for m in memberships_of(user, municipality):
        if m.role in roles:
            if m.unit_id is None:
                return None
            units[m.unit_id] = m.unit
    return list(units.values())


def signed_in_user(request):
    """The logged-in user, or None. Looks at the session only when a session cookie exists, so
    anonymous pages stay cookie-free and cacheable (touching the session adds Vary: Cookie)."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return None
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def nearest_addresses(municipality, points, within_m: float = NEAREST_ADDRESS_M) -> list:
    """`nearest_address` for many (latitude, longitude) points in one query (a queue page's items):
    the points' bounding boxes OR'd together, each point then takes the nearest of what it reaches."""
    boxes = [geo.bounding_box(lat, lon, within_m) if lat is not None and lon is not None else None
             for lat, lon in points]
    wanted = Q()
    for box in filter(None, boxes):
        wanted |= Q(latitude__range=box[:2], longitude__range=box[2:])
    candidates = list(AddressPoint.all_objects.filter(wanted, municipality=municipality)) if wanted else []
    found = []
    for (lat, lon), box in zip(points, boxes):
        best = None
        for point in candidates if box else ():
            distance = geo.distance_m(lat, lon, point.latitude, point.longitude)
            if distance <= within_m and (best is None or distance < best[1]):
                best = (point, distance)
        found.append((best[0], round(best[1])) if best else None)
    return found


def nearest_address(municipality, latitude, longitude, within_m: float = NEAREST_ADDRESS_M):
    """(the municipality's nearest address point, its distance in whole metres), or None when it has none
    within `within_m` (or the point is missing)."""
    return nearest_addresses(municipality, [(latitude, longitude)], within_m)[0]


ADDRESS_CHOICES_MAX = 20


def _parse_address(text: str) -> tuple[str, str]:
    """("Koulukatu", "8") from "Koulukatu 8 A 3, 41990 Kylä": the street is the words before the first
    word that begins with a digit; the number that word (a staircase or flat after it is dropped)."""
    words = (text or "").split(",")[0].split()
    for i, word in enumerate(words):
        if i and word[:1].isdigit():
            return " ".join(words[:i]), word.strip(".;:").lower()
    return " ".join(words), ""


def _number_key(point):
    digits = re.match(r"\d+", point.number or "")
    return ((point.street or {}).get("fi", ""), int(digits.group()) if digits else 0, point.number or "")


def addresses_matching(municipality, text: str, *, limit: int = ADDRESS_CHOICES_MAX) -> list:
    """The municipality's address points that a typed street address names: the street in Finnish or
    Swedish, case-insensitive, and the house number when one is typed. A number the register does not
    have (or none typed) gives the street's addresses, for the resident to choose from. At most
    `limit` + 1 points (one more than asked tells the caller there are more), in street and number order."""
    street, number = _parse_address((text or "")[:200])
    if len(street) < 2:
        return []
    # iexact is case-insensitive for every letter on PostgreSQL but only for ASCII on SQLite: the name
    # as typed and with a capital first letter cover "östra" and "KYLÄKATU" there too.
    wanted = Q()
    for variant in {street, street[:1].upper() + street[1:].lower()}:
        wanted |= Q(street__fi__iexact=variant) | Q(street__sv__iexact=variant)
    on_street = AddressPoint.all_objects.filter(wanted, municipality=municipality)
    if number:
        exact = list(on_street.filter(number__iexact=number)[:limit + 1])
        if not exact and not number.isdigit():  # "12b" typed, the register has "12"
            exact = list(on_street.filter(number=re.match(r"\d*", number).group())[:limit + 1])
        if exact:
            return sorted(exact, key=_number_key)
    return sorted(on_street[:limit + 1], key=_number_key)
