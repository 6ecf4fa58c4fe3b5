"""The embedded SQLite database is set up for a web process and a worker side by side."""

import json
import os
import subprocess
import sys

import pytest
from django.db import connection

CODE = """
import json, django
django.setup()
from django.db import connection
with connection.cursor() as c:
    c.execute("PRAGMA journal_mode"); mode = c.fetchone()[0]
    c.execute("PRAGMA busy_timeout"); timeout = c.fetchone()[0]
print(json.dumps([mode, timeout, connection.transaction_mode]))
"""


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite settings")
def test_file_database_uses_wal_immediate_transactions_and_a_busy_timeout(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(LUUKKU_VAR_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="luukku.config.settings")
    out = subprocess.run([sys.executable, "-c", CODE], env=env, capture_output=True, text=True, check=True).stdout
    mode, timeout, transaction_mode = json.loads(out)
    assert mode == "wal"
    assert timeout >= 5000
    assert transaction_mode == "IMMEDIATE"
