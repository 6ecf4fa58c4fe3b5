"""The managers' dashboard: the figures equal what was written, the filters, who may see what, the
words for bad input, the old figures page's address."""

import datetime as dt
import re

import pytest

from luukku.core import clock
from luukku.core.models import Role
from luukku.insight import report, selectors, services

from ..factories import MembershipFactory, ServiceFactory, UserFactory
from .conftest import at, event
from .helpers import dashboard_url, table

pytestmark = pytest.mark.django_db
TODAY = dt.datetime(2026, 4, 15, 12, 0)
MARCH = "start=1.3.2026&end=31.3.2026"


def _get(client, user, municipality, query=MARCH, **kwargs):
    client.force_login(user)
    with clock.frozen_at(TODAY):
        return client.get(dashboard_url(municipality, query, **kwargs))


@pytest.fixture
def march(municipality, make_case):
    """Three cases submitted online and one by phone in March; two decided."""
    cases = [make_case(day=dt.date(2026, 3, d), channel=c, due=dt.date(2026, 3, 20))
             for d, c in ((2, "online"), (3, "online"), (4, "online"), (5, "phone"))]
    for case, decided in ((cases[0], dt.date(2026, 3, 6)), (cases[1], dt.date(2026, 3, 30))):
        event(municipality, "case.status_changed", case, when=at(decided), data={"from": "in_handling", "to": "decided"})
    services.refresh()
    return cases


def test_digital_share_is_what_was_written(client, municipality, manager, march):
    page = _get(client, manager, municipality)
    assert page.status_code == 200
    rows = table(page.content.decode(), "channels")
    assert rows[0] == ["Month", "Online (self-service)", "Phone", "Total", "Digital share (%)"]
    assert rows[1] == ["3/2026", "3", "1", "4", "75 %"]
    html = page.content.decode()
    assert "The digital share was 75 % in 3/2026 and 75 % in 3/2026." in html
    assert '<svg class="chart"' in html and "<title id=\"channels-title\">" in html


def test_demand_processing_times_and_backlog(client, municipality, manager, march, unit):
    html = _get(client, manager, municipality).content.decode()
    assert table(html, "demand-service")[1:] == [["Day care", "4"]]
    assert table(html, "demand-sector")[1:] == [["Education", "4"]]
    assert table(html, "demand-life-event")[1:] == [["A child", "4"]]
    html = _get(client, manager, municipality, f"{MARCH}&view=processing").content.decode()
    # Decided in 4 and 28 days; one of two by the due date (20.3.). Buckets: ≤5 days and ≤30 days.
    assert table(html, "processing")[1:] == [["Day care", "2", "about 5", "about 30", "10", "50 %"]]
    # Open now: all four cases (the events changed no case rows); overdue: past 20.3. on 15.4.
    assert table(html, "backlog")[1:] == [["Early education", "4", "4"]]


def test_satisfaction_themes_and_campaigns(client, municipality, manager, unit, service, person):
    from luukku.feedback.models import Category

    Category.all_objects.create(municipality=municipality, code="katu", name={"fi": "Kadut", "en": "Streets"})
    for n, rating in enumerate((5, 4, 4, 2)):
        event(municipality, "feedback.received", object_type="feedback.feedback", object_id=f"x{n}",
              when=at(dt.date(2026, 3, 3)), data={"category": "katu", "channel": "online"})
        event(municipality, "feedback.rated", object_type="feedback.feedback", object_id=f"x{n}",
              when=at(dt.date(2026, 3, 9)), data={"rating": rating})
    for n in range(3):
        event(municipality, "proactive.offer_made", object_type="proactive.offer", object_id=f"o{n}",
              when=at(dt.date(2026, 3, 2)), data={"rule": "esikoulu"})
    event(municipality, "proactive.offer_accept", object_type="proactive.offer", object_id="o0",
          when=at(dt.date(2026, 3, 5)), data={"rule": "esikoulu"})
    event(municipality, "proactive.offer.status_changed", object_type="proactive.offer", object_id="o1",
          when=at(dt.date(2026, 3, 25)), data={"from": "offered", "to": "no_answer", "rule": "esikoulu"})
    services.refresh()
    html = _get(client, manager, municipality, f"{MARCH}&view=feedback").content.decode()
    assert table(html, "satisfaction")[1:] == [["5", "1"], ["4", "2"], ["3", "0"], ["2", "1"], ["1", "0"]]
    assert "The mean rating was 3.8 of 5, from 4 ratings." in html
    assert table(html, "themes")[1:] == [["Streets", "4"]]
    html = _get(client, manager, municipality, f"{MARCH}&view=campaigns").content.decode()
    assert table(html, "campaigns")[1:] == [["esikoulu", "3", "1", "0", "0", "1", "33.3 %"]]


