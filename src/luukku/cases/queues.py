"""Reads for the back office: a unit's queue with its filters, and service-level figures per unit.
The pages and the staff API both use these (and cases.access for who sees what)."""

import datetime as dt
import statistics
from dataclasses import dataclass

from django.db.models import BooleanField, Count, ExpressionWrapper, Q, QuerySet
from django.db.models.functions import TruncDate

from luukku.catalogue.templatetags import portal
from luukku.core import clock
from luukku.core.compiled import compiled_query
from luukku.core import selectors as core_selectors
from luukku.core.models import Unit
from luukku.web.staff.pages import CappedPaginator

from . import access
from .models import OPEN_STATUSES, Case, Status
from .sla import SOON_DAYS, add_working_days, is_working_day, sla_state

DUE_FILTERS = ("overdue", "due_soon", "on_time", "none")
QUEUE_ORDER = ("due_date", "submitted_at", "id")  # the earliest target date first
# A decided case may since have been closed: both count as decided (decided_at is kept).
DECIDED_STATUSES = (Status.DECIDED, Status.CLOSED)


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
    # Three joins, not five: planning a wider join costs more than running it at millions of cases
    # (bench/RESULTS.md); the API adds the applicant and the sub-status itself.
    return qs.select_related("case_type", "subject", "assignee").order_by(*QUEUE_ORDER)


# --- a queue page -----------------------------------------------------------------------------

PER_PAGE = 50
# What a queue page shows of each case, as plain rows: fifty model instances with their joined rows, and
# the case type's names (JSON) read again for every row, cost more than the page (bench/RESULTS.md). The
# case type's name comes from the filter's list of case types, which the page reads anyway.
# The day of submission and whether the case is paused are what the page shows of two timestamps: read as
# a date and a yes/no, not as timestamps (the database driver makes each timestamp in Python, and fifty rows
# of two cost more than the rest of the rows; bench/RESULTS.md). The day is Helsinki's, as the clock's.
QUEUE_ROW_COLUMNS = ("id", "public_id", "reference", "status", "sub_status_id",
                     TruncDate("submitted_at", tzinfo=clock.HELSINKI), "review_late", "due_date",
                     ExpressionWrapper(Q(paused_since__isnull=False), output_field=BooleanField()), "case_type_id",
                     "subject__public_id",  # for the page's audit events
                     "subject__first_names", "subject__last_name",
                     "assignee__username", "assignee__first_name", "assignee__last_name")


def page_rows(qs):
    """`qs` (queue()'s cases, or a slice of them) as the rows a page shows."""
    return qs.values_list(*QUEUE_ROW_COLUMNS)


def _unit_cases(municipality_id: int, unit_id: int, statuses: tuple[str, ...]):
    qs = Case.all_objects.filter(municipality=municipality_id, unit=unit_id)
    return qs.filter(status__in=statuses) if statuses else qs


# The first page of a queue filtered by status alone (most requests: the open cases, or one status, or all),
# compiled once per shape (core.compiled); other filters and pages go through queue(). The unit is one the
# user may read (the view's readable_unit), and access.readable_cases narrows by unit only: the unit's
# cases are what queue() finds. `statuses` () is every status.
@compiled_query("cases.queue_first_page")
def _first_page(municipality_id: int, unit_id: int, statuses: tuple[str, ...]) -> QuerySet:
    return page_rows(_unit_cases(municipality_id, unit_id, statuses).order_by(*QUEUE_ORDER))[:PER_PAGE]


@compiled_query("cases.queue_ids")
def _ids(municipality_id: int, unit_id: int, statuses: tuple[str, ...]) -> QuerySet:
    """What CappedPaginator counts (at most its cap + 1), in no order: counting needs none."""
    return _unit_cases(municipality_id, unit_id, statuses).order_by().values_list("id")


OPEN = tuple(sorted(s.value for s in OPEN_STATUSES))


def first_page_by_status(municipality, unit, filters: QueueFilters):
    """(rows of the first page, the capped count) when `filters` name a status at most (None otherwise)."""
    if filters.case_type or filters.due or filters.assignee or filters.q.strip():
        return None
    status = filters.status or "open"
    statuses = OPEN if status == "open" else () if status == "all" else (status,)
    count = _ids.count(municipality.pk, unit.pk, statuses, at_most=CappedPaginator.cap + 1)
    return (_first_page(municipality.pk, unit.pk, statuses) if count else []), count


