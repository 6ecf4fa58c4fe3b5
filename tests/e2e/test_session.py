"""The idle session's warning in a real browser: announced politely a while before the end, with
a button that keeps the session, and accessible (axe, WCAG 2.1 AA)."""

import pytest

from ..factories import MunicipalityFactory
from .helpers import Checker, login

pytestmark = pytest.mark.browser


def test_the_session_warning_is_announced_and_stay_signed_in_extends(live_server, browser, transactional_db,
                                                                      settings, django_user_model):
    settings.LUUKKU_SESSION_IDLE_MINUTES_RESIDENT = 0.2  # 12 seconds: the warning after 6
    MunicipalityFactory(slug="esimerkki", code="999", name={"fi": "Esimerkki"})
    django_user_model.objects.create_user("aino", password="Koivula-aino-2026", first_name="Aino")
    page = login(browser, f"{live_server.url}/esimerkki/fi", "aino")
    first_end = page.locator(".session-end time").get_attribute("datetime")
    warning = page.locator('.session-warning[role="status"][aria-live="polite"]')
    warning.locator("button").wait_for(timeout=20_000)
    assert "stay signed in" in warning.inner_text().lower() or "kirjautuneena" in warning.inner_text().lower()
    check = Checker(page)
    check("session warning")
    warning.locator("button").click()
    warning.locator("button").wait_for(state="detached")  # the session was kept: the warning goes
    assert page.locator(".session-end time").get_attribute("datetime") > first_end
    assert "Aino" in page.content()
    assert not check.failures, "\n".join(check.failures)
