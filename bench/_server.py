"""Shared by the benchmarks: a scratch database with the demo loaded, and gunicorn serving it."""

import contextlib
import os
import shutil
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
    """What `luukku serve` serves (its gunicorn options and access log, here written to /dev/null)."""
    port = free_port()
    process = subprocess.Popen(
        [PYTHON, "-m", "luukku.cli", "serve", "--no-collectstatic", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers)], env=env, stdout=subprocess.DEVNULL)
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
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:  # still working off a backlog of abandoned requests
            process.kill()
            process.wait()


@contextlib.contextmanager
def worker(env: dict, nice: int = 0):
    """`luukku worker` (tasks and scheduler) beside the web server, as in production; `nice` > 0
    gives the web processes the CPU first during a burst."""
    command = [PYTHON, "-m", "luukku.cli", "worker"]
    if nice:
        command = ["nice", "-n", str(nice), *command]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def ensure_wrk() -> None:
    """wrk is a Debian package: install it when missing (the benchmarks run as root, not in CI)."""
    if shutil.which("wrk"):
        return
    print("wrk is missing: apt-get install -y wrk", flush=True)
    if subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], stdout=subprocess.DEVNULL, check=False).returncode:
        subprocess.run(["apt-get", "update", "-q"], stdout=subprocess.DEVNULL, check=True)
        subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], stdout=subprocess.DEVNULL, check=True)


def wrk(url: str, seconds: int = 10, connections: int = 16, script: str | None = None,
        headers: dict | None = None) -> dict:
    ensure_wrk()
    cmd = ["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{seconds}s", "--latency"]
    if script:
        cmd += ["-s", script]
    for name, value in (headers or {}).items():
        cmd += ["-H", f"{name}: {value}"]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout
    rps = float(next(line.split()[1] for line in out.splitlines() if line.startswith("Requests/sec")))
    p50 = next((line.split()[1] for line in out.splitlines() if line.strip().startswith("50%")), "?")
    p99 = next((line.split()[1] for line in out.splitlines() if line.strip().startswith("99%")), "?")
    errors = [line.strip() for line in out.splitlines() if "Non-2xx" in line or "Socket errors" in line]
    return {"rps": rps, "p50": p50, "p99": p99, "errors": errors}


def cpu_busy(seconds: float = 3.0) -> float:
    """Share of this machine's CPU time (all cores) spent busy over the next `seconds` (Linux)."""
    def sample():
        with open("/proc/stat") as stat:
            values = [int(v) for v in stat.readline().split()[1:]]
        return values[3] + values[4], sum(values)  # idle + iowait, total

    idle0, total0 = sample()
    time.sleep(seconds)
    idle1, total1 = sample()
    return 1 - (idle1 - idle0) / max(1, total1 - total0)


def wait_until_quiet(limit: float, timeout: float = 600) -> float:
    """Wait (at most `timeout` s) until other work leaves the CPU at most `limit` busy; the last reading."""
    deadline = time.monotonic() + timeout
    busy = cpu_busy()
    while busy > limit and time.monotonic() < deadline:
        print(f"  the machine is {busy:.0%} busy with other work: waiting", flush=True)
        busy = cpu_busy(10)
    return busy


def scratch_dir() -> str:
    return tempfile.mkdtemp(prefix="luukku-bench-")


def recreate_postgres(url: str) -> None:
    """Drop and create the scratch PostgreSQL database named by `url` (benchmarks only)."""
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
