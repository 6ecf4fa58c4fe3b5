"""Speed of participatory budgeting (issue 17, "Speed").

    python bench/bench_participation.py [--database-url postgres://postgres@127.0.0.1:5432/luukku_bench_pb]
                                        [--ballots 100000] [--voters 200] [--seed 1]

A fresh PostgreSQL database (dropped and created), migrated; one budget of a bench municipality with
the whole-municipality area and four districts, 40 plans; then:
(1) --ballots ballots and their choices written with COPY (each ballot: 1–4 plans of the whole
    municipality and 1–3 of one district), ANALYZE;
(2) the tally and the winners (selectors.results: votes per plan, greedy per area), timed; beside it,
    in the same run, the raw SQL count (SELECT plan_id, count(*) … GROUP BY plan_id) and the ratio.
    Target: tally and winners ≤ 1 s; the tally must equal the raw count;
(3) --voters residents voting at once through services.cast_ballot (threads, each with its own
    connection), every voter trying twice (web and service point): no lost and no double-counted vote
    (ballots = voters, choices = the sum of the accepted ballots' choices).
"""

import argparse
import datetime as dt
import os
import random
import sys
import threading
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "src"))
sys.path.insert(0, HERE)

TARGET_SECONDS = 1.0


def setup(url: str):
    from _server import recreate_postgres

    recreate_postgres(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "luukku.config.settings")
    os.environ.setdefault("LUUKKU_VAR_DIR", os.path.join("/tmp", "luukku-bench-pb"))
    os.makedirs(os.environ["LUUKKU_VAR_DIR"], exist_ok=True)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def world(rng):
    from luukku.core import clock
    from luukku.core.models import Municipality
    from luukku.participation.models import Area, Budget, Plan

    m = Municipality.objects.create(code="990", slug="penkki", name={"fi": "Penkki"}, languages=["fi", "sv", "en"])
    now, today = clock.now(), clock.today()
    budget = Budget.all_objects.create(
        municipality=m, slug="bench", title="Bench", informing_starts=today, proposals_starts=today,
        screening_starts=today, voting_starts=now - dt.timedelta(days=1), voting_ends=now + dt.timedelta(days=1),
        results_starts=today + dt.timedelta(days=5), follow_up_starts=today + dt.timedelta(days=30), minimum_age=12)
    areas = [Area.all_objects.create(municipality=m, budget=budget, name="Koko kunta", is_whole=True, amount=4_000_000)]
    areas += [Area.all_objects.create(municipality=m, budget=budget, name=f"Alue {n}", amount=1_000_000)
              for n in range(1, 5)]
    plans = {a.pk: [Plan.all_objects.create(municipality=m, budget=budget, area=a, title=f"{a.name} {n}",
                                            price=rng.randrange(50, 400) * 1000) for n in range(8)] for a in areas}
    return m, budget, areas, plans


def copy_ballots(budget, areas, plans, n, rng):
    from django.db import connection

    whole, districts = areas[0], areas[1:]
    with connection.cursor() as cursor:
        raw = cursor.connection
        ids = [uuid.UUID(int=rng.getrandbits(128), version=4) for _ in range(n)]
        with raw.cursor() as c, c.copy("COPY participation_votermark (municipality_id, budget_id, voter_hash, "
                                       "channel, voted_on) FROM STDIN") as copy:
            for i in range(n):
                copy.write_row((budget.municipality_id, budget.pk, f"{i:064x}", "web", dt.date.today()))
        with raw.cursor() as c, c.copy("COPY participation_ballot (id, municipality_id, budget_id) FROM STDIN") as copy:
            for ballot_id in ids:
                copy.write_row((ballot_id, budget.municipality_id, budget.pk))
        choices = 0
        with raw.cursor() as c, c.copy("COPY participation_ballotchoice (municipality_id, ballot_id, budget_id, "
                                       "plan_id) FROM STDIN") as copy:
            for ballot_id in ids:
                chosen = rng.sample(plans[whole.pk], rng.randint(1, 4)) + \
                    rng.sample(plans[rng.choice(districts).pk], rng.randint(1, 3))
                for plan in chosen:
                    copy.write_row((budget.municipality_id, ballot_id, budget.pk, plan.pk))
                    choices += 1
        cursor.execute("ANALYZE participation_votermark; ANALYZE participation_ballot; "
                       "ANALYZE participation_ballotchoice")
    return choices


