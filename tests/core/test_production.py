"""Production start: refuses settings that would point residents' secret links at the wrong place,
collects the static files, and passes `check --deploy` without a warning."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

import luukku

SOURCE = str(Path(luukku.__file__).resolve().parent.parent)  # this worktree's code, not an installed copy
PRODUCTION = {
    "LUUKKU_ENV": "production", "DJANGO_SETTINGS_MODULE": "luukku.config.settings", "PATH": "/usr/bin:/bin",
    "PYTHONPATH": SOURCE, "LUUKKU_VAR_DIR": "/tmp/luukku-prod-settings-test",
    "LUUKKU_SECRET_KEY": "kT9#vQ2!mZ7@pL4$wX8%nR3^bF6&hJ1*dS5(gY0)cA-eU_iO+qW=",
    "LUUKKU_HETU_KEYS": "Z2Vuc2FsdC1ub3QtYS1yZWFsLWtleS1vbmx5LXRlc3Q=", "LUUKKU_HETU_HASH_KEY": "h7Kq2mZ9pL4wX8nR3bF6",
    "LUUKKU_ALLOWED_HOSTS": "asiointi.esimerkki.fi", "LUUKKU_PUBLIC_URL": "https://asiointi.esimerkki.fi",
}


def start(args=("-c", "import django; django.setup()"), **changes):
    env = {k: v for k, v in {**PRODUCTION, **changes}.items() if v is not None}
    return subprocess.run([sys.executable, *args], env=env, capture_output=True, text=True, cwd="/tmp")


def test_the_production_settings_start():
    result = start()
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("hosts", [None, "", "*", "asiointi.esimerkki.fi,*"])
def test_production_refuses_to_start_without_real_allowed_hosts(hosts):
    result = start(LUUKKU_ALLOWED_HOSTS=hosts)
    assert result.returncode != 0 and "LUUKKU_ALLOWED_HOSTS" in result.stderr


@pytest.mark.parametrize("url", [None, "", "http://127.0.0.1:8000", "http://asiointi.esimerkki.fi",
                                 "https://localhost", "https://127.0.0.1", "asiointi.esimerkki.fi"])
def test_production_refuses_to_start_without_a_public_https_url(url):
    result = start(LUUKKU_PUBLIC_URL=url)
    assert result.returncode != 0 and "LUUKKU_PUBLIC_URL" in result.stderr


def test_check_deploy_is_clean_with_production_settings():
    result = start(("-m", "django", "check", "--deploy", "--fail-level", "WARNING"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNINGS:" not in result.stdout + result.stderr and "ERRORS:" not in result.stdout + result.stderr


def test_serve_collects_the_static_files_before_gunicorn(settings, tmp_path, monkeypatch):
    settings.STATIC_ROOT = tmp_path / "static"
    started = []
    monkeypatch.setattr("os.execv", lambda path, argv: started.append(argv))
    call_command("luukku_serve", "--bind", "127.0.0.1:8999")
    assert (tmp_path / "static" / "web" / "luukku.css").exists()
    assert started and started[0][1] == "luukku.config.wsgi:application"


def test_serve_without_collecting_says_what_is_missing_in_production(settings, tmp_path, monkeypatch):
    settings.STATIC_ROOT, settings.PRODUCTION = tmp_path / "static", True
    monkeypatch.setattr("os.execv", lambda path, argv: pytest.fail("gunicorn must not start"))
    with pytest.raises(CommandError, match="collectstatic"):
        call_command("luukku_serve", "--no-collectstatic")
