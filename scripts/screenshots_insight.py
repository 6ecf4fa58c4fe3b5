"""Full-page screenshots of the knowledge-based management pages of a running demo (issue 16, point 8).

    luukku demo --no-serve && luukku serve --bind 127.0.0.1:8765 &
    python scripts/screenshots_insight.py [http://127.0.0.1:8765] [docs/screenshots]

Signs in as the demo manager (the second factor's code from the demo's key, as an authenticator app
would make it), makes one questionnaire link in the open round for its page, and saves the PNGs;
public pages are taken logged out."""

import datetime as dt
import os
import re
import sys
from pathlib import Path

import django
from playwright.sync_api import sync_playwright

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "luukku.config.settings")
django.setup()  # the TOTP code reads the settings (no database is touched)

from luukku.demo.accounts import DEMO_TOTP_SECRET  # noqa: E402 (after the settings)
from luukku.twofactor import totp  # noqa: E402

BASE = sys.argv[1].rstrip("/") if len(sys.argv) > 1 else "http://127.0.0.1:8765"
OUT = Path(sys.argv[2] if len(sys.argv) > 2 else "docs/screenshots")
FI, EN = f"{BASE}/koivula/fi", f"{BASE}/koivula/en"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


def submit(page, selector="main form button[type=submit]"):
    with page.expect_navigation():
        page.locator(selector).first.click()


def log_in(page):
    page.goto(f"{FI}/kirjaudu/")
    page.locator("input[name=username]").fill("johtaja")
    page.locator("input[name=password]").fill("Koivula-johtaja-2026")
    submit(page)
    if page.locator("input[name=code]").count():
        page.locator("input[name=code]").fill(totp.code_at(DEMO_TOTP_SECRET, totp.current_step()))
        submit(page)


def shot(page, url, name):
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(OUT / name), full_page=True)
    print(name, page.url)


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fi-FI").new_page()
        public = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fi-FI").new_page()
        log_in(page)
        shot(page, f"{FI}/virkailija/tietojohtaminen/", "staff-dashboard-fi.png")
        for view in ("processing", "feedback", "campaigns"):
            shot(page, f"{FI}/virkailija/tietojohtaminen/?view={view}", f"staff-dashboard-{view}-fi.png")
        page.goto(f"{EN}/virkailija/tietojohtaminen/?view=processing")
        page.select_option("select[name=unit]", label="Early childhood education services")
        submit(page, "#filter-form button[type=submit]")
        shot(page, page.url, "staff-dashboard-unit-en.png")
        shot(public, f"{FI}/avoin-data/", "open-data-fi.png")

        page.goto(f"{FI}/virkailija/kypsyys/")  # the rounds, newest first: the open one, then the closed one
        open_, closed = [BASE + h for h in page.locator("main table th a").evaluate_all(
            "links => links.map(a => a.getAttribute('href'))")[:2]]
        page.goto(open_)
        if not page.locator("#invite-form").count():
            open_, closed = closed, open_
            page.goto(open_)
        page.select_option("select[name=level]", value="service")
        page.locator("input[name=count]").fill("1")
        submit(page, "#invite-form button[type=submit]")
        link = page.locator("code").first.inner_text()
        shot(public, link, "maturity-questionnaire-fi.png")  # as the respondent sees it: not logged in
        shot(page, f"{closed}raportti/", "staff-maturity-report-fi.png")

        burden = f"{FI}/virkailija/hallinnollinen-taakka/"
        end = dt.date.today() - dt.timedelta(days=1)  # the history's last twelve months
        shot(page, f"{burden}?start={end - dt.timedelta(days=364)}&end={end}&by=service", "staff-burden-fi.png")
        page.goto(f"{burden}muutokset/")
        change = page.locator("#changes-list a[href*='/muutokset/']").first.get_attribute("href")
        shot(page, BASE + change, "staff-burden-change-fi.png")
        shot(page, f"{FI}/virkailija/strategia/", "staff-strategy-fi.png")
        browser.close()


if __name__ == "__main__":
    main()
