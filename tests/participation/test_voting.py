"""Voting: the rules, who may vote, one ballot per person across channels, the closing time."""

import datetime as dt
import uuid

import pytest
from django.core.exceptions import ValidationError

from luukku.core import clock
from luukku.participation import services
from luukku.participation.models import Ballot, BallotChoice, Rule, VoterMark

from ..eservices.conftest import make_person
from ..factories import UserFactory
from .conftest import ids, make_areas_and_plans, make_budget

pytestmark = pytest.mark.django_db


def refusal(budget, person, plan_ids, **kw) -> list[str]:
    with pytest.raises(ValidationError) as err:
        services.cast_ballot(budget, person, plan_ids, strong=kw.pop("strong", True), **kw)
    return err.value.messages


def test_knapsack_within_the_amount_is_counted(pb):
    ballot = services.cast_ballot(pb["budget"], pb["aino"], ids(pb["plans"], "skatepark", "library", "lights"),
                                  strong=True)
    assert sorted(BallotChoice.all_objects.filter(ballot=ballot).values_list("plan__title", flat=True)) == \
        ["Kirjastobussi", "Skeittipuisto", "Valaistus"]


def test_knapsack_over_the_amount_is_refused_and_nothing_stored(pb):
    messages = refusal(pb["budget"], pb["aino"], ids(pb["plans"], "skatepark", "library", "benches"))
    assert any("110,000 €" in m and "100,000 €" in m for m in messages)
    assert Ballot.all_objects.count() == 0
    assert not services.has_voted(pb["budget"], pb["aino"])


def test_knapsack_threshold_share(municipality):
    budget = make_budget(municipality, threshold=70)
    _, plans = make_areas_and_plans(budget)
    aino = make_person(municipality, "Aino", "Asukas", dt.date(1985, 3, 15))
    assert any("70 %" in m for m in refusal(budget, aino, ids(plans, "benches")))  # 20 % of the whole
    services.cast_ballot(budget, aino, ids(plans, "skatepark", "benches"), strong=True)  # 80 %


def test_minimum_number_of_plans_within_the_amount(municipality):
    budget = make_budget(municipality, rule=Rule.MINIMUM, min_plans=2)
    _, plans = make_areas_and_plans(budget)
    aino = make_person(municipality, "Aino", "Asukas", dt.date(1985, 3, 15))
    assert any("at least 2" in m for m in refusal(budget, aino, ids(plans, "skatepark")))
    assert any("more than" in m for m in refusal(budget, aino, ids(plans, "skatepark", "library", "benches")))
    services.cast_ballot(budget, aino, ids(plans, "library", "benches"), strong=True)


def test_approval_ignores_cost_but_counts_plans(municipality):
    budget = make_budget(municipality, rule=Rule.APPROVAL, min_plans=1, max_plans=2)
    _, plans = make_areas_and_plans(budget)
    aino = make_person(municipality, "Aino", "Asukas", dt.date(1985, 3, 15))
    assert any("at most 2" in m for m in refusal(budget, aino, ids(plans, "skatepark", "library", "benches")))
    services.cast_ballot(budget, aino, ids(plans, "skatepark", "library"), strong=True)  # 90 000 of 100 000 ok
    bertil = make_person(municipality, "Bertil", "B", dt.date(1979, 6, 1))
    budget.max_plans = 3
    services.cast_ballot(budget, bertil, ids(plans, "skatepark", "library", "benches"), strong=True)  # 110 000 €


def test_one_district_only(pb):
    messages = refusal(pb["budget"], pb["aino"], ids(pb["plans"], "lights", "dogpark"))
    assert any("one district" in m for m in messages)


