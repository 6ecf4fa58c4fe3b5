"""Who on the staff may do what with feedback; the pages and the API ask here.

- handle: a feedback handler or case handler of the feedback's unit (or an administrator).
- read:   handle, or a manager of the unit.
- record: a service-point agent (or anyone who may handle some unit) writes down feedback given by
          phone or at the desk.
"""

from luukku.core import selectors as core_selectors
from luukku.core.models import Role

HANDLER_ROLES = (Role.CASE_HANDLER,)
READER_ROLES = (Role.CASE_HANDLER, Role.MANAGER)


def may_handle(user, feedback) -> bool:
    return core_selectors.has_role(user, feedback.municipality, HANDLER_ROLES, unit=feedback.unit_id)


def may_read(user, feedback) -> bool:
    return core_selectors.has_role(user, feedback.municipality, READER_ROLES, unit=feedback.unit_id)


def may_record(user, municipality) -> bool:
    return core_selectors.has_role(user, municipality, (Role.SERVICE_POINT_AGENT, *HANDLER_ROLES))


def readable_units(user, municipality):
    """Units whose feedback `user` may read (None: every unit)."""
    return core_selectors.units_for(user, municipality, READER_ROLES)
