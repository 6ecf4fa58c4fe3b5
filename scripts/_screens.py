"""What the screenshot scripts share: the demo's address and the output folder from the command line,
Chromium's flags, and the steps every script takes (submit a form, log in with the demo's second
factor, take a full-page shot). Importing it sets up Django: the TOTP code reads the settings (no
database is touched)."""

import os
import sys
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "luukku.config.settings")
django.setup()

from luukku.demo.accounts import DEMO_TOTP_SECRET  # noqa: E402 (after the settings)
from luukku.twofactor import totp  # noqa: E402

BASE = sys.argv[1].rstrip("/") if len(sys.argv) > 1 else "http://127.0.0.1:8765"
OUT = Path(sys.argv[2] if len(sys.argv) > 2 else "docs/screenshots")
FI = f"{BASE}/koivula/fi"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


def submit(page, selector="main form button[type=submit]"):
    with page.expect_navigation():
        page.locator(selector).first.click()


def log_in(page, username, password):
    page.goto(f"{FI}/kirjaudu/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    submit(page)
    if page.locator("input[name=code]").count():
        page.locator("input[name=code]").fill(totp.code_at(DEMO_TOTP_SECRET, totp.current_step()))
        submit(page)


def shot(page, url, name):
    if url is not None:
        page.goto(url)
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(OUT / name), full_page=True)
    print(name, page.url)
