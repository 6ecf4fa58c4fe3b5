"""Who needs a second factor, and whose may be reset by whom."""

from luukku.core import selectors as core_selectors
from luukku.core.models import Role

from .models import SecondFactor

# The one list that decides: every staff role sees personal data and needs the second factor,
# except these. A role added later (data protection officer…) is covered without a change here.
EXEMPT_ROLES = frozenset({Role.CATALOGUE_EDITOR})


def requires_second_factor(user) -> bool:
    """Superusers, and anyone holding an active staff role outside EXEMPT_ROLES in any municipality."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    return any(m.role not in EXEMPT_ROLES for m in core_selectors.memberships_of(user))


def factor_of(user) -> SecondFactor | None:
    return SecondFactor.objects.filter(user=user).first()


def is_enrolled(user) -> bool:
    return SecondFactor.objects.filter(user=user, confirmed_at__isnull=False).exists()


def may_reset(actor, target) -> bool:
    """A superuser may reset anyone's; an administrator only a non-superuser's whose every
    municipality they administer (after a reset the password alone enrols a new phone)."""
    if not getattr(actor, "is_authenticated", False):
        return False
    if actor.is_superuser:
        return True
    if target.is_superuser or target == actor:
        return False
    municipalities = {m.municipality_id for m in core_selectors.memberships_of(target)}
    return bool(municipalities) and all(
        core_selectors.has_role(actor, m, (Role.ADMINISTRATOR,)) for m in municipalities)
