"""Full-page screenshots of participation in a running demo (issue 17): participatory budgeting, a
hearing and a resident panel's results.

    luukku demo --no-serve && luukku serve --bind 127.0.0.1:8765 &
    python scripts/screenshots_participation.py [http://127.0.0.1:8765] [docs/screenshots]

The budget page and the hearing are taken logged out, as any visitor sees them; the vote page as the
demo resident Aino Asukas (`asukas`, who has not voted: she ticks a few plans and checks the totals,
which works without JavaScript); the staff pages as the demo manager (`johtaja`, the second factor's
code from the demo's key, as an authenticator app would make it)."""

from playwright.sync_api import sync_playwright

from _screens import BASE, CHROMIUM_ARGS, FI, OUT, log_in, shot, submit  # sets up Django first
from luukku.demo.data.participation import BUDGET_2026, OPEN_HEARING, PANEL_SURVEY  # noqa: E402

BUDGET = f"{FI}/osallistuva-budjetointi/{BUDGET_2026['slug']}/"


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