def test_eligibility_strong_identification_residence_and_age(pb):
    budget = pb["budget"]
    assert refusal(budget, pb["aino"], ids(pb["plans"], "lights"), strong=False) == \
        ["Voting needs strong identification."]
    outsider = make_person(pb["other_municipality"], "Olli", "Ulkopuolinen", dt.date(1980, 1, 1))
    assert refusal(budget, outsider, ids(pb["plans"], "lights")) == ["Only residents of the municipality can vote."]
    moved = make_person(pb["municipality"], "Maija", "Muuttanut", dt.date(1980, 1, 1), moved_away_on=clock.today())
    assert refusal(budget, moved, ids(pb["plans"], "lights")) == ["Only residents of the municipality can vote."]
    last_day = budget.voting_ends.date()
    turns_12_after = make_person(pb["municipality"], "Pekka", "Pieni", last_day.replace(year=last_day.year - 12)
                                 + dt.timedelta(days=1))
    assert refusal(budget, turns_12_after, ids(pb["plans"], "lights")) == \
        ["Voting is open to residents aged 12 or more."]
    turns_12_on_last_day = make_person(pb["municipality"], "Liisa", "Pieni", last_day.replace(year=last_day.year - 12))
    services.cast_ballot(budget, turns_12_on_last_day, ids(pb["plans"], "lights"), strong=True)


def test_second_vote_refused_across_channels(pb):
    budget, aino = pb["budget"], pb["aino"]
    services.cast_ballot(budget, aino, ids(pb["plans"], "lights"), strong=True)
    agent = UserFactory(username="agentti")
    messages = refusal(budget, aino, ids(pb["plans"], "garden"), channel="service_point", agent=agent)
    assert messages == ["You have already voted in this budget. Each resident votes once."]
    assert Ballot.all_objects.filter(budget=budget).count() == 1
    assert services.has_voted(budget, aino) and not services.has_voted(budget, pb["bertil"])


def test_service_point_vote_records_the_agent_not_the_person(pb):
    agent = UserFactory(username="agentti")
    ballot = services.cast_ballot(pb["budget"], pb["bertil"], ids(pb["plans"], "dogpark"), strong=True,
                                  channel="service_point", agent=agent)
    mark = VoterMark.all_objects.get(budget=pb["budget"])
    assert (mark.channel, mark.agent) == ("service_point", agent)
    for stored in (VoterMark.all_objects.filter(pk=mark.pk).values()[0], Ballot.all_objects.filter(pk=ballot.pk).values()[0]):
        assert pb["bertil"].hetu not in str(stored) and pb["bertil"].hetu_hash not in str(stored)
        assert not {"person_id", "hetu", "hetu_hash"} & set(stored)


def test_secret_ballot_nothing_joins_the_voter_to_the_choices(pb):
    """Who voted and what was chosen are kept apart: the ballot holds no hash, channel, agent or time, and
    its id is random, so neither a shared column nor the order of ids pairs a voter with a ballot."""
    agent = UserFactory(username="agentti")
    for person, plan, channel in ((pb["aino"], "lights", "web"), (pb["bertil"], "dogpark", "service_point")):
        services.cast_ballot(pb["budget"], person, ids(pb["plans"], plan), strong=True, channel=channel,
                             agent=agent if channel == "service_point" else None)
    ballot_columns = {f.column for f in Ballot._meta.concrete_fields}
    assert ballot_columns == {"id", "municipality_id", "budget_id"}
    assert {f.column for f in BallotChoice._meta.concrete_fields} == {"id", "municipality_id", "ballot_id",
                                                                       "budget_id", "plan_id"}
    mark_columns = {f.column for f in VoterMark._meta.concrete_fields}
    assert not {"ballot_id", "cast_at", "at", "created_at"} & mark_columns  # a day, never a time
    assert isinstance(Ballot.all_objects.first().pk, uuid.UUID)


def test_voting_closed_at_the_closing_second(pb):
    budget = pb["budget"]
    with clock.frozen_at(budget.voting_ends):
        messages = refusal(budget, pb["aino"], ids(pb["plans"], "lights"))
    assert messages[0].startswith("The voting is not open: it closed at")
    with clock.frozen_at(budget.voting_ends - dt.timedelta(seconds=1)):
        services.cast_ballot(budget, pb["aino"], ids(pb["plans"], "lights"), strong=True)


def test_plans_of_another_budget_are_refused(pb):
    other = make_budget(pb["municipality"], slug="toinen")
    _, other_plans = make_areas_and_plans(other)
    assert refusal(pb["budget"], pb["aino"], ids(other_plans, "lights")) == ["Choose only plans of this budget."]
