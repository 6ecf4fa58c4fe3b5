"""Instructions per request of My cases, the resident's case page and the unit queue (issue 15),
in-process through the whole middleware stack, on the demo (`luukku.demo.load_demo`).

    DATABASE_URL=postgres://… python bench/instr_case_pages.py [--pages mycases case queue staffcase] [-n 5]

Each page runs twice under `valgrind --tool=cachegrind --cache-sim=no`: a warm-up request and then
0 or N more; (I refs of N − I refs of 0) / N is one request, start-up and first-request costs
subtracted. Instruction counts do not move with the machine's load; seconds would.
`--loop PAGE N` is the inner process (one signed-in test client, the same page N times)."""

import argparse
import os
import re
import subprocess
import sys

PAGES = ("mycases", "case", "queue", "queueall", "staffcase")


def loop(page: str, n: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "luukku.config.settings")
    # Sessions are touched by wall-clock minute (core.idle): under valgrind a request may take one.
    os.environ["LUUKKU_SESSION_IDLE_MINUTES_STAFF"] = os.environ["LUUKKU_SESSION_IDLE_MINUTES_RESIDENT"] = "1e6"
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    import luukku.core.idle as idle
    from luukku.cases.models import Case
    from luukku.core.models import Unit

    idle.TOUCH_EVERY = 10**9
    resident = page in ("mycases", "case")
    user = get_user_model().objects.get(username="asukas" if resident else "kasittelija")
    client = Client()
    client.force_login(user)
    from luukku.twofactor.gate import SESSION_KEY

    session = client.session
    session[SESSION_KEY] = user.pk
    session.save()
    base = "/koivula/fi"
    unit = Unit.objects.get(slug="varhaiskasvatuspalvelut")
    if page == "mycases":
        url = f"{base}/omat-asiat/"
    elif page == "case":
        case = Case.objects.filter(subject__user=user).order_by("-updated_at").first()
        url = f"{base}/omat-asiat/{case.public_id}/"
    elif page in ("queue", "queueall"):
        url = f"{base}/virkailija/jono/{unit.public_id}/" + ("?status=all" if page == "queueall" else "")
    else:
        case = Case.objects.filter(unit=unit).order_by("-updated_at").first()
        url = f"{base}/virkailija/asiat/{case.public_id}/"
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    print(f"queries {len(queries.captured_queries)}", file=sys.stderr)
    for _ in range(n):
        assert client.get(url).status_code == 200


def instructions(page: str, n: int) -> tuple[int, int]:
    out = subprocess.run(["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
                          sys.executable, __file__, "--loop", page, str(n)],
                         capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0"}, check=True)
    refs = int(re.search(r"I\s+refs:\s+([\d,]+)", out.stderr).group(1).replace(",", ""))
    return refs, int(re.search(r"queries (\d+)", out.stderr).group(1))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", nargs="*", default=["mycases", "case", "queue", "staffcase"], choices=PAGES)
    parser.add_argument("-n", type=int, default=5)
    parser.add_argument("--loop", nargs=2, metavar=("PAGE", "N"))
    args = parser.parse_args()
    if args.loop:
        return loop(args.loop[0], int(args.loop[1]))
    for page in args.pages:
        zero, queries = instructions(page, 0)
        many, _ = instructions(page, args.n)
        print(f"{page:<10} {(many - zero) / args.n / 1e6:8.1f} M instructions/request  {queries} queries")


if __name__ == "__main__":
    main()
