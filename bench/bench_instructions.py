"""Instructions per request of the signed-in pages, counted in-process by valgrind (issue 15).

    python bench/bench_instructions.py [--database-url postgres://postgres@127.0.0.1:5432/luukku_instr]
                                       [-n 20] [--pages bare,empty,my_cases] [--keep DIR] [--profile PAGE]

--keep DIR loads the demo once into DIR (and the database) and reuses it on later runs; --profile PAGE
prints where one page's Python time goes (cProfile over 200 requests, no valgrind) instead of counting.

Loads the demo into a scratch database (SQLite file by default), then runs this same file as a driver
inside one Django process: it signs in the demo resident (`asukas`) and handler (`kasittelija`, second
factor passed as tests/conftest.py does), calls the WSGI handler directly with their session cookies,
warms every page up, then requests one page N times. Each driver runs under
`valgrind --tool=cachegrind --cache-sim=no`, once per page with N requests and once with 0; the page's
figure is (total_N - total_0) / N. Instruction counts do not move with the load of a shared machine;
the CPU ms beside them (time.process_time, without valgrind) do. The queries are those one request runs
(SQLite's per-connection PRAGMAs apart). The page cache is off (LUUKKU_PAGE_CACHE_SECONDS=0), so the
anonymous service page is rendered. Targets are those of issue 15; "x bare" compares with /_bare/.

The demo keeps the queue of its handler (`kasittelija`) empty: `queue` is that page with no open case,
`queue_all` the same unit's queue with every status (a full page of 50 decided and closed cases).
`queue_full` is a full page of open cases: the building inspector's (`rakennustarkastaja`) queue in
building control, which the script fills once to QUEUE_FULL_OPEN open building-permit cases (the demo
leaves about ten there) with the demo's adult residents as applicants, spread over the queue's states:
unassigned, in handling, waiting for the resident, overdue, due soon and on time (`fill_queue`).
"""

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))

P = "/koivula/fi/"
# name: (who, path, issue 15's target in millions of instructions)
COLD = "cold"  # a query string that empties the process's page and frame copies before the request
COLD_DATA = "cold-data"  # … that empties the kept page parts ({% data_fragment %}): a case page's first view
PAGES = {
    "bare": ("anonymous", P + "_bare/", None),
    "empty": ("resident", P + "_bare_resident/", 8),
    "my_cases": ("resident", P + "omat-asiat/", 20),
    "case": ("resident", P + "omat-asiat/{resident_case}/", 25),
    "queue": ("handler", P + "virkailija/jono/{unit}/", 20),
    "queue_all": ("handler", P + "virkailija/jono/{unit}/?status=all", 20),
    "queue_full": ("inspector", P + "virkailija/jono/{inspector_unit}/", 20),
    "staff_case": ("handler", P + "virkailija/asiat/{handler_case}/", 25),
    # The first view of a case since it changed: nothing of its content kept yet.
    "case_cold": ("resident", P + "omat-asiat/{resident_case}/?" + COLD_DATA, None),
    "staff_case_cold": ("handler", P + "virkailija/asiat/{handler_case}/?" + COLD_DATA, None),
    "service": ("anonymous", P + "palvelut/varhaiskasvatus/", 20),
    "service_resident": ("resident", P + "palvelut/varhaiskasvatus/", 20),
    # The first request after an edit: the process's copies of the page and the frame are gone.
    "service_cold": ("anonymous", P + "palvelut/varhaiskasvatus/?" + COLD, None),
    "front": ("resident", P, None),
}
WARM_UP = 3  # requests of every page before counting: caches filled, session rewritten
CPU_REQUESTS = 200
INSPECTOR, PERMIT_UNIT, PERMIT_TYPE = "rakennustarkastaja", "rakennusvalvonta", "rakentamislupa"
QUEUE_FULL_OPEN = 75  # open cases in the inspector's queue: a full page of 50 and a second page


# --- the driver: one Django process ---------------------------------------------------------------