@dataclass
class QueueRow:
    """A case as one line of a queue page, its texts made here: formatting fifty rows in the
    template language costs more than reading them (bench/RESULTS.md)."""
    pk: int
    public_id: object
    reference: str
    subject_public_id: object
    url: str
    sla: str  # sla.sla_state, "" when the case is no longer open
    submitted: dt.date
    due: dt.date | None
    status: str
    handler: str
    case_type: str  # HTML: the name in the page's language, marked with its own when it fell back
    subject: str

    @property
    def submitted_text(self) -> str:
        return _day_text(self.submitted)

    @property
    def due_text(self) -> str:
        return _day_text(self.due) if self.due else ""


def _day_text(day: dt.date) -> str:
    return f"{day.day}.{day.month}.{day.year}"


def queue_rows(rows, url_for, case_types: dict, today: dt.date | None = None) -> list[QueueRow]:
    """`rows` of one queue page (page_rows()) as QueueRows; `url_for(public_id)` gives a case's staff
    page, `case_types` {case type id: its name (translations)}. Each status is named once a
    page; sub-statuses and the answers to decisions are read for the rows that have them (a query each)."""
    from django.utils.translation import gettext as _

    from .models import SubStatus
    from .selectors import answer_states

    today = today or clock.today()
    names, labels, type_names = dict(Status.choices), {}, {}
    made, more = [], []
    for (pk, public_id, reference, status, sub_status_id, submitted, review_late, due, paused, type_id,
         subject_public_id, first_names, last_name, username, first_name, handler_last_name) in rows:
        label = labels.get(status)
        if label is None:
            label = str(names.get(status, status))
            label = labels[status] = label[:1].upper() + label[1:]
        made.append(QueueRow(
            pk=pk, public_id=public_id, reference=reference, subject_public_id=subject_public_id,
            url=url_for(public_id), sla=_sla(status, due, paused, today), submitted=submitted, due=due, status=label,
            handler=(f"{first_name} {handler_last_name}".strip() or username) if username is not None else "",
            case_type=type_names.get(type_id) or type_names.setdefault(type_id, portal.tr(case_types.get(type_id))),
            subject=f"{first_names} {last_name}".strip()))
        more.append((sub_status_id, review_late, status in DECIDED_STATUSES))
    subs = SubStatus.all_objects.in_bulk({sub for sub, _late, _decided in more if sub})
    asked = answer_states([row for row, (_sub, _late, decided) in zip(made, more) if decided], today)
    said = {"answered": _("answered"), "waiting": _("waiting for the answer"),
            "deadline_passed": _("no answer, deadline passed")}
    for row, (sub_status_id, review_late, _decided) in zip(made, more):
        sub = subs.get(sub_status_id)
        if sub is not None:
            row.status = f"{row.status}: {sub}"
        for state in asked.get(row.pk, []):  # the resident's answer to a decision that asks for one
            said_now = said[state.state]
            if state.answer is not None:
                said_now = _("accepted") if state.answer.answer == "accept" else _("declined")
            row.status = f"{row.status} · {said_now}"
        if review_late:
            row.status = f"{row.status} · {_('late request for review')}"
    return made


@dataclass
class UnitFigures:
    unit: object
    open: int = 0
    unassigned: int = 0
    waiting_for_resident: int = 0
    overdue: int = 0
    due_soon: int = 0
    decided_30d: int = 0
    decided_with_target_30d: int = 0  # decided with a due date: the base of the on-time share
    decided_on_time_30d: int = 0
    median_days_30d: float | None = None  # working days from submission to decision

    @property
    def on_time_share(self):
        return None if not self.decided_with_target_30d else self.decided_on_time_30d / self.decided_with_target_30d


def readable_units(user, municipality) -> list:
    """The units whose cases `user` may read, in slug order."""
    units = core_selectors.units_for(user, municipality, access.READER_ROLES)
    if units is None:
        return list(Unit.all_objects.filter(municipality=municipality).order_by("slug"))
    return sorted(units, key=lambda u: u.slug)


def open_counts(municipality, units, today: dt.date | None = None) -> dict:
    """{unit id: {open, unassigned, waiting_for_resident, overdue, due_soon}}: one aggregate query
    over the open cases of `units` (the municipality+unit+status index)."""
    today = today or clock.today()
    soon = add_working_days(today, SOON_DAYS)
    running = Q(paused_since__isnull=True)
    rows = (Case.all_objects.filter(municipality=municipality, unit__in=[u.pk for u in units],
                                    status__in=OPEN_STATUSES)
            .values("unit_id")
            .annotate(open=Count("id"),
                      unassigned=Count("id", filter=Q(assignee__isnull=True)),
                      waiting_for_resident=Count("id", filter=Q(status=Status.WAITING_FOR_RESIDENT)),
                      overdue=Count("id", filter=running & Q(due_date__lt=today)),
                      due_soon=Count("id", filter=running & Q(due_date__gte=today, due_date__lte=soon))))
    return {row.pop("unit_id"): row for row in rows}


