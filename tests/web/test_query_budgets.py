"""Query budgets of the hot pages (issue 15, point 3): each test fails when its page runs more SQL
queries than its budget, and a page with a list is measured with 1 and with 10 items under the same
budget, so a query per item fails it too. No timings: bench/bench_instructions.py measures the cost.

A budget is the page's count on main after issue 15's work (SQLite and PostgreSQL count the same).
The page is requested once to fill per-process state, then the shared cache is emptied (the page
cache is off), so the counted request renders the page: BUDGET bounds a miss. The same request once
more, with the shared cache as that request left it, must stay within WARM_BUDGET: what a signed-in
person reads on every page (the people they act for, their ended mandates) comes from the cache."""

import datetime as dt

import pytest
from django.core.cache import cache

from luukku.cases import services as case_services
from luukku.feedback import services as feedback_services
from luukku.feedback.models import Status
from luukku.proactive import services as proactive_services

from ..cases.conftest import aino, case_type, definition, handler, make_case, make_draft, unit  # noqa: F401
from ..factories import ServiceFactory
from ..feedback.conftest import (  # noqa: F401
    bordered,
    customer_service,
    general,
    north_streets,
    rules,
    street_fault,
    streets,
    streets_handler,
)
from ..feedback.open311_helpers import make_public
from ..feedback.staff_helpers import submit_fault
from ..proactive.conftest import SOUTH_HOME, change_type, family, frozen_today, places, rule  # noqa: F401
from ..proactive.test_staff import manager  # noqa: F401

pytestmark = pytest.mark.django_db
FI = "/esimerkki/fi/"
ITEMS = pytest.mark.parametrize("items", [1, 10])

# {page: the most SQL queries one request may run}
BUDGET = {
    "front_anonymous": 5,
    "front_resident": 14,
    "service": 5,
    "search": 7,
    "my_cases": 10,
    "case_resident": 16,
    "case_staff": 24,
    "queue": 10,
    "feedback_queue": 9,
    "campaign": 9,
    "open311": 2,
}
# Signed-in pages read the acted-for list and the ended mandates from the cache; the Open311 list is
# cached whole (its vocabulary read goes). Pages not named here: their BUDGET.
WARM_BUDGET = {"front_resident": 12, "my_cases": 8, "case_resident": 15, "open311": 1}


@pytest.fixture(autouse=True)
def _render_every_time(settings):
    settings.LUUKKU_PAGE_CACHE_SECONDS = 0


@pytest.fixture
def education(unit):  # the campaign's unit and the cases' unit are one (the same slug)
    return unit


@pytest.fixture
def within_budget(client, django_assert_max_num_queries):
    def check(page: str, url: str, *, contains: str = "") -> str:
        assert client.get(url).status_code == 200
        cache.clear()
        with django_assert_max_num_queries(BUDGET[page]):
            response = client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        assert contains in html  # the items are on the page: an empty list would prove nothing
        with django_assert_max_num_queries(WARM_BUDGET.get(page, BUDGET[page])):
            assert client.get(url).status_code == 200
        return html
    yield check
    cache.clear()


def test_front_page_anonymous(within_budget, municipality):
    ServiceFactory(municipality=municipality)
    within_budget("front_anonymous", FI)


@ITEMS
def test_front_page_of_a_resident_with_cases(client, within_budget, aino, make_case, items):
    for _ in range(items):
        make_case(aino)
    client.force_login(aino.user)
    within_budget("front_resident", FI, contains='data-list="in-progress"')  # a few of them, then a link


def test_service_page(within_budget, municipality):
    service = ServiceFactory(municipality=municipality, slug="varhaiskasvatus")
    within_budget("service", f"{FI}palvelut/{service.slug}/", contains="Palvelu varhaiskasvatus")


@ITEMS
def test_search_results(within_budget, municipality, items):
    for n in range(items):
        ServiceFactory(municipality=municipality, slug=f"uimahalli-{n}", name={"fi": f"Uimahalli {n}"})
    within_budget("search", f"{FI}haku/?q=uimahalli", contains=f"Uimahalli {items - 1}")


@ITEMS
def test_my_cases(client, within_budget, aino, make_case, items):
    cases = [make_case(aino) for _ in range(items)]
    client.force_login(aino.user)
    within_budget("my_cases", f"{FI}omat-asiat/", contains=cases[-1].reference)


@pytest.fixture
def talked_over(aino, make_case, handler):
    """A case with `items` messages from the handler, as a function."""
    def make(items):
        case = make_case(aino)
        for n in range(items):
            case_services.send_message(case, by_user=handler, body=f"Viesti numero {n}.")
        return case
    return make


@ITEMS
def test_case_page_of_the_resident(client, within_budget, aino, talked_over, items):
    case = talked_over(items)
    client.force_login(aino.user)
    within_budget("case_resident", f"{FI}omat-asiat/{case.public_id}/", contains=f"Viesti numero {items - 1}.")


@ITEMS
def test_case_page_of_the_handler(client, within_budget, handler, talked_over, items):
    case = talked_over(items)
    client.force_login(handler)
    within_budget("case_staff", f"{FI}virkailija/asiat/{case.public_id}/", contains=f"Viesti numero {items - 1}.")


@ITEMS
def test_unit_queue(client, within_budget, aino, make_case, handler, unit, items):
    cases = [make_case(aino) for _ in range(items)]
    client.force_login(handler)
    within_budget("queue", f"{FI}virkailija/jono/{unit.public_id}/", contains=cases[-1].reference)


@pytest.mark.parametrize("items", [1, 10])
def test_feedback_queue(client, within_budget, bordered, rules, street_fault, streets, streets_handler, items):
    faults = [submit_fault(bordered, street_fault) for _ in range(items)]
    client.force_login(streets_handler)
    within_budget("feedback_queue", f"{FI}virkailija/palaute/jono/{streets.public_id}/",
                  contains=faults[-1].reference)


@ITEMS
def test_campaign_page(client, within_budget, municipality, rule, places, manager, items):
    for n in range(items):
        family(municipality, f"Perhe{n}", SOUTH_HOME)
    campaign = proactive_services.create_campaign(rule=rule, year=2027, deadline=dt.date(2027, 2, 15))
    proactive_services.run(campaign)
    client.force_login(manager)
    within_budget("campaign", f"{FI}virkailija/ennakoivat/kampanjat/{campaign.public_id}/", contains=campaign.name)


@ITEMS
def test_open311_request_list(within_budget, bordered, rules, general, items):
    listed = [feedback_services.submit(municipality=bordered, category=general, kind="praise",
                                       description=f"Kiitos puistosta {n}.") for n in range(items)]
    for feedback in listed:
        make_public(feedback, status=Status.PROCESSED)
    within_budget("open311", f"/api/v1/{bordered.slug}/open311/v2/requests.json", contains=listed[-1].reference)
