"""Who on the staff may do what with a case. The pages and the staff API both ask here.

- handle: a case handler of the case's unit (or an administrator): every action, full content.
- read:   handle, or a manager of the unit: full content, no actions.
- summary: read, or a service-point agent of the municipality: reference, type, status, unit and
  dates, so the front office can tell a resident where their case is, but not its contents.
"""

from luukku.core import selectors as core_selectors
from luukku.core.models import Role

HANDLER_ROLES = (Role.CASE_HANDLER,)
READER_ROLES = (Role.CASE_HANDLER, Role.MANAGER)
SUMMARY_ROLES = (Role.CASE_HANDLER, Role.MANAGER, Role.SERVICE_POINT_AGENT)


def may_handle(user, case) -> bool:
    return core_selectors.has_role(user, case.municipality, HANDLER_ROLES, unit=case.unit_id)


def may_read(user, case) -> bool:
    return core_selectors.has_role(user, case.municipality, READER_ROLES, unit=case.unit_id)


def may_see_summary(user, case) -> bool:
    return may_read(user, case) or core_selectors.has_role(user, case.municipality, (Role.SERVICE_POINT_AGENT,))


def may_serve_residents(user, municipality) -> bool:
    """The front office: find residents, log contacts, start cases for them."""
    return core_selectors.has_role(user, municipality, (Role.SERVICE_POINT_AGENT,))


def readable_cases(user, municipality, qs):
    """`qs` narrowed to the cases whose contents `user` may read."""
    units = core_selectors.units_for(user, municipality, READER_ROLES)
    if units is None:
        return qs.filter(municipality=municipality)
    return qs.filter(municipality=municipality, unit__in=units)


def handled_units(user, municipality):
    """Units whose queues `user` works (None: every unit)."""
    return core_selectors.units_for(user, municipality, HANDLER_ROLES)
