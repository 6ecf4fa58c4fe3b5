"""Speed of a proactive campaign over a whole Finnish birth cohort (issue 6, "Speed").

    python bench/bench_proactive.py [--database-url postgres://postgres@127.0.0.1:5432/luukku_bench_proactive]
                                    [--children 60000] [--reuse] [--profile] [--seed 1]

Without --reuse: a fresh PostgreSQL database, migrated and loaded with the demo (its preschool rule
"esiopetus", four preschool units with catchment areas), then a generated cohort written with COPY:
--children children born in one year (BORN_YEAR, so that they turn six in CAMPAIGN_YEAR and the
demo's own 2021 cohort stays out), 1–2 guardians each with their guardian mandates, homes inside the
demo border (most around the centre), some twins, guardians without contact details, protected
addresses. The demo units' capacities are scaled to hold the cohort with a little room to spare
(the centre overflows, as in the demo).

Then, in the same process:
(1) `services.run(campaign)`: selects the cohort, allocates the units, writes the offers, their
    `proactive.offer_made` events, the notifications and their deliveries (and the delivery tasks),
    chunk by chunk;
(2) the baseline: the same rows read back and written again with COPY into the real tables, under
    new identities as the run would write them (ids from the sequences, new public ids and keys,
    a second campaign), in one transaction: every index, unique constraint and foreign-key check
    the run pays for. Target: run / baseline ≤ 2.0. For comparison, the same COPY into scratch
    tables made `LIKE … INCLUDING ALL` (indexes and unique constraints, no foreign keys);
(3) a second `services.run(campaign)`: must create 0 rows.
--profile afterwards runs a second campaign of the same cohort under cProfile and prints the top 25.
--reuse keeps the database and its cohort and deletes the earlier benchmark campaigns' rows first.
"""

import argparse
import datetime as dt
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