def test_filters_by_period_unit_and_service(client, municipality, manager, march, make_case, other_unit,
                                            case_type):
    make_case(day=dt.date(2026, 2, 10), channel="phone")
    other_service = ServiceFactory(municipality=municipality, slug="kirjasto", name={"fi": "Kirjasto", "en": "Library"})
    case_type.service = other_service
    case_type.unit = other_unit
    case_type.save()
    make_case(day=dt.date(2026, 3, 10), channel="phone", unit=other_unit)
    services.refresh()
    html = _get(client, manager, municipality).content.decode()
    assert table(html, "demand-service")[1:] == [["Day care", "4"], ["Library", "1"]]
    html = _get(client, manager, municipality, f"{MARCH}&unit={other_unit.public_id}").content.decode()
    assert table(html, "demand-service")[1:] == [["Library", "1"]]
    html = _get(client, manager, municipality, f"{MARCH}&service=paivahoito").content.decode()
    assert table(html, "demand-service")[1:] == [["Day care", "4"]]
    html = _get(client, manager, municipality, "start=2026-02-01&end=2026-02-28").content.decode()
    assert table(html, "channels")[1:] == [["2/2026", "1", "1", "0 %"]]
    html = _get(client, manager, municipality, "preset=last_year").content.decode()
    assert "There is no data for this period" in html and "Period 1.1.2025–31.12.2025." in html


def test_bad_input_is_answered_in_words_and_kept(client, municipality, manager, march):
    page = _get(client, manager, municipality, "start=31.3.2026&end=1.3.2026")
    html = page.content.decode()
    assert page.status_code == 400
    assert "The end date is before the start date: give an end on or after 31.3.2026." in html
    assert 'value="1.3.2026"' in html and 'value="31.3.2026"' in html
    page = _get(client, manager, municipality, "start=eilen&end=2026-13-45&unit=nope&preset=%00x")
    html = page.content.decode()
    assert page.status_code == 400
    assert "Give the date as dd.mm.yyyy (e.g. 31.12.2026) or yyyy-mm-dd." in html
    assert "Unknown unit: choose one from the list." in html
    assert 'value="eilen"' in html
    # The exports answer the same way, never a 500.
    client.force_login(manager)
    with clock.frozen_at(TODAY):
        assert client.get(dashboard_url(municipality, "start=x", path="raportti.xlsx")).status_code == 400


def test_a_huge_range_is_cut_to_five_years_with_a_message(client, municipality, manager, march):
    page = _get(client, manager, municipality, "start=1.1.1900&end=31.3.2026")
    assert page.status_code == 200
    assert "The period was longer than five years: the last five years are shown." in page.content.decode()


