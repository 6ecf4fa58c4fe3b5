"""A budget of Esimerkki: the whole municipality (100 000 €) and two districts (50 000 € each), with
plans to vote on; voting open now and closing in a day; residents of the right and wrong kinds."""

import datetime as dt

import pytest
from django.utils import translation

from luukku.core import clock
from luukku.participation.models import Area, Budget, Plan, Rule

from ..eservices.conftest import make_person
from ..factories import UserFactory


def make_budget(municipality, *, rule=Rule.KNAPSACK, threshold=0, min_plans=0, max_plans=None, slug="omastadi",
                voting_starts=None, voting_ends=None, **extra):
    now = clock.now()
    today = clock.today()
    return Budget.all_objects.create(
        municipality=municipality, slug=slug, title="OmaKunta 2026",
        informing_starts=today - dt.timedelta(days=90), proposals_starts=today - dt.timedelta(days=80),
        screening_starts=today - dt.timedelta(days=40),
        voting_starts=voting_starts or now - dt.timedelta(days=1), voting_ends=voting_ends or now + dt.timedelta(days=1),
        results_starts=today + dt.timedelta(days=10), follow_up_starts=today + dt.timedelta(days=30),
        rule=rule, threshold_percent=threshold, min_plans=min_plans, max_plans=max_plans, minimum_age=12, **extra)


def make_areas_and_plans(budget):
    m = budget.municipality
    whole = Area.all_objects.create(municipality=m, budget=budget, name="Koko kunta", is_whole=True, amount=100_000)
    north = Area.all_objects.create(municipality=m, budget=budget, name="Pohjoinen", amount=50_000)
    south = Area.all_objects.create(municipality=m, budget=budget, name="Etelä", amount=50_000)

    def plan(area, title, price):
        return Plan.all_objects.create(municipality=m, budget=budget, area=area, title=title, price=price)

    plans = {
        "skatepark": plan(whole, "Skeittipuisto", 60_000), "library": plan(whole, "Kirjastobussi", 30_000),
        "benches": plan(whole, "Penkit", 20_000), "lights": plan(north, "Valaistus", 30_000),
        "garden": plan(north, "Yhteisöpuutarha", 25_000), "dogpark": plan(south, "Koirapuisto", 40_000),
    }
    return {"whole": whole, "north": north, "south": south}, plans


@pytest.fixture(autouse=True)
def english():
    """The services' messages are asserted in English (the pages are asked for in /en/)."""
    with translation.override("en"):
        yield


@pytest.fixture
def pb(municipality, other_municipality):
    budget = make_budget(municipality)
    areas, plans = make_areas_and_plans(budget)
    aino = make_person(municipality, "Aino", "Asukas", dt.date(1985, 3, 15), user=UserFactory(username="aino"))
    bertil = make_person(municipality, "Bertil", "Björkman", dt.date(1979, 6, 1), user=UserFactory(username="bertil"))
    return {"municipality": municipality, "budget": budget, "areas": areas, "plans": plans, "aino": aino,
            "bertil": bertil, "other_municipality": other_municipality}


def ids(plans, *names):
    return [plans[n].pk for n in names]
