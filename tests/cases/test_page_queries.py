"""My cases, the resident's case page and the unit queue (issue 15): their SQL queries do not grow with
the rows shown, stay within a budget, and the narrowed reads render the same HTML as full rows do.
Budgets are the counts of today on SQLite with nothing cached; a new query on a page fails here."""

import re

import pytest
from django.db import connection
from django.db.models import QuerySet
from django.test.utils import CaptureQueriesContext

from luukku.cases import services
from luukku.core import compiled

from .staff_helpers import staff_url

MY_CASES_BUDGET = 12
CASE_PAGE_BUDGET = 16
QUEUE_BUDGET = 10


def queries(client, path) -> int:
    client.get(path)  # the first request of a login also records it
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured.captured_queries)


def page(client, path) -> str:
    """The page without what differs on every request (the CSRF token, the session's end)."""
    html = client.get(path).content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
    return re.sub(r'<div class="container session-status".*?</div>', "", html, flags=re.S)


def varied_case(make_case, aino, child, handler, n):
    """Cases of both people, some asking for information, some decided: each row's reads differ."""
    case = make_case(aino, child if n % 2 else None)
    if n % 3 == 1:
        services.request_information(case, handler, "Tarvitaan liite.")
    elif n % 3 == 2:
        services.decide(case, handler, "Päätös", "Myönnetty.")
    return case


def test_my_cases_costs_the_same_queries_for_one_case_as_for_ten(client, aino, child, make_case, handler,
                                                                 django_assert_max_num_queries):
    client.force_login(aino.user)
    varied_case(make_case, aino, child, handler, 2)  # decided: the decisions are read
    one = queries(client, "/esimerkki/fi/omat-asiat/")
    assert one <= MY_CASES_BUDGET
    for n in (0, 1, 3, 4, 5, 6, 7, 8, 9):
        varied_case(make_case, aino, child, handler, n)
    with django_assert_max_num_queries(one):
        html = client.get("/esimerkki/fi/omat-asiat/").content.decode()
    assert html.count('class="card my-item') == 10


def test_my_cases_renders_the_same_from_the_narrowed_reads_as_from_whole_rows(client, aino, child, make_case,
                                                                            handler, monkeypatch):
    client.force_login(aino.user)
    for n in range(6):
        varied_case(make_case, aino, child, handler, n)
    for lang in ("fi", "sv", "en"):
        narrowed = page(client, f"/esimerkki/{lang}/omat-asiat/")
        with monkeypatch.context() as m:
            m.setattr(QuerySet, "only", lambda self, *fields: self)  # every column, as before issue 15
            compiled.forget()  # the kept queries were compiled with only()
            whole = page(client, f"/esimerkki/{lang}/omat-asiat/")
            compiled.forget()
        assert narrowed == whole


def test_the_case_page_costs_the_same_queries_however_long_its_history(client, aino, make_case, handler,
                                                                       django_assert_max_num_queries):
    client.force_login(aino.user)
    case = make_case(aino)
    path = f"/esimerkki/fi/omat-asiat/{case.public_id}/"
    one = queries(client, path)
    assert one <= CASE_PAGE_BUDGET
    for _ in range(5):
        services.request_information(case, handler, "Tarvitaan liite.")
    services.decide(case, handler, "Päätös", "Myönnetty.")
    with django_assert_max_num_queries(one + 2):  # + the decision's reviews and answers
        client.get(path)


def test_the_unit_queue_costs_the_same_queries_for_one_case_as_for_ten(client, municipality, unit, aino, child,
                                                                       make_case, handler,
                                                                       django_assert_max_num_queries):
    client.force_login(handler)
    make_case(aino)
    path = staff_url(municipality, f"jono/{unit.public_id}/")
    one = queries(client, path)
    assert one <= QUEUE_BUDGET
    for n in range(9):
        make_case(aino, child if n % 2 else None)
    with django_assert_max_num_queries(one):
        client.get(path)
