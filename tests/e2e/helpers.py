"""What the browser tests share: axe-core's WCAG 2.1 A/AA run collected page by page, pressing
something that navigates, and logging in through the local login form (with the staff's second
factor: the code computed here from the user's key, as an authenticator app would)."""

import time
from urllib.parse import urlencode, urlsplit

from axe_playwright_python.sync_playwright import Axe

from luukku.twofactor import totp
from luukku.twofactor.models import SecondFactor

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


class Checker:
    """axe on every page: violations collected with the page's name, asserted at the end."""

    def __init__(self, page):
        self.page, self.axe, self.failures, self.seen = page, Axe(), [], []

    def __call__(self, name):
        results = self.axe.run(self.page, options=WCAG_21_AA)
        self.seen.append(name)
        if results.violations_count:
            self.failures.append(f"{name} {self.page.url}:\n{results.generate_report()}")


def press(page, selector):
    with page.expect_navigation():
        page.locator(selector).first.click()


def login(browser, base, username, password=None):
    """A new browser context logged in as a demo account (its password by the demo's pattern)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fi-FI")
    page = context.new_page()
    page.set_default_timeout(20_000)
    log_in(page, base, username, password)
    return page


def log_in(page, base, username, password=None, next_url=None):
    """The login form in `page` (JavaScript on or off), then the second factor when one is asked for."""
    page.goto(f"{base}/kirjaudu/" + (f"?{urlencode({'next': next_url})}" if next_url else ""))
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password or f"Koivula-{username}-2026")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    path = urlsplit(page.url).path
    if path.endswith("/kirjaudu/kayttoonotto/"):
        enrol(page)
    elif path.endswith("/kirjaudu/vahvistus/"):
        enter_code(page, username)


def fresh_code(username) -> str:
    """A code the server takes now: each time step once, so a second login in the same 30 seconds
    takes the next step's code (the server allows one step of drift) or waits for a new step."""
    while True:
        factor = SecondFactor.objects.get(user__username=username)
        now = totp.current_step()
        step = max(now, factor.last_step + 1)
        if step <= now + totp.DRIFT_STEPS:
            return totp.code_at(factor.secret, step)
        time.sleep(totp.STEP_SECONDS - time.time() % totp.STEP_SECONDS + 0.1)


def enter_code(page, username):
    page.locator("input[name=code]").fill(fresh_code(username))
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()


def enrol(page):
    """First login: read the key off the enrolment page as a person typing it into an app would, confirm
    with its code, and go on past the recovery codes. Returns the recovery codes shown."""
    secret = page.locator(".secret-key").inner_text().replace(" ", "")
    page.locator("input[name=code]").fill(totp.code_at(secret, totp.current_step()))
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    codes = page.locator(".recovery-codes code").all_inner_texts()
    with page.expect_navigation():
        page.locator("main a.button").first.click()
    return codes
