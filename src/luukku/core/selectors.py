"""Reads of the platform primitives that every app uses."""

from django.conf import settings
from django.core.cache import cache

from .models import Domain, Municipality, Role, StaffMembership
from .tenancy import municipality_context


def municipality_by_slug(slug: str) -> Municipality | None:
    return Municipality.objects.filter(slug=slug).first()


def municipality_by_host(host: str) -> Municipality | None:
    host = host.lower().rstrip(".")
    key = f"luukku:host:{host}"
    municipality_id = cache.get(key)
    if municipality_id is None:
        domain = Domain.objects.filter(host=host).only("municipality_id").first()
        municipality_id = domain.municipality_id if domain else 0
        cache.set(key, municipality_id, 60)
    return Municipality.objects.filter(pk=municipality_id).first() if municipality_id else None


def municipalities():
    return Municipality.objects.all()


def memberships_of(user, municipality=None):
    """Active memberships of a staff user (all municipalities unless one is given)."""
    if not getattr(user, "is_authenticated", False):
        return StaffMembership.all_objects.none()
    qs = StaffMembership.all_objects.filter(user=user).select_related("unit", "municipality")
    if municipality is not None:
        qs = qs.filter(municipality=municipality)
    return [m for m in qs if m.is_active]


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
    from .models import Unit

    if getattr(user, "is_superuser", False):
        return None
    roles = set(roles) | {Role.ADMINISTRATOR}
    unit_ids = set()
    for m in memberships_of(user, municipality):
        if m.role in roles:
            if m.unit_id is None:
                return None
            unit_ids.add(m.unit_id)
    with municipality_context(municipality):
        return list(Unit.objects.filter(pk__in=unit_ids))


def signed_in_user(request):
    """The logged-in user, or None. Looks at the session only when a session cookie exists, so
    anonymous pages stay cookie-free and cacheable (touching the session adds Vary: Cookie)."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return None
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None
