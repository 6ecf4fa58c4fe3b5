"""The mandate and consent pages in a real browser: no WCAG 2.1 A/AA violation (axe) in Finnish and
Swedish, and granting a mandate and giving a consent work with JavaScript turned off."""

import pytest

from luukku.people.models import Mandate
from luukku.privacy.models import Consent

from .helpers import Checker, login, press

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_the_pages_have_no_wcag_violations(live_server, browser, demo, lang):  # noqa: F811
    base = f"{live_server.url}/{demo.slug}/{lang}"
    page = login(browser, base, "asukas")
    check = Checker(page)
    for name, path in (("mandates", "omat-asiat/valtuutukset/"), ("consents", "omat-asiat/suostumukset/")):
        assert page.goto(f"{base}/{path}").status == 200
        check(name)
        press(page, "form.application-form button[type=submit]")  # an empty form: the errors shown
        check(f"{name}-errors")
    assert not check.failures, "\n\n".join(check.failures)


def test_grant_and_consent_without_javascript(live_server, browser, demo):  # noqa: F811
    base = f"{live_server.url}/{demo.slug}/en"
    context = browser.new_context(java_script_enabled=False, locale="en-GB")
    page = context.new_page()
    page.goto(f"{base}/kirjaudu/")
    page.locator("input[name=username]").fill("asukas")
    page.locator("input[name=password]").fill("Koivula-asukas-2026")
    with page.expect_navigation():
        page.locator("input[name=password]").press("Enter")
    page.goto(f"{base}/omat-asiat/valtuutukset/")
    page.locator("#id_code").fill("210879Y131L")
    page.locator("input[name=case_types]").first.check()
    page.locator("#id_valid_until").fill("31.12.2030")
    press(page, "form.application-form button[type=submit]")
    assert "Bertil Johan Björkman" in page.content()
    assert Mandate.all_objects.filter(agent__first_names="Bertil Johan", kind="granted").count() == 1
    page.goto(f"{base}/omat-asiat/suostumukset/")
    page.locator("#id_partner").select_option(index=1)
    page.locator("input[name=categories]").first.check()
    page.locator("input[name=purpose]").first.check()
    press(page, "form.application-form button[type=submit]")
    assert Consent.all_objects.filter(person__user__username="asukas").count() == 1
    context.close()
