"""Service-level figures per unit (the staff API's unit figures, and the dashboard's backlog that
replaced the figures page virkailija/tilastot/) and the queries behind them."""

import datetime as dt
import itertools

import pytest

from luukku.cases import queues
from luukku.cases.models import Case, Status
from luukku.core import clock

from ..insight.helpers import table as _table

from .staff_helpers import (  # noqa: F401 (fixtures)
    handler_named,
    manager,
    other_unit,
    other_unit_handler,
    staff_url,
)

TODAY = dt.datetime(2026, 3, 25, 12, 0)  # Wednesday
_refs = itertools.count(1)


def _at(day: dt.date, hour=10):
    return dt.datetime.combine(day, dt.time(hour), tzinfo=clock.HELSINKI)


def _case(unit, case_type, person, status, *, submitted=dt.date(2026, 3, 2), due=None, decided=None,
          assignee=None, paused=False):
    return Case.all_objects.create(
        municipality=unit.municipality, reference=f"ESI-2026-{next(_refs):06d}", case_type=case_type,
        applicant=person, subject=person, unit=unit, status=status, submitted_at=_at(submitted), due_date=due,
        decided_at=_at(decided, 14) if decided else None, assignee=assignee,
        paused_since=_at(dt.date(2026, 3, 10)) if paused else None)


@pytest.fixture
def cases(unit, other_unit, case_type, aino, handler_named):
    d = dt.date
    # Open cases of the unit: on time, overdue, due soon, paused (not overdue though past), no target.
    _case(unit, case_type, aino, Status.SUBMITTED, due=d(2026, 4, 10))
    _case(unit, case_type, aino, Status.IN_HANDLING, due=d(2026, 3, 20), assignee=handler_named)
    _case(unit, case_type, aino, Status.IN_HANDLING, due=d(2026, 3, 27))
    _case(unit, case_type, aino, Status.WAITING_FOR_RESIDENT, due=d(2026, 3, 20), assignee=handler_named,
          paused=True)
    _case(unit, case_type, aino, Status.SUBMITTED)
    # Decided in the last 30 days (working days from submission on Mon 2.3.): 2, 5, 14 (late), 1 (no target)
    # and 3 (since closed): on time 3 of the 4 with a target; median 3.
    due = d(2026, 3, 16)
    for decided, target in ((d(2026, 3, 4), due), (d(2026, 3, 9), due), (d(2026, 3, 20), due),
                            (d(2026, 3, 3), None)):
        _case(unit, case_type, aino, Status.DECIDED, due=target, decided=decided)
    _case(unit, case_type, aino, Status.CLOSED, due=due, decided=d(2026, 3, 5))
    _case(unit, case_type, aino, Status.CLOSED, due=due)  # closed without a decision
    _case(unit, case_type, aino, Status.DECIDED, submitted=d(2026, 1, 5), due=d(2026, 1, 19),
          decided=d(2026, 2, 10))  # too long ago
    _case(other_unit, case_type, aino, Status.SUBMITTED, due=d(2026, 3, 1))


def test_the_figures_page_now_leads_to_the_dashboard(client, municipality, handler_named):
    client.force_login(handler_named)
    page = client.get(staff_url(municipality, "tilastot/"))
    assert page.status_code == 301 and page["Location"] == staff_url(municipality, "tietojohtaminen/")
    # A case handler has no dashboard (managers and administrators do), and no menu link to it.
    assert client.get(page["Location"]).status_code == 403
    assert 'data-nav="insight"' not in client.get(staff_url(municipality, "asiat/")).content.decode()


def test_the_dashboard_shows_each_unit_s_open_and_overdue_cases(client, municipality, unit, other_unit, cases,
                                                                manager):
    """The backlog the figures page showed (open now, overdue: past the due date and not paused)."""
    client.force_login(manager)
    with clock.frozen_at(TODAY):
        html = client.get(staff_url(municipality, "tietojohtaminen/?view=processing")).content.decode()
    rows = {cells[0]: cells[1:] for cells in _table(html, "backlog")[1:]}
    assert rows == {"Yksikkö varhaiskasvatus": ["5", "1"], "Technical": ["1", "1"]}


def test_figures_take_a_fixed_number_of_queries(municipality, unit, other_unit, case_type, aino, manager,
                                                django_assert_max_num_queries):
    """Counted by the database (open cases) and fetched for the last 30 days only: more cases, same queries."""
    for n in range(30):
        _case(unit if n % 2 else other_unit, case_type, aino, Status.DECIDED, due=dt.date(2026, 3, 16),
              decided=dt.date(2026, 3, 4) + dt.timedelta(days=n % 10))
        _case(unit, case_type, aino, Status.IN_HANDLING, due=dt.date(2026, 3, 20))
    with clock.frozen_at(TODAY), django_assert_max_num_queries(4):
        figures = {f.unit.pk: f for f in queues.unit_figures(manager, municipality)}
    assert figures[unit.pk].open == 30 and figures[unit.pk].overdue == 30
    assert figures[unit.pk].decided_30d == 15 and figures[other_unit.pk].decided_30d == 15
    assert figures[unit.pk].on_time_share == pytest.approx(
        sum(1 for n in range(1, 30, 2) if (4 + n % 10) <= 16) / 15)
