"""Real-browser tests: Playwright driving Debian's Chromium against a live Django server."""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("LUUKKU_CHROMIUM", "/usr/bin/chromium")
# Playwright's sync API keeps an event loop in this thread; the ORM calls made by fixtures here are
# ordinary synchronous calls on the test database.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.skip("Chromium is not installed (Debian package chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
                  "--no-first-run", "--disable-component-update", "--disable-sync"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fi-FI")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def demo(transactional_db):
    from tests._demo_snapshot import load_demo

    return load_demo()