def test_another_municipality_s_facts_are_never_shown(client, municipality, other_municipality, manager, march):
    event(other_municipality, "case.submitted", object_type="cases.case", object_id="y", when=at(dt.date(2026, 3, 3)),
          data={"channel": "mail"})
    services.refresh()
    html = _get(client, manager, municipality).content.decode()
    assert table(html, "channels")[1] == ["3/2026", "3", "1", "4", "75 %"]  # no mail column
    stranger = UserFactory(username="vieras")
    MembershipFactory(municipality=other_municipality, user=stranger, role=Role.MANAGER)
    assert _get(client, stranger, municipality).status_code == 403


def test_a_unit_bound_manager_sees_only_their_units(client, municipality, march, make_case, other_unit):
    make_case(day=dt.date(2026, 3, 10), channel="phone", unit=other_unit)
    services.refresh()
    boss = UserFactory(username="tekniikan-johtaja")
    MembershipFactory(municipality=municipality, user=boss, role=Role.MANAGER, unit=other_unit)
    # The case type's unit is the early education unit: submissions count there, not in Technical.
    html = _get(client, boss, municipality).content.decode()
    assert "Day care" not in html.split('id="demand-service"')[1].split("</section>")[0]
    html = _get(client, boss, municipality, f"{MARCH}&view=processing").content.decode()
    assert table(html, "backlog")[1:] == [["Technical", "1", "0"]]
    page = _get(client, boss, municipality, f"{MARCH}&unit={march[0].unit.public_id}")
    assert page.status_code == 400  # a unit outside their reach is no choice


def test_staff_without_the_manager_role_are_refused_and_see_no_link(client, municipality, unit, manager):
    handler = UserFactory(username="kasittelija")
    MembershipFactory(municipality=municipality, user=handler, unit=unit, role=Role.CASE_HANDLER)
    assert _get(client, handler, municipality).status_code == 403
    client.force_login(handler)
    desk = client.get(f"/{municipality.slug}/en/virkailija/asiat/").content.decode()
    assert 'data-nav="insight"' not in desk
    client.force_login(manager)
    with clock.frozen_at(TODAY):
        page = client.get(dashboard_url(municipality))
    assert page.status_code == 200  # no filters: the last 12 months
    assert 'data-nav="insight" aria-current="page">Dashboard</a>' in page.content.decode()
    # The manager's desk is the dashboard.
    assert client.get(f"/{municipality.slug}/en/virkailija/")["Location"].endswith("/virkailija/tietojohtaminen/")


def test_the_old_figures_page_leads_to_the_dashboard(client, municipality, manager):
    client.force_login(manager)
    page = client.get(f"/{municipality.slug}/en/virkailija/tilastot/")
    assert page.status_code == 301 and page["Location"] == dashboard_url(municipality)


SECTIONS = {"demand": ["demand-service", "demand-sector", "demand-life-event", "channels"],
            "processing": ["processing", "backlog"], "feedback": ["satisfaction", "themes"],
            "campaigns": ["campaigns"]}


def _section_ids(html):
    return re.findall(r'<section class="insight-section" id="([^"]+)"', html)


@pytest.mark.parametrize("view", list(SECTIONS))
def test_each_view_shows_its_sections_and_no_others(client, municipality, manager, march, view):
    html = _get(client, manager, municipality, f"{MARCH}&view={view}").content.decode()
    assert _section_ids(html) == SECTIONS[view]
    # The sub-navigation: the current view marked, every link keeping the filters.
    tabs = re.findall(r'<li><a href="([^"]+)"( aria-current="page")?>([^<]+)</a></li>',
                      html.split('class="sub-nav"')[1].split("</nav>")[0])
    assert [label for _h, _c, label in tabs] == ["Demand and channels", "Processing and backlog", "Feedback",
                                                 "Proactive campaigns"]
    assert [href.split("view=")[1] for href, current, _l in tabs if current] == [view]
    assert all("start=1.3.2026&amp;end=31.3.2026" in href for href, _c, _l in tabs)
    # The filter form keeps the view; the export is of the view shown, and the page says so.
    assert f'<input type="hidden" name="view" value="{view}">' in html
    assert f"raportti.csv?start=1.3.2026&amp;end=31.3.2026&amp;view={view}" in html
    assert "The export contains what is shown" in html


