"""Staff two-factor authentication in a real browser: a new handler sets up her authenticator
without JavaScript (the key read off the page, the code computed as an app would), then logs in
again with a code after a wrong one; axe-core checks the enrolment, recovery-code and code pages."""

import pytest
from django.contrib.auth import get_user_model

from luukku.core.models import Role, StaffMembership, Unit
from luukku.twofactor import totp
from luukku.twofactor.models import RecoveryCode, SecondFactor

from .helpers import Checker, enter_code, log_in, press

pytestmark = pytest.mark.browser


def _new_handler(demo, username):
    unit = Unit.all_objects.get(municipality=demo, slug="ymparistonsuojelu")
    user = get_user_model().objects.create_user(username, password=f"Koivula-{username}-2026", is_staff=True,
                                                first_name="Uusi", last_name="Käsittelijä")
    StaffMembership.all_objects.create(municipality=demo, user=user, unit=unit, role=Role.CASE_HANDLER)
    return user


def test_enrolment_and_login_with_a_code(live_server, browser, demo):
    base = f"{live_server.url}/{demo.slug}/fi"
    user = _new_handler(demo, "e2e-uusi")

    # Without JavaScript: the password, then the enrolment page with the QR code and the key as text.
    plain = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = plain.new_page()
    page.goto(f"{base}/kirjaudu/?next=/koivula/fi/virkailija/")
    page.locator("input[name=username]").fill("e2e-uusi")
    page.locator("input[name=password]").fill("Koivula-e2e-uusi-2026")
    press(page, "main form button[type=submit]")
    assert page.url.split("?")[0].endswith("/kirjaudu/kayttoonotto/")
    assert page.locator(".qr-code-box svg title").count() == 1
    secret = page.locator(".secret-key").inner_text().replace(" ", "")
    page.locator("input[name=code]").fill("12345")  # a digit short: told so, the field marked
    press(page, "main form button[type=submit]")
    assert page.locator(".error-summary a[href='#id_code']").count() == 1
    assert page.locator("#id_code").get_attribute("aria-invalid") == "true"
    page.locator("input[name=code]").fill(totp.code_at(secret, totp.current_step()))
    press(page, "main form button[type=submit]")
    codes = page.locator(".recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    assert RecoveryCode.objects.filter(factor__user=user).count() == 10
    press(page, "main a.button")
    assert page.url.endswith("/koivula/fi/virkailija/asiat/") and page.locator("h1").count() == 1  # the desk: the queues
    plain.close()

    # With JavaScript and axe: a new login asks for the code; a wrong one first, then the right one.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fi-FI")
    page = context.new_page()
    check = Checker(page)
    page.goto(f"{base}/kirjaudu/?next=/koivula/fi/virkailija/")
    page.locator("input[name=username]").fill("e2e-uusi")
    page.locator("input[name=password]").fill("Koivula-e2e-uusi-2026")
    press(page, "main form button[type=submit]")
    assert page.url.split("?")[0].endswith("/kirjaudu/vahvistus/")
    check("second factor: code")
    page.goto(f"{base}/virkailija/")  # a staff page before the code: back to the step
    assert page.url.split("?")[0].endswith("/kirjaudu/vahvistus/")
    right = SecondFactor.objects.get(user=user)
    wrong = "000000" if totp.code_at(right.secret, totp.current_step()) != "000000" else "111111"
    page.locator("input[name=code]").fill(wrong)
    press(page, "main form button[type=submit]")
    assert page.locator(".error-summary").count() == 1
    check("second factor: wrong code")
    enter_code(page, "e2e-uusi")
    assert page.url.endswith("/koivula/fi/virkailija/asiat/")  # the desk forwards a handler to their queues
    check("staff home after the second factor")
    context.close()

    # axe on the enrolment and recovery-code pages (another new handler, JavaScript on).
    _new_handler(demo, "e2e-toinen")
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fi-FI")
    page = context.new_page()
    first, check = check, Checker(page)
    page.goto(f"{base}/kirjaudu/")
    page.locator("input[name=username]").fill("e2e-toinen")
    page.locator("input[name=password]").fill("Koivula-e2e-toinen-2026")
    press(page, "main form button[type=submit]")
    check("second factor: enrolment")
    secret = page.locator(".secret-key").inner_text().replace(" ", "")
    page.locator("input[name=code]").fill(totp.code_at(secret, totp.current_step()))
    press(page, "main form button[type=submit]")
    check("second factor: recovery codes")
    context.close()

    # The demo's own staff log in through the shared helper (the demo's printed key).
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fi-FI")
    page = context.new_page()
    log_in(page, base, "kasittelija", next_url="/koivula/fi/virkailija/")
    assert page.url.endswith("/koivula/fi/virkailija/asiat/")  # the desk forwards a handler to their queues
    context.close()
    failures = first.failures + check.failures
    assert len(first.seen) == 3 and len(check.seen) == 2
    assert not failures, "\n\n".join(failures)
