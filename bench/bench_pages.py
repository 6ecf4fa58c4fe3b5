"""Throughput of the resident pages against a bare view, through the same middleware and server.

    python bench/bench_pages.py [--database-url postgres://postgres@127.0.0.1:5432/luukku_bench] [--seconds 10]

Baseline: a view under /<slug>/<lang>/_bare/ that returns fixed bytes (settings LUUKKU_BENCH=1 routes it),
served by the same `gunicorn -w 2`, loaded with `wrk -c16` in the same run. Target: service page and
search results at a ratio of at least 0.5.
"""

import argparse
import os
import platform
import sys

sys.path.insert(0, os.path.dirname(__file__))
from _server import bench_env, gunicorn, prepare, recreate_postgres, scratch_dir, wrk  # noqa: E402

SEARCH_ROTATION = os.path.join(os.path.dirname(__file__), "search_rotation.lua")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", default=None, help="default: a scratch SQLite file")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--no-page-cache", action="store_true", help="measure rendering without the HTML cache")
    args = parser.parse_args()
    env = bench_env(scratch_dir(), args.database_url)
    if args.database_url:
        recreate_postgres(args.database_url)
    if args.no_page_cache:
        env["LUUKKU_PAGE_CACHE_SECONDS"] = "0"
    prepare(env)
    with gunicorn(env) as base:
        prefix = f"{base}/koivula/fi"
        targets = {
            "baseline (bare view)": f"{prefix}/_bare/",
            "front page": f"{prefix}/",
            "service page": f"{prefix}/palvelut/varhaiskasvatus/",
            "search results (one query)": f"{prefix}/haku/?q=p%C3%A4iv%C3%A4kotipaikan",
            "search results (40 rotating queries)": (f"{prefix}/haku/", SEARCH_ROTATION),
        }
        for warm in targets.values():  # fill the caches once
            url, script = warm if isinstance(warm, tuple) else (warm, None)
            wrk(url, seconds=2, script=script)
        results = {}
        for name, target in targets.items():
            url, script = target if isinstance(target, tuple) else (target, None)
            results[name] = wrk(url, seconds=args.seconds, script=script)
    baseline = results["baseline (bare view)"]["rps"]
    db = "PostgreSQL" if args.database_url else "SQLite"
    cache = "off" if args.no_page_cache else "on"
    print(f"machine: {platform.node()} {platform.machine()} {os.cpu_count()} cores; database: {db}; page cache {cache}; "
          f"gunicorn -w 2; wrk -t2 -c16 -d{args.seconds}s")
    print(f"{'page':<40} {'req/s':>9} {'p99':>9} {'ratio':>7}")
    for name, r in results.items():
        print(f"{name:<40} {r['rps']:>9.0f} {r['p99']:>9} {r['rps'] / baseline:>7.2f} {' '.join(r['errors'])}")
    if any(r["errors"] for r in results.values()):
        sys.exit("some requests failed: the figures above are not valid")


if __name__ == "__main__":
    main()
