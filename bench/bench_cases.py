"""Speed of the case pages at scale (issue 4): My cases, a resident's case page and a unit's queue.

    python bench/bench_cases.py [--database-url postgres://postgres@127.0.0.1:5432/luukku_bench]
                                [--scale 0.2] [--reuse] [--seconds 10] [--rate 200] [--rate-seconds 20]

Without --reuse: a fresh database, the demo, then bench/gen_cases.py at --scale (1.0: 1 000 000
residents, 5 000 000 cases; that takes a while, so --reuse measures a database generated before).
Residents with 5–10 cases each get a session; so does the case handler of the unit with the most
open cases. Served by `gunicorn -w 2` as bench_pages.py, then:

(a) throughput: `wrk -t2 -c16` (installed with apt-get when missing) against the baseline
    `/<slug>/<lang>/_bare/` and each page (requests rotate over the residents and their cases),
    and the median latency of one user alone (`wrk -c1`);
(b) latency at a fixed offered rate (bench/_load.py, open loop, measured from each request's due
    time): p50, p90, p99, max and errors. Target: p50 ≤ 15 ms, p99 ≤ 60 ms.
Each page gets a fresh server; "busy" is how busy other work kept the CPU just before (--quiet waits).
(c) --explain: the SQL of one request of each page with its time, and EXPLAIN ANALYZE of the slowest.
"""

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

if __name__ == "__main__" and "--internal" in sys.argv:
    sys.path.insert(0, os.path.join(HERE, "..", "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "luukku.config.settings")
    import django

    django.setup()

from _load import fixed_rate
from _server import (
    PYTHON,
    bench_env,
    cpu_busy,
    gunicorn,
    prepare,
    recreate_postgres,
    wait_until_quiet,
    wrk,
)

TARGET_P50, TARGET_P99 = 15.0, 60.0
SLUG, LANG = "koivula", "fi"


# --- inside Django (python bench/bench_cases.py --internal …, in the benchmark's environment) -------

def _login(user) -> str:
    """A session for `user` as django.contrib.auth.login would leave it; returns the session key."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]  # the account backend
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    from luukku.twofactor.gate import SESSION_KEY as SECOND_FACTOR
    session[SECOND_FACTOR] = user.pk  # the second factor passed (staff), as tests/conftest.py does
    session.create()
    return session.session_key


def internal_sessions(n_residents: int) -> dict:
    """Residents with 5–10 cases (their own and their children's) and the busiest unit's handler."""
    import datetime as dt
    import random

    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db.models import Count
    from gen_cases import generated_persons

    from luukku.cases.models import OPEN_STATUSES, Case
    from luukku.cases.selectors import cases_for
    from luukku.core.models import Municipality, Role, StaffMembership, Unit
    from luukku.people.services import link_user

    users = get_user_model()
    m = Municipality.objects.get(slug=SLUG)
    adults = generated_persons(m).filter(birth_date__lt=dt.date(2000, 1, 1))
    ids = list(adults.values_list("pk", flat=True))
    if not ids:
        raise SystemExit("no generated residents: run bench/gen_cases.py first")
    rng = random.Random(7)
    residents = []
    for pk in rng.sample(ids, min(len(ids), n_residents * 20)):
        person = adults.get(pk=pk)
        cases = [str(c) for c in cases_for(person).values_list("public_id", flat=True)]
        if not 5 <= len(cases) <= 10:
            continue
        user, _ = users.objects.get_or_create(username=f"bench-{pk}")
        link_user(person, user)
        residents.append({"person": pk, "session": _login(user), "cases": cases})
        if len(residents) == n_residents:
            break
    busiest = (Case.all_objects.filter(municipality=m, status__in=OPEN_STATUSES).values("unit_id")
               .annotate(n=Count("id")).order_by("-n").first())
    unit = Unit.all_objects.get(pk=busiest["unit_id"])
    handler = StaffMembership.all_objects.filter(municipality=m, unit=unit, role=Role.CASE_HANDLER).first().user
    return {
        "cookie": settings.SESSION_COOKIE_NAME,
        "residents": residents,
        "staff": {"user": handler.username, "session": _login(handler), "unit": str(unit.public_id),
                  "unit_slug": unit.slug, "open_cases": busiest["n"],
                  "cases": [str(c) for c in Case.all_objects.filter(unit=unit, status__in=OPEN_STATUSES)
                            .order_by("submitted_at").values_list("public_id", flat=True)[:50]]},
        "counts": {"persons": generated_persons(m).count(), "cases": Case.all_objects.filter(municipality=m).count()},
    }


def internal_explain(spec: dict) -> dict:
    """Each page once through the Django test client: its queries, their time, EXPLAIN ANALYZE of the slowest."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    report = {}
    for name, path, session in spec["pages"]:
        client = Client()
        client.cookies[spec["cookie"]] = session
        client.get(path)  # warm
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        elapsed = (time.perf_counter() - started) * 1000
        queries = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))
        plans = []
        for query in queries[:2]:
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
                plans.append({"ms": float(query["time"]) * 1000, "sql": query["sql"],
                              "plan": "\n".join(row[0] for row in cursor.fetchall())})
        report[name] = {"status": response.status_code, "ms": elapsed, "queries": len(queries),
                        "sql_ms": sum(float(q["time"]) for q in queries) * 1000, "slowest": plans}
    return report


def internal(command: str, arg: str) -> None:
    result = internal_sessions(int(arg)) if command == "sessions" else internal_explain(json.loads(arg))
    print("JSON:" + json.dumps(result))


# --- the benchmark ------------------------------------------------------------------------------

def in_django(env: dict, command: str, arg: str) -> dict:
    out = subprocess.run([PYTHON, os.path.abspath(__file__), "--internal", command, arg], env=env, check=True,
                         capture_output=True, text=True).stdout
    return json.loads(next(line[5:] for line in out.splitlines() if line.startswith("JSON:")))


def rotation_script(targets: list[tuple[str, dict]]) -> str:
    """A wrk script that sends the (path, headers) targets in turn, each thread from its own start."""
    def entry(path, headers):
        fields = ", ".join(f"[{json.dumps(k)}] = {json.dumps(v)}" for k, v in headers.items())
        return f"{{{json.dumps(path)}, {{{fields}}}}}"

    entries = ",\n".join(entry(path, headers) for path, headers in targets)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False, prefix="luukku-bench-") as handle:
        handle.write(f"""local targets = {{
{entries}
}}
local requests = {{}}
local i = 0
init = function(args)
  for k, t in ipairs(targets) do requests[k] = wrk.format("GET", t[1], t[2]) end
  i = math.random(#requests) - 1
end
request = function()
  i = i % #requests + 1
  return requests[i]
end
""")
    return handle.name


