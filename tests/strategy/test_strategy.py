"""Strategy linkage: goals, the projects recorded against them, their indicator chains, the gaps
(a goal no project serves, a project serving no goal), the forms' refusals and who may see what."""

import datetime as dt
import re
from decimal import Decimal

import pytest

from luukku.core import clock
from luukku.core.models import Role
from luukku.strategy import selectors, services
from luukku.strategy.models import Goal, Indicator, Project

from .conftest import staff, url


@pytest.fixture
def portfolio(municipality):
    """Two goals, one served by the e-services project; a second project serving no goal yet."""
    digital = services.save_goal(municipality=municipality, title="Digitaalinen asiointi ensisijaiseksi",
                                 start_year=2025, end_year=2029)
    lonely = services.save_goal(municipality=municipality, title="Yksinäisyys vähenee", start_year=2025,
                                end_year=2029)
    project = services.save_project(municipality=municipality, title="Sähköinen venepaikkahaku", goals=[digital])
    for level, name, baseline, target, latest in (
            ("impact", "Asiointiin kuluva aika", 500000, 100000, 350000),
            ("input", "Budjetti", 0, 80000, 40000),
            ("outcome", "Sähköisten hakemusten osuus", 10, 90, 60),
            ("output", "Julkaistut e-palvelut", 0, 1, None)):
        services.save_indicator(project=project, level=level, name=name, unit="", baseline=Decimal(baseline),
                                target=Decimal(target), latest_value=None if latest is None else Decimal(latest),
                                latest_on=None if latest is None else dt.date(2025, 11, 1))
    orphan = services.save_project(municipality=municipality, title="Kirjastoauto", goals=[])
    return {"digital": digital, "lonely": lonely, "project": project, "orphan": orphan}


def test_the_portfolio_links_projects_to_goals_and_orders_the_chain(municipality, portfolio):
    p = selectors.portfolio(municipality)
    served = {g.title: [pr.title for pr in g.served_by] for g in p.goals}
    assert served == {"Digitaalinen asiointi ensisijaiseksi": ["Sähköinen venepaikkahaku"], "Yksinäisyys vähenee": []}
    assert [g.title for g in p.goals_without_projects] == ["Yksinäisyys vähenee"]
    assert [pr.title for pr in p.projects_without_goals] == ["Kirjastoauto"]
    chain = p.goals[0].served_by[0].chain
    assert [i.level for i in chain] == ["input", "output", "outcome", "impact"]
    # The way from the baseline to the target: half the budget, 5/8 of the share, 3/8 less time; unmeasured.
    assert [i.progress for i in chain] == [50, None, 62, 38]


def test_the_portfolio_page_shows_goals_projects_chain_and_gaps(municipality, portfolio, as_manager):
    response = as_manager.get(url("portfolio", municipality=municipality))
    page = re.sub(r"\s+", " ", response.content.decode())
    assert response.status_code == 200
    digital, project = portfolio["digital"], portfolio["project"]
    lonely = portfolio["lonely"]
    goal_section = page[page.index(f'data-goal="{digital.public_id}"'):page.index(f'data-goal="{lonely.public_id}"')]
    assert url("project", project.public_id, municipality=municipality) in goal_section
    levels = re.findall(r'data-level="(\w+)"', goal_section)
    assert levels == ["input", "output", "outcome", "impact"]
    assert 'data-progress="62"' in goal_section
    gaps = page[page.index('id="gaps"'):page.index("</section>", page.index('id="gaps"'))]
    assert "Yksinäisyys vähenee" in gaps and "Kirjastoauto" in gaps and "Sähköinen venepaikkahaku" not in gaps
    assert "No project serves this goal yet." in page


def test_a_manager_records_a_goal_a_project_and_an_indicator(municipality, as_manager):
    assert as_manager.post(url("new_goal", municipality=municipality), {
        "title": "Palvelut lähellä", "start_year": "2025", "end_year": "2028"}).status_code == 302
    goal = Goal.all_objects.get()
    response = as_manager.post(url("new_project", municipality=municipality), {
        "title": "Mobiilipalvelupiste", "description": "Kiertää kylissä", "goals": [goal.pk]})
    project = Project.all_objects.get()
    assert response["Location"] == url("project", project.public_id, municipality=municipality)
    assert list(project.goals.all()) == [goal]
    with clock.frozen_at(dt.datetime(2026, 3, 1, 12)):
        response = as_manager.post(url("add_indicator", project.public_id, municipality=municipality), {
            "level": "output", "name": "Käynnit", "unit": "käyntiä", "baseline": "0", "target": "1 200",
            "latest_value": "300,5", "latest_on": "1.2.2026"})
    assert response.status_code == 302
    indicator = Indicator.all_objects.get()
    assert (indicator.target, indicator.latest_value, indicator.latest_on) == (
        Decimal(1200), Decimal("300.5"), dt.date(2026, 2, 1))
    # Unlinking the goal makes both gaps visible.
    as_manager.post(url("project", project.public_id, municipality=municipality), {"title": "Mobiilipalvelupiste"})
    p = selectors.portfolio(municipality)
    assert p.goals_without_projects == [goal] and p.projects_without_goals == [project]