if __name__ == "__main__" and "--internal" in sys.argv:
    sys.path.insert(0, os.path.join(HERE, "..", "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "luukku.config.settings")
    import django

    django.setup()

from _server import PYTHON, bench_env, prepare, recreate_postgres

SLUG = "koivula"
RULE = "esiopetus"
CAMPAIGN_YEAR = 2028
BORN_YEAR = CAMPAIGN_YEAR - 6
TARGET = 2.0
MARKER = "bench:proactive"  # mandate source of the generated guardianships
DOMAIN = "penkki.invalid"
TWIN_SHARE, TWO_GUARDIANS, NO_CONTACT, PHONE_ONLY = 0.015, 0.8, 0.02, 0.03
SWEDISH, PROTECTED, APART, NEAR_CENTRE = 0.05, 0.005, 0.05, 0.6
SPARE = 1.03  # total capacity / children


# --- the generated cohort (runs inside Django) -----------------------------------------------

def generate(n_children: int, seed: int) -> dict:
    from django.db import connection, transaction
    from gen_cases import (
        FEMALE,
        LAST,
        MALE,
        STREETS,
        Writer,
        _ascii,
        _hetu,
        _next_id,
        _report,
        _sample_codes,
    )

    from luukku.core import clock, geo
    from luukku.core.models import Municipality
    from luukku.people import hetu
    from luukku.people.models import Mandate, MandateKind, Person
    from luukku.proactive.models import PlacementUnit, Rule

    m = Municipality.objects.get(slug=SLUG)
    rule = Rule.all_objects.get(municipality=m, slug=RULE)
    existing = Person.all_objects.filter(municipality=m, birth_date__year=BORN_YEAR).count()
    if existing:
        print(f"  the cohort is already there ({existing} children born in {BORN_YEAR})", flush=True)
        return {"children": existing}
    rng, writer, now = random.Random(seed), Writer(), clock.now()
    border = m.boundary
    ring = border["coordinates"][0]
    box = (min(p[1] for p in ring), max(p[1] for p in ring), min(p[0] for p in ring), max(p[0] for p in ring))
    centre = (61.5140, 25.2290)

    def point():
        while True:
            if rng.random() < NEAR_CENTRE:
                lat, lon = rng.gauss(centre[0], 0.012), rng.gauss(centre[1], 0.025)
            else:
                lat, lon = rng.uniform(box[0], box[1]), rng.uniform(box[2], box[3])
            if geo.contains(border, lat, lon):
                return round(lat, 6), round(lon, 6)

    started = time.perf_counter()
    taken = set(Person.all_objects.filter(municipality=m).values_list("hetu_hash", flat=True))
    kids = _sample_codes(rng, dt.date(BORN_YEAR, 1, 1), dt.date(BORN_YEAR, 12, 31), n_children, taken)
    n_adults = int(n_children * 2)
    adults = _sample_codes(rng, dt.date(1975, 1, 1), dt.date(1997, 12, 31), n_adults, taken)
    used = {code for _day, code in kids}
    columns = [f.attname for f in Person._meta.concrete_fields]
    # Columns the generator does not name take the model's default (a field added later needs no edit here).
    defaults = {f.attname: f.get_default() for f in Person._meta.concrete_fields}
    next_person, next_mandate = _next_id(Person), _next_id(Mandate)
    persons, mandates = [], []
    adult_at = 0

    def person(code, birth, first, last, street, office, where, email, phone, lang, protected):
        nonlocal next_person
        pid = next_person
        next_person += 1
        row = {"id": pid, "municipality_id": m.pk, "public_id": uuid.UUID(int=rng.getrandbits(128), version=4),
               "user_id": None, "hetu_encrypted": hetu.encrypt(code), "hetu_hash": hetu.lookup_hash(code),
               "first_names": first, "last_name": last, "birth_date": birth, "street_address": street,
               "postal_code": "41990", "post_office": office, "latitude": where[0], "longitude": where[1],
               "email": email, "phone": phone, "language": lang, "protected_address": protected,
               "moved_away_on": None, "register_checked_at": None, "last_loa": "", "last_amr": []}
        persons.append(tuple(row[c] if c in row else defaults[c] for c in columns))
        return pid

    i = 0
    while i < n_children:
        last = rng.choice(LAST)
        lang = "sv" if rng.random() < SWEDISH else "fi"
        office = "Björkby" if lang == "sv" else "Koivula"
        home, street = point(), f"{rng.choice(STREETS)} {rng.randint(1, 120)}"
        roll = rng.random()
        protected = rng.random() < PROTECTED
        guardians = []
        for g in range(2 if rng.random() < TWO_GUARDIANS else 1):
            birth, code = adults[adult_at]
            adult_at += 1
            first = rng.choice(FEMALE if g == 0 else MALE)
            apart = g == 1 and rng.random() < APART
            email = "" if roll < NO_CONTACT + PHONE_ONLY else f"{_ascii(first)}.{_ascii(last)}.{adult_at}@{DOMAIN}"
            phone = "" if roll < NO_CONTACT else f"+358 40 {rng.randint(1000000, 9999999)}"
            guardians.append(person(code, birth, first, last,
                                    f"{rng.choice(STREETS)} {rng.randint(1, 120)}" if apart else street, office,
                                    point() if apart else home, email, phone, lang, protected))
        twins = 2 if rng.random() < TWIN_SHARE and i + 1 < n_children else 1
        born = kids[i][0]
        for t in range(twins):
            code = kids[i][1]
            if t == 1:  # a twin: another code of the same birthday
                while True:
                    code = _hetu(born, rng.randint(2, 899))
                    digest = hetu.lookup_hash(code)
                    if code not in used and digest not in taken:
                        used.add(code)
                        taken.add(digest)
                        break
            first = rng.choice(FEMALE if rng.random() < 0.5 else MALE)
            child = person(code, born, first, last, street, office, home, "", "", lang, protected)
            for guardian in guardians:
                mandates.append((next_mandate, uuid.UUID(int=rng.getrandbits(128), version=4), m.pk, child, guardian,
                                 MandateKind.GUARDIAN, MARKER, born, None, now))
                next_mandate += 1
            i += 1
    mandate_columns = ["id", "public_id", "municipality_id", "principal_id", "agent_id", "kind", "source",
                       "valid_from", "valid_until", "created_at"]
    with transaction.atomic():
        for at in range(0, len(persons), 50_000):
            writer.write(Person, columns, persons[at:at + 50_000])
        writer.write(Mandate, mandate_columns, mandates)
        # Room for the cohort, shared as the demo shares it (the centre a little short).
        places = list(PlacementUnit.all_objects.filter(rule=rule).order_by("pk"))
        total = sum(p.capacity for p in places)
        for place in places:
            place.capacity = int(place.capacity / total * n_children * SPARE) + 1
            place.save(update_fields=["capacity"])
        from django.core.management.color import no_style

        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [Person, Mandate]):
                cursor.execute(sql)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    _report("persons (children and guardians)", len(persons), started)
    return {"children": n_children, "persons": len(persons), "mandates": len(mandates)}


# --- the measurements (inside Django) ----------------------------------------------------------

TABLES = ("proactive_offer", "notify_notification", "notify_delivery", "core_domainevent")


def _rows_of_run(cursor, campaign_id: int, since) -> dict[str, str]:
    """SELECTs of the rows the run wrote, per table."""
    offers = f"SELECT id FROM proactive_offer WHERE campaign_id = {int(campaign_id)}"
    notes = ("SELECT id FROM notify_notification WHERE idempotency_key LIKE 'offer:%%' AND created_at >= %s")
    return {
        "proactive_offer": f"SELECT * FROM proactive_offer WHERE id IN ({offers})",
        "notify_notification": f"SELECT * FROM notify_notification WHERE id IN ({notes})",
        "notify_delivery": f"SELECT * FROM notify_delivery WHERE notification_id IN ({notes})",
        # proactive.offer_made, one per offer, written with its chunk (the metrics store counts them)
        "core_domainevent": ("SELECT * FROM core_domainevent WHERE kind = 'proactive.offer_made' AND object_id IN "
                             f"(SELECT public_id::text FROM proactive_offer WHERE campaign_id = {int(campaign_id)})"),
    }


def _counts(cursor, queries, since) -> dict[str, int]:
    out = {}
    for table, sql in queries.items():
        cursor.execute(f"SELECT count(*) FROM ({sql}) AS t", [since] if "%s" in sql else [])
        out[table] = cursor.fetchone()[0]
    return out


def _read(cursor, queries, since) -> dict:
    data = {}
    for table, sql in queries.items():
        cursor.execute(sql, [since] if "%s" in sql else [])
        rows = cursor.fetchall()
        json_at = [k for k, value in enumerate(rows[0]) if isinstance(value, (dict, list))] if rows else []
        if json_at:
            rows = [tuple(json.dumps(v, ensure_ascii=False) if k in json_at else v for k, v in enumerate(row))
                    for row in rows]
        data[table] = ([c.name for c in cursor.description], rows)
    return data


def _copy(raw, table, names, rows) -> None:
    with raw.copy(f"COPY {table} ({', '.join(names)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def baseline(queries, since) -> dict[str, float]:
    """Seconds to COPY the run's rows into empty scratch copies of their tables, per table: the
    same columns, defaults, indexes and unique constraints, but no foreign keys."""
    from django.db import connection, transaction

    seconds = {}
    with connection.cursor() as cursor:
        data = _read(cursor, queries, since)
        for table in queries:
            cursor.execute(f"DROP TABLE IF EXISTS bench_{table}")
            cursor.execute(f"CREATE TABLE bench_{table} (LIKE {table} INCLUDING ALL)")
        cursor.execute("CHECKPOINT")
        for table, (names, rows) in data.items():
            started = time.perf_counter()
            with transaction.atomic():
                _copy(cursor.cursor, f"bench_{table}", names, rows)
            seconds[table] = time.perf_counter() - started
        for table in queries:
            cursor.execute(f"DROP TABLE bench_{table}")
    return seconds


def baseline_real(queries, since, rule) -> dict[str, float]:
    """Seconds to write the run's rows once more, by COPY, into the real tables, with every index,
    constraint and foreign-key check the run pays for: the same rows under new identities, as
    the run writes them (ids from the tables' sequences, new public ids and message keys, offers
    of a second campaign), in one transaction; the copies are deleted afterwards."""
    from django.db import connection, transaction

    from luukku.core import clock
    from luukku.core.history import history_maintenance
    from luukku.proactive import services

    copy = services.create_campaign(rule=rule, year=CAMPAIGN_YEAR, name="baseline copy",
                                    deadline=clock.today() + dt.timedelta(days=21))
    with connection.cursor() as cursor:
        data = _read(cursor, queries, since)

        def renumber(table, changes):
            names, rows = data[table]
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                           [table, len(rows)])
            at = {name: names.index(name) for name in ("id", *changes)}
            old_to_new, out = {}, []
            for (new_id,), row in zip(cursor.fetchall(), rows):
                row = list(row)
                old_to_new[row[at["id"]]] = row[at["id"]] = new_id
                for name, change in changes.items():
                    row[at[name]] = change(row[at[name]])
                out.append(row)
            return names, out, old_to_new

        new_uuid = {}
        offers = renumber("proactive_offer", {"public_id": lambda old: new_uuid.setdefault(str(old), uuid.uuid4()),
                                              "campaign_id": lambda _old: copy.pk})
        notes = renumber("notify_notification", {
            "public_id": lambda _old: uuid.uuid4(),
            "idempotency_key": lambda key: ":".join(str(new_uuid.get(part, part)) for part in key.split(":"))})
        deliveries = renumber("notify_delivery", {"public_id": lambda _old: uuid.uuid4(),
                                                  "notification_id": lambda old: notes[2][old]})
        events = renumber("core_domainevent", {"object_id": lambda old: str(new_uuid.get(old, old))})
        cursor.execute("CHECKPOINT")
        seconds = {}
        started = time.perf_counter()
        with transaction.atomic():
            for table, (names, rows, _ids) in zip(TABLES, (offers, notes, deliveries, events), strict=True):
                at = time.perf_counter()
                _copy(cursor.cursor, table, names, rows)
                seconds[table] = time.perf_counter() - at
            at = time.perf_counter()
        seconds["commit"] = time.perf_counter() - at
        seconds["strict"] = time.perf_counter() - started
        with history_maintenance():  # the copies' event rows are history: removed through its door
            for table, (_names, _rows, ids) in (("core_domainevent", events), ("notify_delivery", deliveries),
                                                ("notify_notification", notes), ("proactive_offer", offers)):
                cursor.execute(f"DELETE FROM {table} WHERE id = ANY(%s)", [list(ids.values())])
            cursor.execute("DELETE FROM proactive_campaign WHERE id = %s", [copy.pk])
    return seconds


def internal(args) -> dict:
    from django.db import connection
    from django_tasks_db.models import DBTaskResult

    from luukku.core import clock
    from luukku.core.models import Municipality
    from luukku.proactive import services
    from luukku.proactive.models import Campaign, Rule

    out = {"generated": generate(args.children, args.seed)}
    m = Municipality.objects.get(slug=SLUG)
    rule = Rule.all_objects.get(municipality=m, slug=RULE)
    earlier = list(Campaign.all_objects.filter(rule=rule, year=CAMPAIGN_YEAR).values_list("pk", flat=True))
    if earlier:  # --reuse: the cohort stays, the earlier runs' rows go
        forget(earlier)
    campaign = services.create_campaign(rule=rule, year=CAMPAIGN_YEAR, name=f"Esiopetus {CAMPAIGN_YEAR} (bench)",
                                        deadline=clock.today() + dt.timedelta(days=21))
    since = clock.now()
    with connection.cursor() as cursor:
        cursor.execute("CHECKPOINT")
    started = time.perf_counter()
    created = services.run(campaign)
    out["run_s"] = time.perf_counter() - started
    out["created"] = created
    with connection.cursor() as cursor:
        queries = _rows_of_run(cursor, campaign.pk, since)
        out["rows"] = _counts(cursor, queries, since)
        out["tasks"] = DBTaskResult.objects.filter(enqueued_at__gte=since).count()
        cursor.execute("SELECT status, count(*) FROM proactive_offer WHERE campaign_id = %s GROUP BY status "
                       "ORDER BY status", [campaign.pk])
        out["statuses"] = dict(cursor.fetchall())
        cursor.execute("SELECT count(*) FROM proactive_offer WHERE campaign_id = %s AND needs_letter", [campaign.pk])
        out["letters"] = cursor.fetchone()[0]
        cursor.execute("CHECKPOINT")
    out["baseline_s"] = baseline(queries, since)
    out["real_s"] = baseline_real(queries, since, rule)
    started = time.perf_counter()
    out["again_created"] = services.run(campaign)
    out["again_s"] = time.perf_counter() - started
    with connection.cursor() as cursor:
        out["rows_after_again"] = _counts(cursor, queries, since)
    if args.profile:
        out["profile"] = profile(rule)
    return out


def forget(campaign_ids) -> None:
    """Delete earlier benchmark campaigns with their offers, history and messages (raw SQL)."""
    from django.db import connection

    ids = ", ".join(str(int(pk)) for pk in campaign_ids)
    offers = f"SELECT id FROM proactive_offer WHERE campaign_id IN ({ids})"
    notes = ("SELECT id FROM notify_notification WHERE idempotency_key LIKE 'offer:%%' AND "
             f"split_part(idempotency_key, ':', 2) IN (SELECT public_id::text FROM proactive_offer "
             f"WHERE campaign_id IN ({ids}))")
    from luukku.core.history import history_maintenance

    with history_maintenance(), connection.cursor() as cursor:  # offers' history goes with them
        # Fresh statistics first: right after a run the planner thinks the tables are empty and
        # joins 200 000 messages to 60 000 offers by nested loop (minutes instead of seconds).
        cursor.execute("ANALYZE notify_notification, notify_delivery, proactive_offer, proactive_offerchange")
        cursor.execute("DELETE FROM core_domainevent WHERE kind = 'proactive.offer_made' AND object_id IN "
                       f"(SELECT public_id::text FROM proactive_offer WHERE campaign_id IN ({ids}))")
        cursor.execute(f"DELETE FROM notify_delivery WHERE notification_id IN ({notes})", [])
        cursor.execute(f"DELETE FROM notify_notification WHERE id IN ({notes})", [])
        cursor.execute(f"DELETE FROM proactive_offerchange WHERE offer_id IN ({offers})")
        cursor.execute(f"DELETE FROM proactive_offer WHERE campaign_id IN ({ids})")
        cursor.execute(f"DELETE FROM proactive_campaign WHERE id IN ({ids})")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"  deleted {len(campaign_ids)} earlier benchmark campaigns and their rows", flush=True)