def _signed_in_cookie(username: str) -> str:
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    from luukku.twofactor.gate import SESSION_KEY

    client, user = Client(), get_user_model().objects.get(username=username)
    client.force_login(user)
    session = client.session
    session[SESSION_KEY] = user.pk  # the second factor passed, as tests/conftest.py does
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def _targets() -> dict:
    """{page: (path, cookie)} for the demo's rows."""
    from luukku.cases.models import Case
    from luukku.core.models import StaffMembership

    membership = StaffMembership.objects.filter(user__username="kasittelija", unit__isnull=False).select_related(
        "unit").first()
    inspector = StaffMembership.objects.filter(user__username=INSPECTOR, unit__slug=PERMIT_UNIT).select_related(
        "unit").first()
    ids = {
        "resident_case": Case.all_objects.filter(applicant__user__username="asukas").order_by("submitted_at")
        .values_list("public_id", flat=True).first(),
        "unit": membership.unit.public_id,
        "handler_case": Case.all_objects.filter(unit=membership.unit).order_by("submitted_at")
        .values_list("public_id", flat=True).first(),
        "inspector_unit": inspector.unit.public_id,
    }
    cookies = {"anonymous": "", "resident": _signed_in_cookie("asukas"), "handler": _signed_in_cookie("kasittelija"),
               "inspector": _signed_in_cookie(INSPECTOR)}
    return {name: (path.format(**ids), cookies[who]) for name, (who, path, _) in PAGES.items()}