@pytest.mark.parametrize("data, field, message", [
    ({"title": "  "}, "title", "Give the title."),
    ({"start_year": "1999"}, "start_year", "Give a year between 2000 and 2100."),
    ({"end_year": "21000"}, "end_year", "Give a year between 2000 and 2100."),
    ({"start_year": "twenty"}, "start_year", "Give the year as four digits"),
    ({"end_year": "2024"}, "end_year", "The last year is before the first year."),
])
def test_the_goal_form_refuses_bad_input(municipality, as_manager, data, field, message):
    posted = {"title": "Tavoite", "start_year": "2025", "end_year": "2028", **data}
    response = as_manager.post(url("new_goal", municipality=municipality), posted)
    page = response.content.decode()
    assert response.status_code == 400
    assert re.search(rf'id="goal-{field}-error">.*?{re.escape(message)}', page, re.S)
    assert f'value="{posted[field]}"' in page
    assert not Goal.all_objects.exists()


INDICATOR = {"level": "outcome", "name": "Osuus", "unit": "%", "baseline": "10", "target": "90",
             "latest_value": "", "latest_on": ""}


@pytest.mark.parametrize("data, field, message", [
    ({"level": "dream"}, "level", "Choose the level"),
    ({"name": ""}, "name", "Name the indicator."),
    ({"baseline": "paljon"}, "baseline", "Give a number"),
    ({"target": "1e20"}, "target", "The number is too large"),
    ({"target": "10"}, "target", "The target is the same as the baseline"),
    ({"latest_value": "50"}, "latest_on", "Give the date of the latest value."),
    ({"latest_on": "2026-01-01"}, "latest_value", "Give the latest value, or leave its date empty."),
    ({"latest_value": "50", "latest_on": "2030-01-01"}, "latest_on", "cannot be from the future"),
    ({"latest_value": "50", "latest_on": "31.2.2026"}, "latest_on", "Enter the date as day.month.year"),
])
def test_the_indicator_form_refuses_bad_input(municipality, portfolio, as_manager, data, field, message):
    project = portfolio["orphan"]
    posted = {**INDICATOR, **data}
    with clock.frozen_at(dt.datetime(2026, 3, 1, 12)):
        response = as_manager.post(url("add_indicator", project.public_id, municipality=municipality), posted)
    page = response.content.decode()
    assert response.status_code == 400
    assert re.search(rf'id="indicator-{field}-error">.*?{re.escape(message)}', page, re.S), page
    if field != "level":
        assert f'value="{posted[field]}"' in page
    assert not project.indicators.exists()


def test_the_project_form_refuses_another_municipalitys_goal(municipality, other_municipality, as_manager):
    foreign = services.save_goal(municipality=other_municipality, title="Muu", start_year=2025, end_year=2026)
    response = as_manager.post(url("new_project", municipality=municipality), {"title": "X", "goals": [foreign.pk]})
    assert response.status_code == 400 and "Choose goals of this municipality." in response.content.decode()
    assert not Project.all_objects.exists()


def test_another_municipalitys_manager_sees_nothing(municipality, other_municipality, portfolio):
    client = staff(other_municipality, "toinen", Role.MANAGER)
    page = client.get(url("portfolio", municipality=other_municipality)).content.decode()
    assert "No strategic goals recorded yet." in page and "Kirjastoauto" not in page
    project, goal = portfolio["project"], portfolio["digital"]
    indicator = project.indicators.first()
    for name, args, method in (("project", [project.public_id], "get"), ("goal", [goal.public_id], "get"),
                               ("indicator", [project.public_id, indicator.public_id], "get"),
                               ("delete_project", [project.public_id], "post"),
                               ("delete_goal", [goal.public_id], "post"),
                               ("add_indicator", [project.public_id], "post")):
        assert getattr(client, method)(url(name, *args, municipality=other_municipality)).status_code == 404
        assert getattr(client, method)(url(name, *args, municipality=municipality)).status_code == 403
    assert Project.all_objects.count() == 2 and Goal.all_objects.count() == 2


@pytest.mark.parametrize("role", [Role.CASE_HANDLER, Role.SERVICE_POINT_AGENT, Role.CATALOGUE_EDITOR])
def test_non_managers_are_refused_and_get_no_menu_link(municipality, role):
    client = staff(municipality, f"u-{role}", role)
    assert client.get(url("portfolio", municipality=municipality)).status_code == 403
    assert client.post(url("new_goal", municipality=municipality), {"title": "X"}).status_code == 403
    assert 'data-nav="strategy"' not in client.get(f"/{municipality.slug}/en/virkailija/", follow=True).content.decode()


def test_managers_get_the_menu_link(municipality, as_manager):
    page = as_manager.get(url("portfolio", municipality=municipality)).content.decode()
    assert f'href="{url("portfolio", municipality=municipality)}" data-nav="strategy" aria-current="page"' in page


def test_the_services_refuse_what_the_forms_would(municipality, portfolio):
    from django.core.exceptions import ValidationError

    for start, end in ((2025, 2024), (1999, 2025), (2025, 2101)):
        with pytest.raises(ValidationError):
            services.save_goal(municipality=municipality, title="X", start_year=start, end_year=end)
    for latest_value, latest_on in ((Decimal(5), None), (None, dt.date(2025, 1, 1))):
        with pytest.raises(ValidationError):
            services.save_indicator(project=portfolio["orphan"], level="output", name="X", unit="",
                                    baseline=Decimal(0), target=Decimal(1), latest_value=latest_value,
                                    latest_on=latest_on)
    with pytest.raises(ValidationError):
        services.save_indicator(project=portfolio["orphan"], level="dream", name="X", unit="",
                                baseline=Decimal(0), target=Decimal(1))
    assert Goal.all_objects.count() == 2 and not portfolio["orphan"].indicators.exists()
