"""A unit's queue page read the quick way (issue 15): the first page by status from queries compiled once
per shape, as plain rows, its table rows made in Python. What a handler sees must not change: the same
page as through the ORM, for every status filter and with the count capped; the same rows as the
template language wrote them."""

import datetime as dt
import re
import uuid

import pytest
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.db import connection
from django.utils.safestring import mark_safe

from luukku.cases import queues, services
from luukku.cases.models import Case, Decision, Status, SubStatus
from luukku.core import clock
from luukku.web.staff.pages import CappedPaginator

from .staff_helpers import handler_named, staff_url  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

# cases/staff/queue.html's rows as the template language wrote them, before queue_table_rows.
ROWS_BEFORE = """{% load case_tags %}{% for row in rows %}{% with state=row.sla %}
  <tr{% if state %} class="row-{{ state }}"{% endif %}>
    <th scope="row"><a href="{{ row.url }}">{{ row.reference }}</a></th>
    <td data-label="{{ l_type }}">{{ row.case_type }}</td>
    <td data-label="{{ l_whom }}">{{ row.subject }}</td>
    <td data-label="{{ l_submitted }}"><time datetime="{{ row.submitted.isoformat }}">{{ row.submitted_text }}</time></td>
    <td data-label="{{ l_target }}">{% if row.due %}<time datetime="{{ row.due.isoformat }}">{{ row.due_text }}</time> {{ state|sla_badge }}{% else %}{{ l_no_target }}{% endif %}</td>
    <td data-label="{{ l_status }}">{{ row.status }}</td>
    <td data-label="{{ l_handler }}">{% if row.handler %}{{ row.handler }}{% else %}<em>{{ l_unassigned }}</em>{% endif %}</td>
  </tr>{% endwith %}{% endfor %}"""
ROWS_NOW = ("{% load case_tags %}{% queue_table_rows rows l_type l_whom l_submitted l_target l_status l_handler "
            "l_no_target l_unassigned %}")
LABELS = {"l_type": "Case type", "l_whom": "Whom <it> concerns", "l_submitted": "Submitted", "l_target": "Target & date",
          "l_status": "Status", "l_handler": "Handler", "l_no_target": "No target date", "l_unassigned": "Unassigned"}


def row(n, **fields):
    values = {"pk": n, "public_id": uuid.UUID(int=n), "reference": f"ESI-2026-{n:06d}", "subject_public_id": uuid.uuid4(),
              "url": f"/esimerkki/en/virkailija/asiat/{uuid.UUID(int=n)}/?a=1&b=2", "sla": "",
              "submitted": dt.date(2026, 1, n), "due": None, "status": "In handling", "handler": "",
              "case_type": mark_safe('<span lang="fi">Hakemus</span>'), "subject": "Aino Asukas"}
    return queues.QueueRow(**{**values, **fields})


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_the_rows_are_what_the_template_language_wrote(lang):
    from django.utils.translation import override

    rows = [row(1), row(2, sla="overdue", due=dt.date(2026, 2, 1), handler="Kaisa <Käsittelijä>"),
            row(3, sla="due_soon", due=dt.date(2026, 3, 10), subject="O'Brien & \"Sons\"", status="Decided · accepted"),
            row(4, sla="paused", due=dt.date(2026, 12, 31), case_type="Plain & simple"),
            row(5, sla="on_time", due=dt.date(2027, 1, 2)), row(6, due=dt.date(2026, 1, 9))]
    with override(lang):
        context = {"rows": rows, **LABELS}
        assert Template(ROWS_NOW).render(Context(context)) == Template(ROWS_BEFORE).render(Context(context))


@pytest.fixture
def queue_of_every_kind(municipality, unit, aino, child, bertil, make_case, handler_named):
    """Open, waiting, decided (one asking for an answer), closed and withdrawn cases, some with a
    sub-status, a handler or a late request for review, due on different days."""
    sub = SubStatus.all_objects.create(municipality=municipality, case_type=make_case(aino).case_type,
                                       status=Status.IN_HANDLING, code="sijoitus",
                                       name={"fi": "Sijoitus suunnitteilla", "en": "Placement planned"})
    today = clock.today()
    for n in range(14):
        case = make_case(aino, child if n % 2 else None) if n % 3 else make_case(bertil)
        if n % 7 in (1, 2, 3, 4):
            services.claim(case, handler_named)
        if n % 7 == 2:
            Case.all_objects.filter(pk=case.pk).update(sub_status=sub, review_late=True)
        elif n % 7 == 3:
            services.request_information(case, handler_named, "Tarvitaan liite.")
        elif n % 7 == 4:
            decision = services.decide(case, handler_named, "Päätös", "Myönnetty.")
            if n % 2:
                Decision.all_objects.filter(pk=decision.pk).update(answer_due=today + dt.timedelta(days=n))
        elif n % 7 == 5:
            Case.all_objects.filter(pk=case.pk).update(status=Status.CLOSED)
        elif n % 7 == 6:
            Case.all_objects.filter(pk=case.pk).update(status=Status.WITHDRAWN)
        Case.all_objects.filter(pk=case.pk).update(due_date=today + dt.timedelta(days=n - 6) if n % 5 else None)


def html_of(client, url, params) -> str:
    html = client.get(url, params).content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
    return re.sub(r'<div class="container session-status".*?</div>', "", html, flags=re.S)


@pytest.mark.parametrize("params", [{}, {"status": "all"}, {"status": "open"}, {"status": Status.DECIDED},
                                   {"status": Status.IN_HANDLING}, {"status": "all", "page": "1"},
                                   {"status": Status.CLOSED, "page": ""}])
def test_the_first_page_by_status_is_the_page_the_orm_reads(client, municipality, unit, queue_of_every_kind,
                                                           handler_named, monkeypatch, params):
    client.force_login(handler_named)
    url = staff_url(municipality, f"jono/{unit.public_id}/")
    client.get(url)
    quick = html_of(client, url, params)
    with monkeypatch.context() as m:
        m.setattr(queues, "first_page_by_status", lambda *args: None)  # every page through queue()
        assert html_of(client, url, params) == quick
    assert quick.count('<th scope="row">') == len(re.findall(r'<tr[ >]', quick)) - 1  # the head's row apart
    if params.get("status") == "all":
        assert quick.count('<th scope="row">') == 15


def test_a_first_page_past_the_cap_says_so_as_the_paginator_did(client, municipality, unit, queue_of_every_kind,
                                                                handler_named, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "cap", 4)
    client.force_login(handler_named)
    url = staff_url(municipality, f"jono/{unit.public_id}/")
    quick = html_of(client, url, {"status": "all"})
    assert "More than 4 cases" in quick and "Page 1 of 1" not in quick
    monkeypatch.setattr(queues, "first_page_by_status", lambda *args: None)
    assert html_of(client, url, {"status": "all"}) == quick


def test_an_empty_queue_reads_no_rows(client, municipality, unit, handler_named):
    client.force_login(handler_named)
    url = staff_url(municipality, f"jono/{unit.public_id}/")
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        html = client.get(url).content.decode()
    assert html.count('<select name="') == 4 and "<table" not in html
    assert not [q for q in captured.captured_queries if "audit" in q["sql"] or "LIMIT 50" in q["sql"]]
