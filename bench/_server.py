"""Shared by the benchmarks: a scratch database with the demo loaded, and gunicorn serving it."""

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
BIN = Path(PYTHON).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bench_env(var_dir: str, database_url: str | None) -> dict:
    env = dict(os.environ, LUUKKU_VAR_DIR=var_dir, LUUKKU_BENCH="1", DJANGO_SETTINGS_MODULE="luukku.config.settings")
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def prepare(env: dict) -> None:
    subprocess.run([PYTHON, "-m", "luukku.cli", "demo", "--no-serve", "--reset"], env=env, check=True,
                   stdout=subprocess.DEVNULL)


@contextlib.contextmanager
def gunicorn(env: dict, workers: int = 2):
    port = free_port()
    process = subprocess.Popen(
        [str(BIN / "gunicorn"), "luukku.config.wsgi:application", "-w", str(workers), "-b", f"127.0.0.1:{port}",
         "--log-level", "warning"], env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def wrk(url: str, seconds: int = 10, connections: int = 16, script: str | None = None) -> dict:
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency"]
    if script:
        cmd += ["-s", script]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout
    rps = float(next(line.split()[1] for line in out.splitlines() if line.startswith("Requests/sec")))
    p99 = next((line.split()[1] for line in out.splitlines() if line.strip().startswith("99%")), "?")
    errors = [line.strip() for line in out.splitlines() if "Non-2xx" in line or "Socket errors" in line]
    return {"rps": rps, "p99": p99, "errors": errors}


def scratch_dir() -> str:
    return tempfile.mkdtemp(prefix="luukku-bench-")


def recreate_postgres(url: str) -> None:
    """Drop and create the scratch PostgreSQL database named by `url` (benchmarks only)."""
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
