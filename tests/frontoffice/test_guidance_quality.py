"""Service guidance quality on the demo catalogue: recall of the counsellor's services in the first five
and MRR, per language and per half (tuned on "tune", reported on "held-out" too). Run with `-s` to see
the table; the figures are in bench/RESULTS.md."""

import datetime as dt
import hashlib

import pytest

from luukku.catalogue.search import reindex_municipality
from luukku.catalogue.search.analyzers import VoikkoAnalyzer, use_finnish_analyzer
from luukku.frontoffice.guidance import guide

from .guidance_situations import SITUATIONS

TODAY = dt.date(2026, 12, 7)  # the register's ages are counted from this day (the demo's children are fixed)
FLOORS = {"voikko": {"recall@5": 0.8, "MRR": 0.75}, "snowball": {"recall@5": 0.7, "MRR": 0.65}}


def half(text: str) -> str:
    return "tune" if hashlib.sha256(text.encode()).digest()[0] % 2 == 0 else "held-out"


def evaluate(municipality, situations=SITUATIONS):
    from luukku.people.models import Person

    sums: dict = {}
    misses = []
    for text, language, expected, who, _needs in situations:
        person = None
        if who:
            person = Person.all_objects.get(municipality=municipality, first_names=who[0], last_name=who[1])
        answer = guide(municipality, text, language, person=person, today=TODAY)
        got = [s.service.slug for s in answer.suggestions]
        top5 = got[:5]
        recall = len(set(expected) & set(top5)) / min(len(expected), 5)
        rank = next((i + 1 for i, slug in enumerate(got) if slug in expected), None)
        for key in ((half(text), language), (half(text), "all"), ("all", language), ("all", "all")):
            row = sums.setdefault(key, {"n": 0, "recall@5": 0.0, "MRR": 0.0})
            row["n"] += 1
            row["recall@5"] += recall
            row["MRR"] += 1 / rank if rank else 0.0
        if recall < 1:
            misses.append(f"[{half(text)}] {text!r} ({language}): expected {expected}, got {top5} "
                          f"(cues {answer.cues}{', ' + answer.problem if answer.problem else ''})")
    metrics = {key: {"n": row["n"], "recall@5": row["recall@5"] / row["n"], "MRR": row["MRR"] / row["n"]}
               for key, row in sums.items()}
    return metrics, misses


def table(metrics) -> str:
    lines = ["| half | language | n | recall@5 | MRR |", "| --- | --- | ---: | ---: | ---: |"]
    for (part, language), row in sorted(metrics.items()):
        lines.append(f"| {part} | {language} | {row['n']} | {row['recall@5']:.3f} | {row['MRR']:.3f} |")
    return "\n".join(lines)


def test_the_set_is_big_and_varied():
    assert len(SITUATIONS) >= 100
    assert len({(t, lang) for t, lang, *_ in SITUATIONS}) == len(SITUATIONS)
    for language in ("fi", "sv", "en"):
        assert sum(1 for _t, lang, *_ in SITUATIONS if lang == language) >= 30
    assert sum(1 for *_, needs in SITUATIONS if needs in ("register", "rules")) >= 15
    assert sum(1 for *_, needs in SITUATIONS if needs == "register") >= 15
    halves = [half(t) for t, *_ in SITUATIONS]
    assert 0.35 < halves.count("tune") / len(halves) < 0.65


def test_every_label_is_a_demo_service():
    from luukku.demo.data.services import SERVICES

    slugs = {service["slug"] for service in SERVICES}
    assert not [(t, e) for t, _l, e, *_ in SITUATIONS if not set(e) <= slugs]


@pytest.mark.parametrize(
    "analyzer",
    [pytest.param("voikko", marks=pytest.mark.skipif(not VoikkoAnalyzer.available(), reason="no Voikko")),
     "snowball"],
)
def test_guidance_quality_on_the_demo(db, analyzer):
    from tests._demo_snapshot import load_demo

    with use_finnish_analyzer(analyzer):
        municipality = load_demo()
        reindex_municipality(municipality)
        metrics, misses = evaluate(municipality)
    report = f"[{analyzer}] {len(SITUATIONS)} situations\n{table(metrics)}\n  " + "\n  ".join(misses)
    print("\n" + report)
    for part in ("tune", "held-out"):
        for measure, floor in FLOORS[analyzer].items():
            assert metrics[part, "all"][measure] >= floor, report