def _request(handler, path: str, cookie: str) -> bytes:
    """One GET through the WSGI handler, as gunicorn calls it (close() ends the request)."""
    import io

    status = []
    path, _, query = path.partition("?")
    if query == COLD:
        from luukku.catalogue.selectors import forget_service_pages
        from luukku.web.templatetags.frame import forget_all

        forget_service_pages()
        forget_all()
    elif query == COLD_DATA:
        from luukku.web.templatetags.fragments import forget_all as forget_data

        forget_data()
    environ = {
        "REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": query, "SERVER_NAME": "localhost",
        "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1", "HTTP_HOST": "localhost", "REMOTE_ADDR": "127.0.0.1",
        "HTTP_COOKIE": cookie, "HTTP_ACCEPT": "text/html", "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr, "wsgi.version": (1, 0), "wsgi.multithread": False, "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    result = handler(environ, lambda s, headers, exc_info=None: status.append(s))
    try:
        body = b"".join(result)
    finally:
        result.close()
    if not status[0].startswith("200"):
        raise SystemExit(f"{path}: {status[0]}")
    return body


def _server_cpu_seconds(connection) -> float | None:
    """CPU time of this connection's PostgreSQL backend (on this machine: /proc), None on SQLite."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:  # a server on another machine
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def profile(handler, path: str, cookie: str) -> None:
    import cProfile
    import pstats

    from django.db import connection, reset_queries

    reset_queries()
    connection.force_debug_cursor = True
    _request(handler, path, cookie)
    connection.force_debug_cursor = False
    for query in connection.queries:
        print(f"{query['time']}s {query['sql'] if float(query['time']) > 0.002 else query['sql'][:300]}")
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(CPU_REQUESTS):
        _request(handler, path, cookie)
    profiler.disable()
    stats = pstats.Stats(profiler, stream=sys.stdout)
    stats.sort_stats("tottime").print_stats(35)
    stats.sort_stats("cumulative").print_stats(60)


def drive(page: str, n: int, report: bool, profile_page: bool = False) -> None:
    import django

    django.setup()
    from django.core.wsgi import get_wsgi_application
    from django.db import connection, reset_queries

    # One connection for the whole run: under valgrind a run lasts minutes, and CONN_MAX_AGE's reconnects
    # would land on one side of the subtraction (and move the database backend the CPU is read from).
    connection.settings_dict["CONN_MAX_AGE"] = None
    handler, targets = get_wsgi_application(), _targets()
    for _ in range(WARM_UP):
        for path, cookie in targets.values():
            _request(handler, path, cookie)
    if profile_page:
        profile(handler, *targets[page])
        return
    if not report:
        if page != "none":
            path, cookie = targets[page]
            for _ in range(n):
                _request(handler, path, cookie)
        os._exit(0)  # the same exit for every run: nothing after the requests is counted twice
    out = {}
    for name, (path, cookie) in targets.items():
        if page != "all" and name not in page.split(","):
            continue
        reset_queries()
        connection.force_debug_cursor = True
        _request(handler, path, cookie)
        connection.force_debug_cursor = False
        queries = [q for q in connection.queries if not q["sql"].upper().startswith("PRAGMA")]
        server = _server_cpu_seconds(connection)
        start = time.process_time()
        for _ in range(CPU_REQUESTS):
            _request(handler, path, cookie)
        out[name] = {"queries": len(queries), "cpu_ms": (time.process_time() - start) * 1000 / CPU_REQUESTS}
        if server is not None:
            out[name]["db_cpu_ms"] = max(0.0, (_server_cpu_seconds(connection) - server) * 1000 / CPU_REQUESTS)
    print(json.dumps(out))


def fill_queue() -> None:
    """Open building-permit cases in the inspector's queue until it holds QUEUE_FULL_OPEN (once per
    database: a later run finds them there). Rows as cases.services leaves a submitted case (the case
    and its first status change), then claimed or waiting for the resident as the queue's mix needs."""
    import datetime as dt

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from luukku.cases.models import OPEN_STATUSES, Case, ReferenceCounter, Status, StatusChange
    from luukku.cases.services import reference_prefix
    from luukku.cases.sla import add_working_days
    from luukku.core import clock
    from luukku.core.models import Municipality, Unit
    from luukku.eservices.models import CaseType
    from luukku.people.models import Person

    m = Municipality.objects.get(slug=P.strip("/").split("/")[0])
    unit = Unit.all_objects.get(municipality=m, slug=PERMIT_UNIT)
    missing = QUEUE_FULL_OPEN - Case.all_objects.filter(municipality=m, unit=unit, status__in=OPEN_STATUSES).count()
    if missing <= 0:
        return
    case_type = CaseType.all_objects.get(municipality=m, slug=PERMIT_TYPE)
    inspector = get_user_model().objects.get(username=INSPECTOR)
    now = clock.now()
    # Residents no demo account is or acts for: the other pages (My cases) stay as the demo has them.
    adults = list(Person.all_objects.filter(municipality=m, birth_date__lt=now.date() - dt.timedelta(days=365 * 20),
                                            user__isnull=True, mandates_given__isnull=True,
                                            mandates_held__isnull=True).order_by("-pk")[:missing])
    with transaction.atomic():
        counter, _created = ReferenceCounter.all_objects.select_for_update().get_or_create(municipality=m,
                                                                                           year=now.year)
        cases, changes = [], []
        for i in range(missing):
            applicant = adults[i % len(adults)]
            submitted = now - dt.timedelta(days=(i * 61) % 70, hours=i % 9)  # some overdue, some due soon
            state = (Status.SUBMITTED, Status.IN_HANDLING, Status.IN_HANDLING, Status.WAITING_FOR_RESIDENT)[i % 4]
            counter.value += 1
            cases.append(Case(
                municipality=m, reference=f"{reference_prefix(m)}-{now.year}-{counter.value:06d}",
                case_type=case_type, applicant=applicant, subject=applicant, unit=unit, status=state,
                assignee=None if state == Status.SUBMITTED else inspector, submitted_at=submitted,
                due_date=add_working_days(submitted.astimezone(clock.HELSINKI).date(), case_type.sla_days),
                paused_since=now - dt.timedelta(days=2) if state == Status.WAITING_FOR_RESIDENT else None,
                updated_at=submitted, data={"applicant_name": applicant.full_name}))
        counter.save(update_fields=["value"])
        for case in Case.all_objects.bulk_create(cases):
            changes.append(StatusChange(municipality=m, case=case, at=case.submitted_at, to_status=Status.SUBMITTED,
                                        by_person=case.applicant))
            if case.status != Status.SUBMITTED:
                changes.append(StatusChange(municipality=m, case=case, at=case.submitted_at, by_user=inspector,
                                            from_status=Status.SUBMITTED, to_status=Status.IN_HANDLING))
            if case.status == Status.WAITING_FOR_RESIDENT:
                changes.append(StatusChange(municipality=m, case=case, at=case.paused_since, by_user=inspector,
                                            from_status=Status.IN_HANDLING, to_status=case.status))
        StatusChange.all_objects.bulk_create(changes)


# --- the orchestrator ------------------------------------------------------------------------------