def profile(rule) -> str:
    import cProfile
    import io
    import pstats

    from luukku.core import clock
    from luukku.proactive import services

    campaign = services.create_campaign(rule=rule, year=CAMPAIGN_YEAR, name=f"Esiopetus {CAMPAIGN_YEAR} (profile)",
                                        deadline=clock.today() + dt.timedelta(days=21))
    profiler = cProfile.Profile()
    profiler.enable()
    services.run(campaign)
    profiler.disable()
    text = io.StringIO()
    stats = pstats.Stats(profiler, stream=text)
    stats.sort_stats("cumulative").print_stats(25)
    stats.sort_stats("tottime").print_stats(25)
    return text.getvalue()


# --- the whole run ---------------------------------------------------------------------------

def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/luukku_bench_proactive")
    parser.add_argument("--children", type=int, default=60_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reuse", action="store_true",
                        help="the database already has the demo (and the cohort): earlier runs' offers are deleted")
    parser.add_argument("--profile", action="store_true", help="cProfile of a second campaign run (top 25)")
    parser.add_argument("--var-dir", default=os.path.join(tempfile.gettempdir(), "luukku-bench-proactive"))
    args = parser.parse_args()
    if not args.database_url.startswith("postgres"):
        sys.exit("PostgreSQL only: the baseline is a COPY")
    os.makedirs(args.var_dir, exist_ok=True)
    env = bench_env(args.var_dir, args.database_url)
    started = time.perf_counter()
    if not args.reuse:
        recreate_postgres(args.database_url)
        prepare(env)  # migrate and load the demo
        print(f"  database created and demo loaded in {time.perf_counter() - started:.0f} s", flush=True)
    else:  # the schema may have moved on since the database was made
        subprocess.run([PYTHON, os.path.join(HERE, "..", "manage.py"), "migrate", "--no-input"], env=env, check=True,
                       stdout=subprocess.DEVNULL)
    command = [PYTHON, os.path.abspath(__file__), "--internal", "--children", str(args.children), "--seed",
               str(args.seed)] + (["--profile"] if args.profile else [])
    done = subprocess.run(command, env=env, check=True, stdout=subprocess.PIPE, text=True)
    lines = done.stdout.splitlines()
    for line in lines:
        if not line.startswith("JSON:"):
            print(line)
    report(args, json.loads(next(line[5:] for line in lines if line.startswith("JSON:"))))


