"""bench/bench_proactive.py at a tiny scale on PostgreSQL (its baseline is a COPY): the generated cohort
is one the application accepts (valid identity codes, 1–2 guardians, homes inside the border), the
run offers every child once, the baselines copy exactly the rows the run wrote (and remove their
copies), and the second run writes nothing."""

import argparse
import importlib.util
from collections import Counter
from pathlib import Path

import pytest
from django.db import connection
from stdnum.fi import hetu as stdnum_hetu

from luukku.core import geo
from tests._demo_snapshot import load_demo
from luukku.people.models import Mandate, Person

pytestmark = [pytest.mark.django_db,
              pytest.mark.skipif(connection.vendor != "postgresql", reason="the benchmark is for PostgreSQL")]
CHILDREN = 300


def _bench():
    path = Path(__file__).resolve().parents[2] / "bench" / "bench_proactive.py"
    spec = importlib.util.spec_from_file_location("bench_proactive", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_benchmark_offers_every_generated_child_once():
    bench = _bench()
    koivula = load_demo()
    out = bench.internal(argparse.Namespace(children=CHILDREN, seed=1, profile=False))

    children = Person.all_objects.filter(municipality=koivula, birth_date__year=bench.BORN_YEAR)
    assert children.count() == CHILDREN == out["generated"]["children"]
    guardians = Counter(Mandate.all_objects.filter(principal__in=children, source=bench.MARKER)
                        .values_list("principal_id", flat=True))
    assert len(guardians) == CHILDREN and set(guardians.values()) <= {1, 2}
    for person in Person.all_objects.filter(pk__in=[*children.values_list("pk", flat=True)[:50]]):
        assert stdnum_hetu.is_valid(person.hetu)
        assert geo.contains(koivula.boundary, float(person.latitude), float(person.longitude))

    assert out["created"] == CHILDREN == out["rows"]["proactive_offer"]
    assert sum(out["statuses"].values()) == CHILDREN
    assert out["rows"]["notify_notification"] == out["rows"]["notify_delivery"] > CHILDREN
    assert set(out["baseline_s"]) == set(bench.TABLES) and all(s > 0 for s in out["baseline_s"].values())
    assert set(out["real_s"]) == {*bench.TABLES, "commit", "strict"} and out["real_s"]["strict"] > 0
    assert out["again_created"] == 0 and out["rows_after_again"] == out["rows"]
