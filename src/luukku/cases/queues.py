"""Reads for the back office: a unit's queue with its filters, and service-level figures per unit.
The pages and the staff API both use these (and cases.access for who sees what)."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q

from luukku.core import clock

from . import access
from .models import OPEN_STATUSES, Case, Status
from .sla import SOON_DAYS, add_working_days

DUE_FILTERS = ("overdue", "due_soon", "on_time", "none")


@dataclass
class QueueFilters:
    status: str = ""        # a Status value, or "open" (default), or "all"
    case_type: str = ""     # CaseType slug
    due: str = ""           # one of DUE_FILTERS
    assignee: str = ""      # "me", "none", or a user id
    q: str = ""             # case reference (whole or part) or the resident's name


def queue(user, municipality, unit, filters: QueueFilters, today: dt.date | None = None):
    """The cases of `unit` that `user` may read, filtered. Raises nothing: an unknown filter value
    simply matches nothing (the views validate and say so)."""
    today = today or clock.today()
    qs = access.readable_cases(user, municipality, Case.all_objects.filter(unit=unit))
    status = filters.status or "open"
    if status == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif status != "all":
        qs = qs.filter(status=status)
    if filters.case_type:
        qs = qs.filter(case_type__slug=filters.case_type)
    if filters.due == "overdue":
        qs = qs.filter(due_date__lt=today, paused_since__isnull=True)
    elif filters.due == "due_soon":
        qs = qs.filter(due_date__gte=today, due_date__lte=add_working_days(today, SOON_DAYS),
                       paused_since__isnull=True)
    elif filters.due == "on_time":
        qs = qs.filter(due_date__gt=add_working_days(today, SOON_DAYS))
    elif filters.due == "none":
        qs = qs.filter(due_date__isnull=True)
    if filters.assignee == "me":
        qs = qs.filter(assignee=user)
    elif filters.assignee == "none":
        qs = qs.filter(assignee__isnull=True)
    elif filters.assignee.isdigit():
        qs = qs.filter(assignee_id=int(filters.assignee))
    q = filters.q.strip()
    if q:
        words = q.split()
        name = Q()
        for word in words:
            name &= Q(subject__first_names__icontains=word) | Q(subject__last_name__icontains=word) | Q(
                applicant__first_names__icontains=word) | Q(applicant__last_name__icontains=word)
        qs = qs.filter(Q(reference__iexact=q) | Q(reference__icontains=q) | name)
    return (qs.select_related("case_type", "subject", "applicant", "assignee", "sub_status")
            .order_by("due_date", "submitted_at", "id"))


@dataclass
class UnitFigures:
    unit: object
    open: int = 0
    unassigned: int = 0
    waiting_for_resident: int = 0
    overdue: int = 0
    due_soon: int = 0
    decided_30d: int = 0
    decided_on_time_30d: int = 0

    @property
    def on_time_share(self):
        return None if not self.decided_30d else self.decided_on_time_30d / self.decided_30d
