"""What the browser tests share: axe-core's WCAG 2.1 A/AA run collected page by page, pressing
something that navigates, and logging in through the local login form."""

from axe_playwright_python.sync_playwright import Axe

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
    page.goto(f"{base}/kirjaudu/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password or f"Koivula-{username}-2026")
    with page.expect_navigation():
        page.locator("input[name=password]").press("Enter")
    return page
