"""`luukku demo` as an operator runs it: `kill <pid>` stops everything it started; what it prints is usable."""

import io
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from luukku.demo.data.organisation import MUNICIPALITY

from ..factories import MunicipalityFactory

pytestmark = pytest.mark.django_db


def _descendants(pid: int) -> set[int]:
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = set(), [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _answers(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/robots.txt", timeout=1) as response:
            return response.status == 200
    except OSError:
        return False


def test_sigterm_stops_the_web_server_the_worker_and_their_children(tmp_path, transactional_db):
    if connection.vendor != "sqlite":
        pytest.skip("the process test runs on a copy of the SQLite test database")
    import sqlite3

    database = tmp_path / "demo.sqlite3"
    connection.ensure_connection()
    copy = sqlite3.connect(database)  # the migrated test database, without a second migration
    connection.connection.backup(copy)
    copy.close()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "LUUKKU_VAR_DIR": str(tmp_path),
           "LUUKKU_WEB_WORKERS": "1"}
    env.pop("LUUKKU_PUBLIC_URL", None)
    log = (tmp_path / "demo.log").open("w")
    demo = subprocess.Popen([sys.executable, "-m", "luukku.cli", "demo", "--no-setup", "--bind", f"127.0.0.1:{port}"],
                            env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60  # starting is slow on a busy machine; stopping is what is timed
        while not (_answers(port) and len(_descendants(demo.pid)) >= 3) and time.monotonic() < deadline:
            assert demo.poll() is None, (tmp_path / "demo.log").read_text()
            time.sleep(0.1)
        children = _descendants(demo.pid)
        assert len(children) >= 3, "the worker, the web server and its worker process run"
        demo.send_signal(signal.SIGTERM)
        assert demo.wait(timeout=30) == 0  # a bound, not a speed: a loaded 2-core machine takes seconds
        deadline = time.monotonic() + 3
        while any(_alive(pid) for pid in children) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [pid for pid in children if _alive(pid)], (tmp_path / "demo.log").read_text()
        assert not _answers(port)
    finally:
        if demo.poll() is None:
            demo.kill()
        log.close()


def test_start_up_names_the_addresses_the_accounts_and_the_open311_jurisdiction(municipality, monkeypatch):
    monkeypatch.delenv("LUUKKU_PUBLIC_URL", raising=False)
    monkeypatch.delenv("LUUKKU_EMAIL_BACKEND", raising=False)
    demo = MunicipalityFactory(slug=MUNICIPALITY["slug"], code="444", name={"fi": "Koivula"})
    out = io.StringIO()
    call_command("luukku_demo", no_setup=True, no_serve=True, bind="0.0.0.0:8123", stdout=out)
    text = out.getvalue()
    assert f"http://127.0.0.1:8123/{demo.slug}/fi/" in text
    assert "jurisdiction_id=444" in text and "http://127.0.0.1:8123/api/open311/v2/" in text
    assert "kasittelija" in text and "demo-mail" in text and "demo-worker.log" in text


def test_links_in_messages_use_the_address_the_demo_runs_on_and_mail_goes_to_files(municipality, monkeypatch):
    from luukku.web.management.commands import luukku_demo

    started = []

    class Finished:
        def __init__(self, argv, env, **kwargs):
            started.append((argv[3:], env))

        def poll(self, timeout=None):
            return 0

        wait = poll

    monkeypatch.setattr(luukku_demo.subprocess, "Popen", Finished)
    for public in (None, "https://asiointi.esimerkki.fi"):
        started.clear()
        monkeypatch.delenv("LUUKKU_EMAIL_BACKEND", raising=False)
        if public:
            monkeypatch.setenv("LUUKKU_PUBLIC_URL", public)
        else:
            monkeypatch.delenv("LUUKKU_PUBLIC_URL", raising=False)
        call_command("luukku_demo", no_setup=True, bind="0.0.0.0:8123", stdout=io.StringIO())
        assert [argv for argv, _env in started] == [["worker"], ["serve", "--bind", "0.0.0.0:8123"]]
        for _argv, env in started:
            assert env["LUUKKU_PUBLIC_URL"] == (public or "http://127.0.0.1:8123")
            assert env["LUUKKU_EMAIL_BACKEND"].endswith("filebased.EmailBackend")
            assert env["LUUKKU_EMAIL_FILE_PATH"].endswith("demo-mail")