def _driver(env: dict, *args: str, valgrind: bool = False) -> subprocess.CompletedProcess:
    command = [sys.executable, __file__, "--driver", *args]
    if valgrind:
        command = ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null", *command]
    return subprocess.run(command, env=env, capture_output=True, text=True, check=True)


def instructions(env: dict, page: str, n: int) -> int:
    stderr = _driver(env, page, str(n), valgrind=True).stderr
    return int(re.search(r"I\s+refs:\s+([\d,]+)", stderr).group(1).replace(",", ""))


def main():
    from _server import bench_env, prepare, recreate_postgres, scratch_dir

    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", default=None, help="default: a scratch SQLite file")
    parser.add_argument("-n", type=int, default=20, help="requests of each page counted (default 20)")
    parser.add_argument("--pages", default=",".join(PAGES), help=f"comma-separated, of {', '.join(PAGES)}")
    parser.add_argument("--keep", metavar="DIR", help="load the demo into DIR once; reuse it on later runs")
    parser.add_argument("--profile", metavar="PAGE", choices=PAGES, help="print a cProfile of PAGE and stop")
    parser.add_argument("--no-valgrind", action="store_true", help="CPU ms and queries only (a minute, not an hour)")
    args = parser.parse_args()
    pages = [p for p in args.pages.split(",") if p]
    if "bare" not in pages:
        pages.insert(0, "bare")
    var_dir = args.keep or scratch_dir()
    env = bench_env(var_dir, args.database_url)
    env.update(LUUKKU_PAGE_CACHE_SECONDS="0", PYTHONHASHSEED="0")
    # Sessions are touched once a wall-clock minute (core.idle); under valgrind a request may take one, and
    # the write would land on one side of the subtraction only.
    env.update(LUUKKU_SESSION_IDLE_MINUTES_STAFF="1e6", LUUKKU_SESSION_IDLE_MINUTES_RESIDENT="1e6")
    loaded = os.path.join(var_dir, "demo-loaded")
    if not (args.keep and os.path.exists(loaded)):
        if args.database_url:
            recreate_postgres(args.database_url)
        prepare(env)
        open(loaded, "w").close()
    if "queue_full" in pages or args.profile == "queue_full":
        subprocess.run([sys.executable, __file__, "--fill-queue"], env=env, check=True)
    if args.profile:
        print(_driver(env, args.profile, "0", "--profile").stdout)
        return
    measured = json.loads(_driver(env, ",".join(pages), "0", "--report").stdout.strip().splitlines()[-1])
    zero = 0 if args.no_valgrind else instructions(env, "none", 0)
    for page in pages:
        measured[page]["instructions"] = 0 if args.no_valgrind else (instructions(env, page, args.n) - zero) / args.n
        print(f"  {page}: {measured[page]['instructions'] / 1e6:.2f} M", file=sys.stderr, flush=True)
    bare = measured["bare"]["instructions"] or 1
    db = f"PostgreSQL, {args.database_url.rsplit('/', 1)[1]}" if args.database_url else "SQLite"
    print(f"machine: {platform.node()} {platform.machine()} {os.cpu_count()} cores; {time.strftime('%Y-%m-%d')}; "
          f"database: {db} (the demo, and what was generated into it); N={args.n}; page cache off")
    print(f"| page | path | M instructions | x bare | target | CPU ms | database CPU ms | SQL queries |\n"
          f"|{' --- |' * 8}")
    for page in pages:
        r, target = measured[page], PAGES[page][2]
        db_cpu = f"{r['db_cpu_ms']:.2f}" if "db_cpu_ms" in r else "-"
        print(f"| {page} | `{PAGES[page][1]}` | {r['instructions'] / 1e6:.2f} | {r['instructions'] / bare:.1f} | "
              f"{f'<= {target} M' if target else '-'} | {r['cpu_ms']:.2f} | {db_cpu} | {r['queries']} |")


if __name__ == "__main__":
    if sys.argv[1:] == ["--fill-queue"]:
        fill_queue()
    elif len(sys.argv) > 1 and sys.argv[1] == "--driver":
        drive(sys.argv[2], int(sys.argv[3]), report="--report" in sys.argv[4:], profile_page="--profile" in sys.argv[4:])
    else:
        main()