def test_the_dashboard_answers_with_the_first_view_and_a_filter_keeps_the_view(client, municipality, manager,
                                                                               march):
    assert _section_ids(_get(client, manager, municipality, "").content.decode()) == SECTIONS["demand"]
    # Only the view asked: the default period (12 months to 15.4.2026), the view kept.
    html = _get(client, manager, municipality, "view=processing").content.decode()
    assert _section_ids(html) == SECTIONS["processing"] and "Period 1.5.2025–15.4.2026." in html
    html = _get(client, manager, municipality, "view=feedback&preset=30d").content.decode()
    assert _section_ids(html) == SECTIONS["feedback"] and "Period 17.3.2026–15.4.2026." in html
    # Bad filters on a view: the errors, the view's tab still current.
    page = _get(client, manager, municipality, "view=feedback&start=x")
    assert page.status_code == 400 and 'aria-current="page">Feedback</a>' in page.content.decode()
    assert _get(client, manager, municipality, "view=nope").status_code == 404


def test_demand_from_one_read_equals_the_reads_per_dimension(municipality, march, make_case, other_unit,
                                                                        case_type):
    from luukku.insight.selectors import DEMAND, DEMAND_KINDS, grouped

    make_case(day=dt.date(2026, 2, 10), channel="phone")
    make_case(day=dt.date(2026, 3, 10), channel="service_point", unit=other_unit)
    event(municipality, "feedback.received", object_type="feedback.feedback", object_id="f1",
          when=at(dt.date(2026, 3, 3)), data={"category": "katu", "channel": "email"})
    services.refresh()
    scope = selectors.Scope(municipality.pk, dt.date(2026, 2, 5), dt.date(2026, 3, 31))  # an edge and a month
    rows = selectors.demand_rows(scope)
    for dimension in ("service_id", "sector_id", "life_event_id"):
        per_dimension = [(r[dimension], r["count"]) for r in sorted(
            grouped(scope, *DEMAND_KINDS, by=(dimension,), q=DEMAND), key=lambda r: (-r["count"], str(r[dimension])))]
        assert selectors.demand_by(scope, dimension, rows) == per_dimension == selectors.demand_by(scope, dimension)
    assert selectors.demand_by(scope, "service_id", rows) == [(case_type.service_id, 6), (None, 1)]
    assert [(m["month"], m["total"], m["digital"]) for m in selectors.channel_mix(scope)] == [
        (dt.date(2026, 2, 1), 1, 0), (dt.date(2026, 3, 1), 6, 3)]
    assert [s.key for s in report.demand_view(scope, "en")] == SECTIONS["demand"]


def test_satisfaction_and_themes_from_one_read_equal_their_own_reads(municipality):
    for n, (rating, category) in enumerate(((5, "katu"), (4, "katu"), (2, "puisto"))):
        event(municipality, "feedback.received", object_type="feedback.feedback", object_id=f"x{n}",
              when=at(dt.date(2026, 3, 3)), data={"category": category, "channel": "online"})
        event(municipality, "feedback.rated", object_type="feedback.feedback", object_id=f"x{n}",
              when=at(dt.date(2026, 3, 9 + n)), data={"rating": rating})
    services.refresh()
    scope = selectors.Scope(municipality.pk, dt.date(2026, 2, 5), dt.date(2026, 3, 31))
    rows = selectors.feedback_rows(scope)
    assert selectors.feedback_by_theme(scope, rows) == selectors.feedback_by_theme(scope) == [("katu", 2),
                                                                                              ("puisto", 1)]
    assert selectors.satisfaction(scope, rows) == selectors.satisfaction(scope)
    assert selectors.satisfaction(scope, rows)["counts"] == {1: 0, 2: 1, 3: 0, 4: 1, 5: 1}