def check_page(base: str, path: str, headers: dict, must_contain: str) -> str:
    """'' when the page answers 200 with `must_contain` in it, else what is wrong."""
    import urllib.error
    import urllib.request

    request = urllib.request.Request(base + path, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            body = response.read().decode("utf-8", "replace")
            final = response.geturl()
    except urllib.error.HTTPError as exc:
        return f"HTTP {exc.code}"
    if final != base + path:
        return f"redirected to {final}"
    if must_contain not in body:
        return f"{must_contain!r} not in the page ({len(body)} bytes): not built yet?"
    return ""


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/luukku_bench")
    parser.add_argument("--scale", type=float, default=0.2)
    parser.add_argument("--reuse", action="store_true", help="the database already has the demo and generated data")
    parser.add_argument("--var-dir", default=os.path.join(tempfile.gettempdir(), "luukku-bench-cases"))
    parser.add_argument("--seconds", type=int, default=10, help="of each throughput run")
    parser.add_argument("--rate", default="half",
                        help="offered req/s of the open-loop run, or 'half' (default): half of each page's wrk maximum")
    parser.add_argument("--rate-seconds", type=int, default=20, help="of each fixed-rate run")
    parser.add_argument("--residents", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers, the same for every page and the baseline")
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--only", default="", help="measure only the pages whose name contains this (and the baseline)")
    parser.add_argument("--quiet", type=float, default=1.0,
                        help="wait before each page until other work leaves the CPU at most this busy (e.g. 0.15)")
    args = parser.parse_args()
    os.makedirs(args.var_dir, exist_ok=True)
    env = bench_env(args.var_dir, args.database_url)
    if not args.reuse:
        recreate_postgres(args.database_url)
        prepare(env)
    started = time.perf_counter()
    subprocess.run([PYTHON, os.path.join(HERE, "gen_cases.py"), "--scale", str(args.scale)], env=env, check=True)
    generated_in = time.perf_counter() - started
    fixtures = in_django(env, "sessions", str(args.residents))
    cookie = fixtures["cookie"]
    prefix = f"/{SLUG}/{LANG}"
    residents = fixtures["residents"]
    staff = fixtures["staff"]
    staff_headers = {"Cookie": f"{cookie}={staff['session']}"}
    pages = {
        "baseline (bare view)": [(f"{prefix}/_bare/", {})],
        "floor: signed-in empty page": [(f"{prefix}/_bare_resident/", {"Cookie": f"{cookie}={r['session']}"})
                                        for r in residents],
        "My cases": [(f"{prefix}/omat-asiat/", {"Cookie": f"{cookie}={r['session']}"}) for r in residents],
        "case page": [(f"{prefix}/omat-asiat/{c}/", {"Cookie": f"{cookie}={r['session']}"})
                      for r in residents for c in r["cases"][:3]],
        "unit queue (open, first page)": [(f"{prefix}/virkailija/jono/{staff['unit']}/", staff_headers)],
        "handler's case page": [(f"{prefix}/virkailija/asiat/{c}/", staff_headers) for c in staff["cases"]],
    }
    if args.only:
        pages = {k: v for k, v in pages.items()
                 if k.startswith(("baseline", "floor")) or args.only.lower() in k.lower()}
    musts = {"My cases": "KOI-", "case page": "KOI-", "unit queue (open, first page)": "KOI-",
             "handler's case page": "KOI-"}
    results, skipped = {}, {}
    for name, targets in pages.items():
        # A fresh server for each page: an overloaded open-loop run leaves a backlog of abandoned
        # requests that the next measurement would otherwise pay for.
        busy = wait_until_quiet(args.quiet) if args.quiet < 1 else cpu_busy()
        with gunicorn(env, args.workers) as base:
            problem = name in musts and check_page(base, *targets[0], musts[name])
            if problem:
                skipped[name] = problem
                continue
            script = rotation_script(targets) if len(targets) > 1 else None
            headers = None if script else targets[0][1]
            wrk(base + targets[0][0], seconds=2, script=script, headers=headers)  # warm up
            results[name] = {"wrk": wrk(base + targets[0][0], seconds=args.seconds, script=script, headers=headers),
                             "one": wrk(base + targets[0][0], seconds=5, connections=1, script=script,
                                        headers=headers),
                             "busy_before": busy}
            if script:
                os.unlink(script)
        rate = results[name]["wrk"]["rps"] / 2 if args.rate == "half" else float(args.rate)
        with gunicorn(env, args.workers) as base:
            fixed_rate(base, targets, rate=rate / 4, seconds=2)  # warm up
            results[name]["fixed"] = fixed_rate(base, targets, rate=rate, seconds=args.rate_seconds).summary()
            results[name]["rate"] = rate
    report(args, fixtures, results, skipped, generated_in)
    if args.explain:
        spec = {"cookie": cookie, "pages": [
            ("My cases", f"{prefix}/omat-asiat/", residents[0]["session"]),
            ("case page", f"{prefix}/omat-asiat/{residents[0]['cases'][0]}/", residents[0]["session"]),
            ("unit queue", f"{prefix}/virkailija/jono/{staff['unit']}/", staff["session"]),
        ]}
        for name, page in in_django(env, "explain", json.dumps(spec)).items():
            print(f"\n== {name}: HTTP {page['status']}, {page['ms']:.1f} ms in Django, {page['queries']} queries, "
                  f"{page['sql_ms']:.1f} ms in SQL")
            for plan in page["slowest"]:
                print(f"-- {plan['ms']:.2f} ms: {plan['sql'][:600]}\n{plan['plan']}")


def report(args, fixtures, results, skipped, generated_in):
    counts, staff = fixtures["counts"], fixtures["staff"]
    print(f"\nmachine: {platform.node()} {platform.machine()} {os.cpu_count()} cores; PostgreSQL; "
          f"{counts['persons']} generated residents, {counts['cases']} cases; gunicorn -w {args.workers}")
    print(f"generator: {generated_in:.0f} s (0 when the data was there); {len(fixtures['residents'])} residents "
          f"with 5–10 cases; queue of {staff['unit_slug']} ({staff['open_cases']} open cases) as {staff['user']}")
    print(f"(a) wrk -t2 -c16 -d{args.seconds}s, 1 user: wrk -c1 p50; (b) open loop at {args.rate} req/s ('half': half of "
          f"(a)) for {args.rate_seconds} s, latency from the due time (target p50 ≤ {TARGET_P50:.0f} ms, "
          f"p99 ≤ {TARGET_P99:.0f} ms); served by `luukku serve` (gunicorn with its access log)")
    baseline = results["baseline (bare view)"]["wrk"]["rps"]
    print(f"{'page':<32} {'req/s':>7} {'ratio':>6} {'1 user':>7} {'busy':>5} | {'rate':>5} {'p50':>7} {'p90':>7} "
          f"{'p99':>7} {'max':>7} {'errors':>6}  target")
    for name, r in results.items():
        w, f = r["wrk"], r["fixed"]
        met = "met" if f["p50"] <= TARGET_P50 and f["p99"] <= TARGET_P99 and not f["errors"] else "MISSED"
        print(f"{name:<32} {w['rps']:>7.0f} {w['rps'] / baseline:>6.2f} {r['one']['p50']:>7} {r['busy_before']:>5.0%} | "
              f"{r['rate']:>5.0f} {f['p50']:>7.1f} {f['p90']:>7.1f} {f['p99']:>7.1f} {f['max']:>7.1f} {f['errors']:>6}  {met} "
              f"{' '.join(w['errors'])} {f['error_kinds'] or ''}")
    for name, problem in skipped.items():
        print(f"{name:<32} not measured: {problem}")


if __name__ == "__main__":
    if "--internal" in sys.argv:
        internal(sys.argv[2], sys.argv[3])
    else:
        main()
