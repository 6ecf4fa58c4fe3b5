"""Full-page screenshots of participation in a running demo (issue 17): participatory budgeting, a
hearing and a resident panel's results.

    luukku demo --no-serve && luukku serve --bind 127.0.0.1:8765 &
    python scripts/screenshots_participation.py [http://127.0.0.1:8765] [docs/screenshots]

The budget page and the hearing are taken logged out, as any visitor sees them; the vote page as the
demo resident Aino Asukas (`asukas`, who has not voted: she ticks a few plans and checks the totals,
which works without JavaScript); the staff pages as the demo manager (`johtaja`, the second factor's
code from the demo's key, as an authenticator app would make it)."""

import os
import sys
from pathlib import Path

import django
from playwright.sync_api import sync_playwright

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "luukku.config.settings")
django.setup()  # the TOTP code reads the settings (no database is touched)

from luukku.demo.accounts import DEMO_TOTP_SECRET  # noqa: E402 (after the settings)
from luukku.demo.data.participation import BUDGET_2026, OPEN_HEARING, PANEL_SURVEY  # noqa: E402
from luukku.twofactor import totp  # noqa: E402

BASE = sys.argv[1].rstrip("/") if len(sys.argv) > 1 else "http://127.0.0.1:8765"
OUT = Path(sys.argv[2] if len(sys.argv) > 2 else "docs/screenshots")
FI = f"{BASE}/koivula/fi"
BUDGET = f"{FI}/osallistuva-budjetointi/{BUDGET_2026['slug']}/"
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


def link(page, url, text) -> str:
    """The address of the first link in `main` whose words are `text`, on the page at `url`."""
    page.goto(url)
    href = page.locator("main a", has_text=text).first.get_attribute("href")
    return href if href.startswith("http") else BASE + href


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)

        def context():
            return browser.new_context(viewport={"width": 1280, "height": 900}, locale="fi-FI").new_page()

        public, resident, staff = context(), context(), context()
        shot(public, BUDGET, "participation-budget-fi.png")
        shot(public, link(public, f"{FI}/kuulemiset/", OPEN_HEARING["title"]), "hearing-fi.png")

        log_in(resident, "asukas", "Koivula-asukas-2026")
        resident.goto(f"{BUDGET}aanesta/")
        boxes = resident.locator("main input[type=checkbox][name=plan]")
        for index in (0, 3, 5):  # two of the whole municipality's plans and one of the centre's
            if index < boxes.count():
                boxes.nth(index).check()
        if resident.locator("main form button[name=check]").count():
            submit(resident, "main form button[name=check]")
        shot(resident, None, "participation-vote-fi.png")

        log_in(staff, "johtaja", "Koivula-johtaja-2026")
        shot(staff, f"{FI}/virkailija/osallistuva-budjetointi/{BUDGET_2026['slug']}/", "participation-staff-fi.png")
        results = link(staff, f"{FI}/virkailija/kyselyt/", PANEL_SURVEY["title"]) + "tulokset/?by=age"
        shot(staff, results, "survey-results-fi.png")
        browser.close()


if __name__ == "__main__":
    main()
