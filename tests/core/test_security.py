import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.hashers import get_hasher

import luukku
from luukku.config import settings as production

pytestmark = pytest.mark.django_db


def test_pages_carry_a_strict_content_security_policy(client, municipality):
    response = client.get("/esimerkki/fi/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_passwords_are_hashed_with_argon2(django_user_model, settings):
    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS  # the tests' own quick hasher set aside
    user = django_user_model.objects.create_user("virkailija", password="pitka-salasana-1")
    assert user.password.startswith("argon2")
    assert get_hasher().algorithm == "argon2"


def test_login_is_throttled_after_repeated_failures(client, django_user_model):
    django_user_model.objects.create_user("virkailija", password="oikea-salasana-1", is_staff=True)
    for _ in range(5):
        client.post("/admin/login/", {"username": "virkailija", "password": "väärä"}, REMOTE_ADDR="10.0.0.1")
    response = client.post(
        "/admin/login/", {"username": "virkailija", "password": "oikea-salasana-1"}, REMOTE_ADDR="10.0.0.1"
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_production_settings_turn_on_transport_security():
    code = (
        "import json, django; from django.conf import settings; django.setup();"
        "print(json.dumps([settings.SECURE_HSTS_SECONDS, settings.SESSION_COOKIE_SECURE,"
        " settings.CSRF_COOKIE_SECURE, settings.SESSION_COOKIE_HTTPONLY, settings.SECURE_SSL_REDIRECT]))"
    )
    env = {"LUUKKU_ENV": "production", "LUUKKU_SECRET_KEY": "x" * 50, "DJANGO_SETTINGS_MODULE": "luukku.config.settings",
           "LUUKKU_HETU_KEYS": "Z2Vuc2FsdC1ub3QtYS1yZWFsLWtleS1vbmx5LXRlc3Q=", "LUUKKU_HETU_HASH_KEY": "h" * 40,
           "PATH": "/usr/bin:/bin", "LUUKKU_VAR_DIR": "/tmp/luukku-prod-settings-test",
           "LUUKKU_ALLOWED_HOSTS": "asiointi.esimerkki.fi", "LUUKKU_PUBLIC_URL": "https://asiointi.esimerkki.fi",
           "PYTHONPATH": str(Path(luukku.__file__).resolve().parent.parent)}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    hsts, session_secure, csrf_secure, httponly, redirect = json.loads(out)
    assert hsts >= 31536000 and session_secure and csrf_secure and httponly and redirect


def test_production_refuses_to_start_without_a_secret_key():
    env = {"LUUKKU_ENV": "production", "DJANGO_SETTINGS_MODULE": "luukku.config.settings", "PATH": "/usr/bin:/bin",
           "LUUKKU_VAR_DIR": "/tmp/luukku-prod-settings-test"}
    result = subprocess.run([sys.executable, "-c", "import django; django.setup()"], env=env, capture_output=True)
    assert result.returncode != 0 and b"LUUKKU_SECRET_KEY" in result.stderr