def _working_day_numbers(first: dt.date, last: dt.date) -> dict:
    """date → running count of working days from `first`: a difference of two is the number of
    working days between them (one pass instead of one loop per case)."""
    numbers, count, day = {}, 0, first
    while day <= last:
        if is_working_day(day):
            count += 1
        numbers[day] = count
        day += dt.timedelta(days=1)
    return numbers


def unit_figures(user, municipality, today: dt.date | None = None) -> list[UnitFigures]:
    """Service-level figures of every unit whose cases `user` may read: two queries whatever the
    number of cases (the open ones counted by the database, the last 30 days' decisions fetched
    as three columns for the on-time share and the median)."""
    today = today or clock.today()
    units = readable_units(user, municipality)
    figures = {u.pk: UnitFigures(unit=u) for u in units}
    for unit_id, counts in open_counts(municipality, units, today).items():
        for name, value in counts.items():
            setattr(figures[unit_id], name, value)
    since = dt.datetime.combine(today - dt.timedelta(days=30), dt.time.min, tzinfo=clock.HELSINKI)
    decided = list(Case.all_objects.filter(
        municipality=municipality, unit__in=list(figures), status__in=DECIDED_STATUSES, decided_at__gte=since,
    ).order_by().values_list("unit_id", TruncDate("submitted_at", tzinfo=clock.HELSINKI),
                             TruncDate("decided_at", tzinfo=clock.HELSINKI), "due_date"))
    if decided:
        numbers = _working_day_numbers(min(r[1] for r in decided), max(r[2] for r in decided))
        durations: dict[int, list[int]] = {}
        for unit_id, submitted, at, due in decided:
            f = figures[unit_id]
            f.decided_30d += 1
            if due is not None:
                f.decided_with_target_30d += 1
                f.decided_on_time_30d += at <= due
            durations.setdefault(unit_id, []).append(max(numbers[at] - numbers[submitted], 0))
        for unit_id, days in durations.items():
            figures[unit_id].median_days_30d = statistics.median(days)
    return list(figures.values())


# --- the staff case page ------------------------------------------------------------------------

@dataclass
class HistoryEntry:
    at: dt.datetime
    kind: str  # "status", "assignment", "transfer", "handover"
    item: object


def case_history(case, *, handovers: list | None = None) -> list[HistoryEntry]:
    """Everything that happened to the case, oldest first: status changes (with sub-statuses and
    reasons), assignments, transfers between units and hand-overs (`handovers`: when the caller has
    read them, with partner and by_user)."""
    from .models import Assignment, Handover, StatusChange, Transfer, case_rows
    from .selectors import case_sub_statuses

    subs = {s.code: str(s) for s in case_sub_statuses(case)}
    changes = case_rows(StatusChange, case, "by_user", "by_person", "on_behalf_of")
    for c in changes:  # labels for the page (sub-statuses are kept as codes, named when still known)
        c.from_label, c.to_label = _status_label(c.from_status), _status_label(c.to_status)
        c.from_sub_label = subs.get(c.from_sub_status, c.from_sub_status)
        c.to_sub_label = subs.get(c.to_sub_status, c.to_sub_status)
    entries = [HistoryEntry(c.at, "status", c) for c in changes]
    entries += [HistoryEntry(a.at, "assignment", a) for a in
                case_rows(Assignment, case, "assignee", "by_user")]
    entries += [HistoryEntry(t.at, "transfer", t) for t in
                case_rows(Transfer, case, "from_unit", "to_unit", "by_user")]
    if handovers is None:
        handovers = case_rows(Handover, case, "partner", "by_user")
    entries += [HistoryEntry(h.at, "handover", h) for h in handovers]
    order = {"status": 0, "assignment": 1, "transfer": 2, "handover": 3}
    return sorted(entries, key=lambda e: (e.at, order[e.kind], e.item.pk))


def _status_label(value: str):
    return Status(value).label if value in Status.values else value


def case_sla_state(case, today: dt.date | None = None) -> str:
    """sla.sla_state for an open case ("" once it is no longer open)."""
    return _sla(case.status, case.due_date, case.paused_since is not None, today or clock.today())


def _sla(status, due_date, paused: bool, today) -> str:
    if status not in OPEN_STATUSES:
        return ""
    return sla_state(due_date, today, paused=paused)
