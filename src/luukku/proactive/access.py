"""Who on the staff may see and run a proactive rule's campaigns; the staff pages ask here.

A rule belongs to the units that carry it out: the unit of its change-request case type (whose
queue gets the change requests) and the units of its placement units. A member of one of those
units (or a membership without a unit, or an administrator) may

- read:  see the rule's campaigns, their dry runs, figures and follow-up lists (case handlers and
         managers);
- run:   create a campaign and start its run (managers: a run writes to a whole age cohort).

Other staff of the municipality do not learn that the rule exists (404); staff of another
municipality and residents never pass the page gate (403).
"""

from django.db.models import Q

from luukku.core import selectors as core_selectors
from luukku.core.models import Role

from .models import PlacementUnit, Rule

READER_ROLES = (Role.CASE_HANDLER, Role.MANAGER)
RUNNER_ROLES = (Role.MANAGER,)


def rule_unit_ids(rule) -> set[int]:
    """The units a rule belongs to."""
    ids = set(PlacementUnit.all_objects.filter(rule=rule).values_list("unit_id", flat=True))
    if rule.change_case_type_id:
        ids.add(rule.change_case_type.unit_id)
    return {i for i in ids if i}


def _may(user, rule, roles) -> bool:
    units = core_selectors.units_for(user, rule.municipality, roles)
    if units is None:  # every unit (an administrator, a superuser, a membership without a unit)
        return core_selectors.has_role(user, rule.municipality, roles)
    return bool({u.pk for u in units} & rule_unit_ids(rule))


def may_read(user, rule) -> bool:
    return _may(user, rule, READER_ROLES)


def may_run(user, rule) -> bool:
    return _may(user, rule, RUNNER_ROLES)


def readable_rules(user, municipality):
    """The municipality's rules whose campaigns `user` may see."""
    qs = Rule.all_objects.filter(municipality=municipality)
    units = core_selectors.units_for(user, municipality, READER_ROLES)
    if units is None:
        return qs if core_selectors.has_role(user, municipality, READER_ROLES) else qs.none()
    ids = [u.pk for u in units]
    return qs.filter(Q(change_case_type__unit__in=ids) | Q(placement_units__unit__in=ids)).distinct()


def role_of(user, municipality) -> str:
    """The role a user reads a campaign's personal data in, for the audit trail (as on every staff page)."""
    from luukku.web.staff.pages import reading_role

    return reading_role(user, municipality, handles=True)
