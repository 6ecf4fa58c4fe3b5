"""The data-protection officer's audit search: who may use it, the query, and the trace it leaves.

Only the role `data_protection_officer` (and a superuser) may search; an administrator may not,
unlike elsewhere (core.selectors.has_role lets administrators in everywhere). Every search and
export is itself an audit event about the person searched for (or about no one), so a resident
sees in "who has handled my data" that the log of their data was searched.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q

from luukku.core import selectors as core_selectors
from luukku.core.models import AuditEvent, Role
from luukku.core.services import record_audit
from luukku.people.models import Person

PURPOSE = "data-protection supervision"
NO_ONE = "00000000-0000-0000-0000-000000000000"  # the subject of a search that named no person


def is_dpo(user, municipality) -> bool:
    if not getattr(user, "is_authenticated", False) or municipality is None:
        return False
    if user.is_superuser:
        return True
    return any(m.role == Role.DATA_PROTECTION_OFFICER for m in core_selectors.memberships_of(user, municipality))


def dpo_unit(user, municipality):
    for m in core_selectors.memberships_of(user, municipality):
        if m.role == Role.DATA_PROTECTION_OFFICER:
            return m.unit
    return None


def search(municipality, criteria: dict):
    """Audit events of this municipality matching the criteria (all optional), newest first.
    criteria: person (public id), staff_user (user id), unit (public id), action, date_from, date_to."""
    qs = AuditEvent.all_objects.filter(municipality=municipality)
    if criteria.get("person"):
        qs = qs.filter(subject_id=criteria["person"])
    if criteria.get("staff_user"):
        qs = qs.filter(actor_id=criteria["staff_user"])
    if criteria.get("unit"):
        qs = qs.filter(unit__public_id=criteria["unit"])
    if criteria.get("action"):
        qs = qs.filter(Q(action=criteria["action"]) | Q(action__startswith=criteria["action"] + "."))
    if criteria.get("date_from"):
        qs = qs.filter(at__date__gte=criteria["date_from"])
    if criteria.get("date_to"):
        qs = qs.filter(at__date__lte=criteria["date_to"])
    return qs.select_related("actor", "unit").order_by("-at", "-id")


def people_named(municipality, events) -> dict:
    """{public id: Person} of the subjects of these events (one query)."""
    ids = {e.subject_id for e in events}
    return {p.public_id: p for p in Person.all_objects.filter(municipality=municipality, public_id__in=ids)}


def staff_user_by_username(username: str):
    return get_user_model().objects.filter(username__iexact=username.strip()).first()


def record_search(*, municipality, user, criteria: dict, export: bool = False, found: int = 0) -> None:
    """The DPO's own search leaves a trace: about the person searched for, else about no one."""
    described = ", ".join(f"{k}={v}" for k, v in sorted(criteria.items()) if v and k != "person")
    record_audit(municipality=municipality, actor=user, subject_id=criteria.get("person") or NO_ONE,
                 action="privacy.audit_export" if export else "privacy.audit_search",
                 purpose=PURPOSE, object_type="core.auditevent",
                 object_id=(described or "all")[:64], role=Role.DATA_PROTECTION_OFFICER,
                 unit=dpo_unit(user, municipality))
