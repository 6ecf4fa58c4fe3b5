"""Speed of the managers' dashboard over 10 000 000 transaction facts (issue 16, Speed).

    python bench/bench_insight.py [--scale 1.0] [--repeats 30] [--reuse]
                                  [--database-url postgres://postgres@127.0.0.1:5432/luukku_bench_insight]

Without --reuse: drops and creates the database, migrates it, makes one municipality (8 sectors,
30 units, 200 services with life events and service-level targets, 15 feedback categories, 3 offer
rules) and writes --scale × 10 000 000 facts with COPY: a year of days with seasonal demand (a summer
dip, an August peak), services by a Zipf-like popularity, a channel mix moving from phone and the
service point towards online over the year, processing times log-normal around each service's
target, ratings mostly 4–5. Then the daily roll-ups are built (`insight.services.rollup_all`, timed).

Then each dashboard view (insight.report.VIEWS: demand and channels, processing and backlog,
feedback, proactive campaigns) is timed over the default period (the last 12 months), p95 over
--repeats: the view's sections as the page builds them (selectors over the roll-ups, names, SVG,
tables), the whole page GET through the view function (a test client logged in as a manager), and,
in the same run, the sum of the equivalent hand-written SQL aggregates over the raw facts (the
baseline). Targets: p95 ≤ 200 ms per view and ≤ 1.5 × the baseline. The backlog reads open cases,
not facts, and is not part of the raw comparison (bench/bench_cases.py covers case counts). Record figures in
bench/RESULTS.md.
"""

import argparse
import datetime as dt
import io
import math
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from _server import recreate_postgres  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/luukku_bench_insight"
FULL = 10_000_000
TODAY = dt.date(2026, 12, 7)
TARGET_MS, TARGET_RATIO = 200.0, 1.5
HELSINKI_OFFSET = dt.timedelta(hours=2)

# kind → (share of facts, outcome or None)
KINDS = [
    ("case.submitted", 0.34, ""), ("case.status_changed", 0.22, "decided"), ("case.status_changed", 0.10, "in_handling"),
    ("contact.logged", 0.10, ""), ("feedback.received", 0.13, ""), ("feedback.status_changed", 0.03, "PROCESSED"),
    ("feedback.rated", 0.03, None), ("proactive.offer_made", 0.03, ""), ("proactive.offer_accept", 0.015, "accept"),
    ("proactive.offer_decline", 0.005, "decline"), ("proactive.offer.status_changed", 0.005, "no_answer"),
]
CHANNELS_START = {"online": 0.45, "phone": 0.25, "service_point": 0.15, "email": 0.08, "mail": 0.04, "chat": 0.03}
CHANNELS_END = {"online": 0.70, "phone": 0.14, "service_point": 0.07, "email": 0.05, "mail": 0.01, "chat": 0.03}
COLUMNS = ["municipality_id", "event_id", "kind", "at", "day", "service_id", "sector_id", "unit_id", "channel",
           "life_event_id", "topic", "outcome", "seconds", "bucket", "on_time", "rating"]


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "luukku.config.settings")
    os.environ.setdefault("LUUKKU_VAR_DIR", "/tmp/luukku_bench_insight")
    os.makedirs(os.environ["LUUKKU_VAR_DIR"], exist_ok=True)
    import django

    django.setup()


