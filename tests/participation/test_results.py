"""Results: the tally, greedy winners per area, the Pabulib export read back, follow-up, tenancy."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from luukku.core import clock
from luukku.participation import selectors, services
from luukku.participation.models import Plan

from ..eservices.conftest import make_person
from .conftest import ids, make_areas_and_plans, make_budget

pytestmark = pytest.mark.django_db

# Whole municipality (100 000 €): skatepark 60 000, library 30 000, benches 20 000.
BALLOTS = [("skatepark", "library"), ("skatepark",), ("library", "benches"), ("library", "benches", "lights"),
           ("benches", "garden"), ("skatepark", "benches"), ("dogpark",)]


@pytest.fixture
def voted(pb):
    for n, choice in enumerate(BALLOTS):
        person = make_person(pb["municipality"], f"Voter{n}", "V", dt.date(1980, 1, 1 + n))
        services.cast_ballot(pb["budget"], person, ids(pb["plans"], *choice), strong=True)
    return pb


def test_tally_counts_every_choice(voted):
    counts = selectors.tally(voted["budget"])
    by_title = {Plan.all_objects.get(pk=pk).title: n for pk, n in counts.items()}
    assert by_title == {"Skeittipuisto": 3, "Kirjastobussi": 3, "Penkit": 4, "Valaistus": 1, "Yhteisöpuutarha": 1,
                        "Koirapuisto": 1}


def test_winners_greedy_by_votes_while_the_price_fits(voted):
    results = {r["area"].name: r for r in selectors.results(voted["budget"])}
    whole = [(row["plan"].title, row["votes"], row["winner"]) for row in results["Koko kunta"]["rows"]]
    # Benches 4 votes (20 000, left 80 000); library 3 votes and cheaper than the skatepark (30 000, left
    # 50 000); the skatepark (60 000) no longer fits.
    assert whole == [("Penkit", 4, True), ("Kirjastobussi", 3, True), ("Skeittipuisto", 3, False)]
    assert results["Koko kunta"]["left"] == 50_000
    north = [(row["plan"].title, row["winner"]) for row in results["Pohjoinen"]["rows"]]
    assert north == [("Yhteisöpuutarha", True), ("Valaistus", False)]  # a tie: the cheaper first; 30 000 > 25 000 left
    assert {p.title for p in selectors.winners(voted["budget"])} == {"Penkit", "Kirjastobussi", "Yhteisöpuutarha",
                                                                      "Koirapuisto"}


def parse_pb(text: str) -> dict:
    sections, section, header = {}, None, None
    for line in text.splitlines():
        if line in ("META", "PROJECTS", "VOTES"):
            section, header = line, None
            sections[section] = []
        elif header is None:
            header = line.split(";")
        else:
            sections[section].append(dict(zip(header, line.split(";"))))
    return sections


def test_pabulib_export_reads_back(voted):
    budget, whole = voted["budget"], voted["areas"]["whole"]
    parsed = parse_pb(selectors.pabulib(budget, whole))
    meta = {row["key"]: row["value"] for row in parsed["META"]}
    assert meta["country"] == "Finland" and meta["vote_type"] == "approval" and meta["rule"] == "greedy"
    assert (meta["budget"], meta["num_projects"], meta["num_votes"]) == ("100000", "3", "6")
    assert {"description", "unit", "instance"} <= set(meta)
    assert meta["max_sum_cost"] == "100000"  # the knapsack ballot's limit, for re-running the rule elsewhere
    projects = {row["name"]: (int(row["cost"]), int(row["votes"]), row["selected"]) for row in parsed["PROJECTS"]}
    assert projects == {"Skeittipuisto": (60_000, 3, "0"), "Kirjastobussi": (30_000, 3, "1"),
                        "Penkit": (20_000, 4, "1")}
    assert [row["voter_id"] for row in parsed["VOTES"]] == ["1", "2", "3", "4", "5", "6"]
    project_ids = {row["project_id"] for row in parsed["PROJECTS"]}
    votes = [set(row["vote"].split(",")) for row in parsed["VOTES"]]
    assert all(v <= project_ids for v in votes) and sum(len(v) for v in votes) == 10


def test_pabulib_meta_states_each_rule_s_ballot_limits(municipality):
    from luukku.participation.models import Rule

    def meta(budget):
        areas, _ = make_areas_and_plans(budget)
        parsed = parse_pb(selectors.pabulib(budget, areas["whole"]))
        return {row["key"]: row["value"] for row in parsed["META"]}

    knapsack = meta(make_budget(municipality, slug="k", threshold=70))
    assert (knapsack["max_sum_cost"], knapsack["min_sum_cost"]) == ("100000", "70000")
    approval = meta(make_budget(municipality, slug="a", rule=Rule.APPROVAL, min_plans=2, max_plans=5))
    assert (approval["min_length"], approval["max_length"]) == ("2", "5") and "max_sum_cost" not in approval


def test_results_published_only_after_closing_and_follow_up(voted):
    budget = voted["budget"]
    with pytest.raises(ValidationError):
        services.publish_results(budget)
    with clock.frozen_at(budget.voting_ends + dt.timedelta(hours=1)):
        budget = services.publish_results(budget)
    assert budget.results_published_at is not None
    plan = selectors.winners(budget)[0]
    services.add_follow_up(plan, text="Penkit tilattu.", progress=30)
    with pytest.raises(ValidationError, match="0 to 100"):
        services.add_follow_up(plan, text="x", progress=130)
    assert [f.progress for f in plan.follow_ups.all()] == [30]


def test_tenancy_each_municipality_sees_its_own(voted):
    from luukku.core.tenancy import municipality_context
    from luukku.participation.models import Ballot, Budget

    other = make_budget(voted["other_municipality"], slug="omastadi")
    make_areas_and_plans(other)
    with municipality_context(voted["other_municipality"]):
        assert list(Budget.objects.all()) == [other]
        assert Ballot.objects.count() == 0 and Plan.objects.count() == 6
    with municipality_context(voted["municipality"]):
        assert Ballot.objects.count() == len(BALLOTS)
    assert all(n == 0 for n in selectors.tally(other).values())


def test_a_budget_without_votes_is_deleted_with_its_areas_plans_and_proposals(pb):
    """An area is kept while a plan or a proposal points at it, except when all of them go with their
    budget (RESTRICT, not PROTECT): a mistaken draft budget can be removed, and a municipality too."""
    from luukku.participation.models import Area, Budget, Proposal

    budget = pb["budget"]
    Proposal.all_objects.create(municipality=budget.municipality, budget=budget, area=pb["areas"]["north"],
                                title="Valot", text="Polulle")
    with pytest.raises(Exception):  # an area in use cannot go on its own
        pb["areas"]["north"].delete()
    budget.delete()
    assert not Budget.all_objects.exists() and not Area.all_objects.exists() and not Plan.all_objects.exists()
