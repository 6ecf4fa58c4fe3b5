"""Two ballots of one person at the same moment on PostgreSQL: the unique constraint lets one in."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import translation

from luukku.participation import services
from luukku.participation.models import Ballot, BallotChoice

from ..eservices.conftest import make_person
from .conftest import ids, make_areas_and_plans, make_budget

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent transactions need PostgreSQL"),
]


def test_two_concurrent_ballots_of_one_person_exactly_one_wins(municipality):
    budget = make_budget(municipality)
    _, plans = make_areas_and_plans(budget)
    aino = make_person(municipality, "Aino", "Asukas", dt.date(1985, 3, 15))
    choices = [ids(plans, "skatepark"), ids(plans, "library", "lights")]
    barrier = threading.Barrier(2)
    won, refused, other = [], [], []

    def vote(plan_ids):
        try:
            barrier.wait()
            with translation.override("en"):  # a thread starts in the default language (Finnish)
                won.append(services.cast_ballot(budget, aino, plan_ids, strong=True, channel="web").pk)
        except ValidationError as exc:
            refused.append(exc.messages)
        except Exception as exc:  # noqa: BLE001 (asserted below)
            other.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=vote, args=(c,)) for c in choices]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert other == [] and len(won) == 1
    assert refused == [["You have already voted in this budget. Each resident votes once."]]
    assert Ballot.all_objects.filter(budget=budget).count() == 1
    assert set(BallotChoice.all_objects.values_list("ballot_id", flat=True)) == set(won)