def report(args, r):
    import psycopg

    with psycopg.connect(args.database_url) as conn:
        version = conn.execute("SHOW server_version").fetchone()[0]
    rows, base = r["rows"], r["baseline_s"]
    print(f"\nmachine: {platform.node()} {platform.machine()} {os.cpu_count()} cores, Python "
          f"{platform.python_version()}, PostgreSQL {version}; {dt.datetime.now():%Y-%m-%d %H:%M}")
    print(f"cohort: {r['generated'].get('children')} children born {BORN_YEAR} "
          f"({r['generated'].get('persons', '?')} persons, {r['generated'].get('mandates', '?')} guardian mandates)")
    print(f"offers by status: {r['statuses']}; needing a paper letter: {r['letters']}")
    print(f"rows written by the run: offers {rows['proactive_offer']}, "
          f"notifications {rows['notify_notification']}, deliveries {rows['notify_delivery']}"
          + (f"; task rows in the queue {r['tasks']}" if r.get("tasks") is not None else ""))
    real = r["real_s"]
    strict = real["strict"]
    scratch = sum(base[t] for t in TABLES)
    print(f"{'measure':<66} {'seconds':>8} {'ratio':>6}")
    print(f"{'baseline: COPY offers, messages, deliveries, events (real tables)':<66} {strict:>8.2f} {1:>6.2f}")
    for table in (*TABLES, "commit"):
        print(f"{'  of which ' + table + (' (foreign-key checks)' if table == 'commit' else ''):<66} "
              f"{real[table]:>8.2f}")
    print(f"{'the same COPY into scratch tables without foreign keys':<66} {scratch:>8.2f}")
    for table in TABLES:
        print(f"{'  of which ' + table:<66} {base[table]:>8.2f}")
    ratio = r["run_s"] / strict
    print(f"{'services.run(campaign) (select, allocate, write all)':<66} {r['run_s']:>8.2f} {ratio:>6.2f}  "
          f"target ≤ {TARGET:.1f}: {'met' if ratio <= TARGET else 'MISSED'}")
    print(f"{'  against the scratch tables without foreign keys':<66} {scratch:>8.2f} {r['run_s'] / scratch:>6.2f}")
    same = r["rows_after_again"] == rows
    print(f"{'second services.run(campaign)':<64} {r['again_s']:>8.2f}        created {r['again_created']} offers, "
          f"rows unchanged: {'yes' if same else 'NO'}  target 0: "
          f"{'met' if r['again_created'] == 0 and same else 'MISSED'}")
    if r.get("profile"):
        print("\ncProfile of services.run on a second campaign of the same cohort:\n" + r["profile"])


if __name__ == "__main__":
    if "--internal" in sys.argv:
        parser = argparse.ArgumentParser()
        parser.add_argument("--internal", action="store_true")
        parser.add_argument("--children", type=int, default=60_000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--profile", action="store_true")
        result = internal(parser.parse_args())
        print("JSON:" + json.dumps(result, default=str))
    else:
        main()