def timed_results(budget):
    from django.db import connection

    from luukku.participation import selectors

    start = time.perf_counter()
    results = selectors.results(budget)
    elapsed = time.perf_counter() - start
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SELECT plan_id, count(*) FROM participation_ballotchoice WHERE budget_id = %s "
                       "GROUP BY plan_id", [budget.pk])
        raw = dict(cursor.fetchall())
    raw_elapsed = time.perf_counter() - start
    tally = {row["plan"].pk: row["votes"] for area in results for row in area["rows"]}
    assert {k: v for k, v in tally.items() if v} == raw, "the tally differs from the raw count"
    winners = sum(row["winner"] for area in results for row in area["rows"])
    return elapsed, raw_elapsed, winners


def concurrent_voters(m, budget, areas, plans, n, rng):
    from django.core.exceptions import ValidationError
    from django.db import connections

    from luukku.participation import services
    from luukku.participation.models import Ballot, BallotChoice, VoterMark
    from luukku.people.models import Person

    from luukku.people import hetu as hetu_module

    people = []
    for i in range(n):
        birth = dt.date(1960, 1, 1) + dt.timedelta(days=37 * i)
        person = Person(municipality=m, first_names=f"V{i}", last_name="Bench", birth_date=birth)
        person.set_hetu(hetu_module.compose(birth, 2 + i % 898))
        people.append(person)
    Person.all_objects.bulk_create(people)
    before_ballots = Ballot.all_objects.filter(budget=budget).count()
    before_marks = VoterMark.all_objects.filter(budget=budget).count()
    before_choices = BallotChoice.all_objects.filter(budget=budget).count()
    whole, districts = areas[0], areas[1:]
    jobs = []
    for person in people:
        cheap = sorted(plans[whole.pk], key=lambda p: p.price)[:2] + [min(plans[rng.choice(districts).pk],
                                                                          key=lambda p: p.price)]
        for channel in ("web", "service_point"):
            jobs.append((person, [p.pk for p in cheap], channel))
    rng.shuffle(jobs)
    barrier = threading.Barrier(min(len(jobs), 50))
    accepted, refused, failed = [], [], []
    lock = threading.Lock()

    def run(batch):
        try:
            barrier.wait(timeout=60)
        except threading.BrokenBarrierError:
            pass
        for person, plan_ids, channel in batch:
            try:
                services.cast_ballot(budget, person, plan_ids, strong=True, channel=channel)
                with lock:
                    accepted.append(len(plan_ids))
            except ValidationError:
                with lock:
                    refused.append(person.pk)
            except Exception as exc:  # noqa: BLE001 (reported)
                with lock:
                    failed.append(repr(exc))
        connections.close_all()

    threads = [threading.Thread(target=run, args=(jobs[i::50],)) for i in range(min(len(jobs), 50))]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    ballots = Ballot.all_objects.filter(budget=budget).count() - before_ballots
    choices = BallotChoice.all_objects.filter(budget=budget).count() - before_choices
    marks = VoterMark.all_objects.filter(budget=budget).count() - before_marks
    ok = not failed and ballots == n == len(accepted) == marks and len(refused) == n and choices == sum(accepted)
    return ok, elapsed, ballots, choices, len(refused), failed[:3]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/luukku_bench_pb")
    parser.add_argument("--ballots", type=int, default=100_000)
    parser.add_argument("--voters", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    setup(args.database_url)
    m, budget, areas, plans = world(rng)
    start = time.perf_counter()
    choices = copy_ballots(budget, areas, plans, args.ballots, rng)
    print(f"COPY: {args.ballots} ballots, {choices} choices in {time.perf_counter() - start:.1f} s")
    elapsed, raw, winners = timed_results(budget)
    print(f"tally and winners: {elapsed * 1000:.0f} ms ({winners} winners; target ≤ {TARGET_SECONDS * 1000:.0f} ms: "
          f"{'OK' if elapsed <= TARGET_SECONDS else 'SLOW'}); raw SQL count {raw * 1000:.0f} ms; "
          f"ratio {elapsed / raw if raw else float('inf'):.2f}")
    from luukku.participation import selectors

    start = time.perf_counter()
    size = len(selectors.pabulib(budget, areas[0]))
    print(f"Pabulib export of the whole-municipality area: {size / 1e6:.1f} MB in {time.perf_counter() - start:.2f} s")
    ok, seconds, ballots, choices, refused, failed = concurrent_voters(m, budget, areas, plans, args.voters, rng)
    print(f"{args.voters} concurrent voters, each trying twice: {ballots} ballots, {choices} choices, "
          f"{refused} second tries refused, in {seconds:.1f} s: {'OK' if ok else 'FAILED'} {failed or ''}")
    return 0 if ok and elapsed <= TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