def world(rng):
    """The municipality and its catalogue; returns (municipality, services [(id, sector, unit, life event,
    sla days, weight)], category codes, rule slugs)."""
    from luukku.catalogue.models import Code, CodeKind, Service
    from luukku.core.models import Municipality, Sector, Unit
    from luukku.eservices.models import CaseType
    from luukku.feedback.models import Category
    from luukku.proactive.models import Rule

    m = Municipality.objects.create(slug="penkkila", code="990", name={"fi": "Penkkilä"}, languages=["fi", "sv", "en"])
    sectors = [Sector.all_objects.create(municipality=m, slug=f"toimiala-{i}", name={"fi": f"Toimiala {i}"})
               for i in range(8)]
    units = [Unit.all_objects.create(municipality=m, slug=f"yksikko-{i}", name={"fi": f"Yksikkö {i}"},
                                     sector=sectors[i % 8]) for i in range(30)]
    events = [Code.objects.create(kind=CodeKind.LIFE_EVENT, code=f"BENCH-KE{i}", name={"fi": f"Elämäntilanne {i}"})
              for i in range(20)]
    services = []
    for i in range(200):
        unit = units[i % 30]
        s = Service.all_objects.create(municipality=m, slug=f"palvelu-{i}", name={"fi": f"Palvelu {i}"},
                                       sector=unit.sector, responsible_unit=unit)
        life_event = events[i % 20]
        s.codes.add(life_event)
        sla = rng.choice([5, 10, 14, 20, 30, None])
        CaseType.all_objects.create(municipality=m, slug=f"hakemus-{i}", service=s, unit=unit,
                                    name={"fi": f"Hakemus {i}"}, sla_days=sla)
        services.append((s.pk, unit.sector_id, unit.pk, life_event.pk, sla, 1 / (i + 1) ** 0.9))
    categories = [Category.all_objects.create(municipality=m, code=f"aihe-{i}", name={"fi": f"Aihe {i}"}).code
                  for i in range(15)]
    rules = [Rule.all_objects.create(municipality=m, slug=f"saanto-{i}", name={"fi": f"Sääntö {i}"},
                                     legal_basis={"fi": "Laki"}, offer_title={"fi": "Tarjous"},
                                     offer_text={"fi": "Tarjous"}).slug for i in range(3)]
    return m, services, categories, rules, units


def _channel(rng, progress: float) -> str:
    weights = {c: CHANNELS_START[c] + (CHANNELS_END[c] - CHANNELS_START[c]) * progress for c in CHANNELS_START}
    return rng.choices(list(weights), list(weights.values()))[0]


def generate(municipality, services, categories, rules, units, n: int, rng) -> float:
    """COPY n facts over the 365 days before TODAY; returns seconds."""
    from django.db import connection

    from luukku.insight.models import bucket_of

    first = TODAY - dt.timedelta(days=364)
    days = [first + dt.timedelta(days=i) for i in range(365)]
    # Seasonal demand: a July dip, an August peak, a little less at weekends.
    day_weights = [(1.0 - 0.45 * (d.month == 7) + 0.35 * (d.month == 8)) * (0.35 if d.weekday() >= 5 else 1.0)
                   for d in days]
    kinds = [(k, o) for k, _w, o in KINDS]
    kind_weights = [w for _k, w, _o in KINDS]
    service_weights = [s[-1] for s in services]
    started = time.perf_counter()
    chunk = 200_000
    written = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor
        while written < n:
            size = min(chunk, n - written)
            picked_days = rng.choices(range(365), day_weights, k=size)
            picked_kinds = rng.choices(kinds, kind_weights, k=size)
            picked_services = rng.choices(services, service_weights, k=size)
            buf = io.StringIO()
            for i in range(size):
                d_index, (kind, outcome), service = picked_days[i], picked_kinds[i], picked_services[i]
                day = days[d_index]
                at = dt.datetime.combine(day, dt.time(8 + (i % 9), i % 60)) - HELSINKI_OFFSET
                service_id, sector_id, unit_id, life_event_id, sla, _w = service
                topic, seconds, on_time, rating, channel = "", None, None, None, _channel(rng, d_index / 364)
                if kind.startswith("feedback."):
                    service_id = life_event_id = None
                    # As the extractor makes them: no service, so the sector is the unit's.
                    unit_id, sector_id = units[i % 30].pk, units[i % 30].sector_id
                    topic = categories[min(int(rng.expovariate(0.35)), 14)]
                    if kind == "feedback.rated":
                        rating = rng.choices([1, 2, 3, 4, 5], [5, 7, 15, 35, 38])[0]
                        outcome = str(rating)
                elif kind.startswith("proactive."):
                    topic, channel = rules[i % 3], ""
                elif outcome == "decided":
                    target_days = (sla or 20) * 1.4
                    seconds = int(86400 * rng.lognormvariate(math.log(target_days * 0.7), 0.6))
                    on_time = (seconds <= target_days * 86400) if sla else None
                bucket = bucket_of(seconds)
                values = [municipality.pk, written + i + 1, kind, at.isoformat() + "+00:00", day.isoformat(),
                          service_id, sector_id, unit_id, channel, life_event_id, topic, outcome, seconds, bucket,
                          on_time, rating]
                buf.write("\t".join(r"\N" if v is None else ("t" if v is True else "f" if v is False else str(v))
                                    for v in values))
                buf.write("\n")
            with raw.copy(f"COPY insight_fact ({', '.join(COLUMNS)}) FROM STDIN") as copy:
                copy.write(buf.getvalue())
            written += size
            print(f"  {written:>11,} facts", end="\r", flush=True)
    print()
    return time.perf_counter() - started


# The equivalent hand-written aggregates over the raw facts (the baseline).
DEMAND = "kind IN ('case.submitted', 'contact.logged', 'feedback.received')"
WHERE = "municipality_id = %(m)s AND day BETWEEN %(start)s AND %(end)s"
RAW_SQL = {
    "demand by service": f"SELECT service_id, count(*) FROM insight_fact WHERE {WHERE} AND {DEMAND} GROUP BY 1",
    "demand by sector": f"SELECT sector_id, count(*) FROM insight_fact WHERE {WHERE} AND {DEMAND} GROUP BY 1",
    "demand by life event": f"SELECT life_event_id, count(*) FROM insight_fact WHERE {WHERE} AND {DEMAND} GROUP BY 1",
    "channel mix": f"SELECT date_trunc('month', day), channel, count(*) FROM insight_fact WHERE {WHERE} AND {DEMAND} "
                   "GROUP BY 1, 2",
    "processing times": "SELECT service_id, count(*), percentile_cont(0.5) WITHIN GROUP (ORDER BY seconds), "
                        "percentile_cont(0.9) WITHIN GROUP (ORDER BY seconds), count(on_time), "
                        f"count(*) FILTER (WHERE on_time) FROM insight_fact WHERE {WHERE} "
                        "AND kind = 'case.status_changed' AND outcome = 'decided' GROUP BY 1",
    "satisfaction": f"SELECT rating, count(*) FROM insight_fact WHERE {WHERE} AND kind = 'feedback.rated' GROUP BY 1",
    "feedback by theme": f"SELECT topic, count(*) FROM insight_fact WHERE {WHERE} AND kind = 'feedback.received' "
                         "GROUP BY 1",
    "campaign outcomes": f"SELECT topic, kind, outcome, count(*) FROM insight_fact WHERE {WHERE} AND kind IN "
                         "('proactive.offer_made', 'proactive.offer_accept', 'proactive.offer_decline', "
                         "'proactive.offer_change', 'proactive.offer.status_changed') GROUP BY 1, 2, 3",
}


def views(scope):
    """{view: its sections as the page builds them (report.VIEWS: demand and channels from one read)}."""
    from luukku.insight import report

    return {key: (lambda key=key: report.view_sections(scope, "fi", key)) for key in report.VIEWS}


# The raw aggregates of each view's sections (the backlog reads open cases: not in the comparison).
VIEW_SQL = {"demand": ["demand by service", "demand by sector", "demand by life event", "channel mix"],
            "processing": ["processing times"], "feedback": ["satisfaction", "feedback by theme"],
            "campaigns": ["campaign outcomes"]}


def page_client(m):
    """A test client logged in as a manager of `m`: the whole page through the view function."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    from luukku.core.models import Role, StaffMembership

    user, _ = get_user_model().objects.get_or_create(username="bench-johtaja")
    StaffMembership.objects.get_or_create(municipality=m, user=user, role=Role.MANAGER)
    from luukku.twofactor.gate import SESSION_KEY

    client = Client()
    client.force_login(user)
    session = client.session
    session[SESSION_KEY] = user.pk  # the second factor passed, as after a real login
    session.save()
    return client


def p95(values):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(0.95 * (len(values) - 1))))]


def timed(fn, repeats, pick=p95):
    fn()  # warm: plans, caches
    out = []
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        out.append((time.perf_counter() - started) * 1000)
    return pick(out)


def median(values):
    values = sorted(values)
    return values[len(values) // 2]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1.0: 10 000 000 facts")
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--raw-repeats", type=int, default=5,
                        help="runs of each raw aggregate (seconds each at 10 M facts); its median is the baseline")
    parser.add_argument("--reuse", action="store_true", help="keep the database of an earlier run")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_INSIGHT_DATABASE_URL", DEFAULT_URL))
    args = parser.parse_args()
    if not args.database_url.startswith("postgres"):
        sys.exit("PostgreSQL only: the facts are written with COPY.")
    if not args.reuse:
        recreate_postgres(args.database_url)
    setup_django(args.database_url)
    from django.core.management import call_command
    from django.db import connection

    from luukku.core import clock
    from luukku.core.models import Municipality
    from luukku.core.tenancy import municipality_context
    from luukku.insight import services as insight_services
    from luukku.insight.forms import preset_range
    from luukku.insight.models import DailyRollup, Fact
    from luukku.insight.selectors import Scope

    n = int(FULL * args.scale)
    if not args.reuse:
        call_command("migrate", verbosity=0)
        rng = random.Random(16)
        m, services, categories, rules, units = world(rng)
        print(f"generating {n:,} facts (COPY)…")
        seconds = generate(m, services, categories, rules, units, n, rng)
        print(f"facts written in {seconds:.1f} s")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE insight_fact")
        started = time.perf_counter()
        rows = insight_services.rollup_all(m.pk)
        print(f"roll-ups: {rows:,} rows in {time.perf_counter() - started:.1f} s")
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE insight_dailyrollup")
            cursor.execute("VACUUM ANALYZE insight_monthlyrollup")
            cursor.execute("VACUUM ANALYZE insight_fact")
    m = Municipality.objects.get(slug="penkkila")
    start, end = preset_range("12m", TODAY)
    scope = Scope(m.pk, start, end)
    params = {"m": m.pk, "start": start, "end": end}
    facts = Fact.all_objects.filter(municipality=m).count()
    rollups = DailyRollup.all_objects.filter(municipality=m).count()

    print(f"\n{facts:,} facts, {rollups:,} roll-up rows; period {start}–{end}; dashboard: p95 of {args.repeats} runs; "
          f"raw SQL: median of {args.raw_repeats} (the baseline at its typical, not its slowest)\n")
    print(f"{'view':<22} {'dashboard ms':>13} {'page ms':>9} {'raw SQL ms':>11} {'ratio':>7}  target")
    failures = 0
    client = page_client(m)
    url = f"/{m.slug}/fi/virkailija/tietojohtaminen/?preset=12m&view="
    with connection.cursor() as cursor:
        for name, fn in views(scope).items():
            # "Now" is the day the facts end (a period reaching today reads the running month whole).
            with municipality_context(m), clock.frozen_at(dt.datetime.combine(TODAY, dt.time(12))):
                ours = timed(fn, args.repeats)
            with clock.frozen_at(dt.datetime.combine(TODAY, dt.time(12))):
                response = client.get(url + name)
                assert response.status_code == 200, (response.status_code, response.get("Location"))
                page = timed(lambda name=name: client.get(url + name), args.repeats)
            raw = sum(timed(lambda sql=RAW_SQL[section]: (cursor.execute(sql, params), cursor.fetchall()),
                            args.raw_repeats, median) for section in VIEW_SQL[name])
            ok = ours <= TARGET_MS and ours <= TARGET_RATIO * raw and page <= TARGET_MS
            failures += not ok
            print(f"{name:<22} {ours:>13.1f} {page:>9.1f} {raw:>11.1f} {ours / raw:>7.2f}  {'ok' if ok else 'MISSED'}")
    print(f"\ndashboard: the view's sections built in-process; page: the whole GET through the view function "
          f"(filters, sections, template); raw SQL: the sum of the view's aggregates over the facts.\n"
          f"targets: p95 ≤ {TARGET_MS:.0f} ms (sections and page) and sections ≤ {TARGET_RATIO} × the raw SQL; "
          f"{'all met' if not failures else f'{failures} missed'}")

if __name__ == "__main__":
    main()
