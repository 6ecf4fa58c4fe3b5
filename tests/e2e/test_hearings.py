"""Issue 17 point 5 in a real browser: the manager drafts a hearing with labels and two sections (one
with an attachment), reorders them and publishes; a resident with JavaScript comments a section; a
resident without JavaScript follows the page's sign-in link, comes back to the hearing, comments and
votes for the other's comment; the manager hides a comment with a reason, closes the hearing and
downloads the XLSX and PDF reports. axe-core (which needs JavaScript) checks every page in a browser
with JavaScript: the staff's, the first resident's and the public list's."""

import datetime as dt

import pytest

from luukku.core import clock
from luukku.hearings.models import Comment, Hearing, Status

from ..photos import jpeg_with_gps
from .helpers import Checker, login, press

pytestmark = pytest.mark.browser


def _local(moment):
    return moment.astimezone(clock.HELSINKI).strftime("%Y-%m-%dT%H:%M")


def _draft(manager, mcheck, base):
    manager.goto(f"{base}/virkailija/kuulemiset/")
    mcheck("hearings: staff list")
    manager.locator("#hearing-title").fill("Torin kaavamuutos")
    manager.locator("#hearing-abstract").fill("Luonnos torin uudistamisesta.")
    manager.locator("#hearing-opens_at").fill(_local(clock.now() - dt.timedelta(days=1)))
    manager.locator("#hearing-closes_at").fill(_local(clock.now() + dt.timedelta(days=14)))
    manager.locator("#hearing-participation").select_option("registered")
    manager.locator("#hearing-labels_text").fill("kaavoitus, liikenne")
    manager.locator("#hearing-latitude").fill("62.6")
    manager.locator("#hearing-longitude").fill("29.76")
    press(manager, "#hearing-form button[type=submit]")
    hearing = Hearing.all_objects.get(title="Torin kaavamuutos")
    manager.locator("#section-title").fill("Viheralueet")
    manager.locator("#section-text").fill("Puisto laajenee torin reunalle.")
    press(manager, "#section-form button[type=submit]")
    manager.locator("#section-title").fill("Liikenne")
    manager.locator("#section-text").fill("Tori muuttuu kävelykaduksi.")
    manager.locator("#section-attachment").set_input_files(
        files=[{"name": "kartta.jpg", "mimeType": "image/jpeg", "buffer": jpeg_with_gps()}])
    press(manager, "#section-form button[type=submit]")
    press(manager, "#section-list li:last-child button[value=up]")  # traffic first
    assert manager.locator("#section-list > li").first.inner_text().startswith("Liikenne")
    mcheck("hearings: draft with sections")
    press(manager, "#section-list > li:first-child > a")
    mcheck("hearings: a section being edited")
    assert manager.locator("#attachment-list li").count() == 1
    press(manager, "main a[href$='#sections']")
    press(manager, "button[name=to][value=published]")
    mcheck("hearings: published")
    assert manager.locator("#content-fixed").count() == 1  # no edits once published
    return hearing


def test_a_hearing_is_drafted_published_commented_voted_moderated_closed_and_reported(live_server, browser, demo):
    base = f"{live_server.url}/{demo.slug}/fi"
    manager = login(browser, base, "johtaja")
    mcheck = Checker(manager)
    hearing = _draft(manager, mcheck, base)
    page_url = f"{base}/kuulemiset/{hearing.public_id}/"

    first = login(browser, base, "asukas2")
    rcheck = Checker(first)
    first.goto(f"{base}/kuulemiset/")
    rcheck("hearings: public list")
    press(first, "#open-hearings .tags a:text('liikenne')")
    rcheck("hearings: list by label")
    press(first, f"li[data-hearing='{hearing.public_id}'] h3 a")
    rcheck("hearings: hearing page")
    assert "62.600000" in first.locator("#hearing-place").inner_text()
    first.locator("#map-tools").wait_for(state="visible")  # the progressive map with JavaScript
    first.locator("#comment-section").select_option(label="Viheralueet")
    first.locator("#comment-text").fill("Enemmän puita, kiitos")
    first.locator("#comment-shown_name").fill("Puistoihminen")
    press(first, "#comment-form button[type=submit]")
    rcheck("hearings: commented")
    green = Comment.all_objects.get(hearing=hearing)

    # Without JavaScript: the sign-in link of the page, and back to the hearing.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fi-FI", java_script_enabled=False)
    second = context.new_page()
    second.set_default_timeout(20_000)
    second.goto(page_url)
    press(second, "#way-in a")
    second.locator("input[name=username]").fill("asukas")
    second.locator("input[name=password]").fill("Koivula-asukas-2026")
    press(second, "main form button[type=submit]")
    assert second.url.split("#")[0] == page_url and second.locator("#way-in").count() == 0
    second.locator("#comment-section").select_option(label="Liikenne")
    second.locator("#comment-text").fill("Kävelykatu on hyvä <b>idea</b>")
    press(second, "#comment-form button[type=submit]")
    press(second, f"li[data-comment='{green.public_id}'] form button[type=submit]")
    green.refresh_from_db()
    traffic = Comment.all_objects.get(hearing=hearing, section__title="Liikenne")
    assert green.votes_count == 1 and traffic.text == "Kävelykatu on hyvä <b>idea</b>"
    assert "<b>idea</b>" in second.locator(f"#comment-{traffic.public_id} .comment-text").inner_text()
    context.close()

    manager.goto(f"{base}/virkailija/kuulemiset/{hearing.public_id}/")
    manager.locator(f"#hide-{traffic.public_id}-reason").fill("Asiaton")
    press(manager, f"li[data-comment='{traffic.public_id}'] button[type=submit]")
    mcheck("hearings: moderated")
    press(manager, "button[name=to][value=closed]")
    mcheck("hearings: closed")
    hearing.refresh_from_db()
    assert hearing.status == Status.CLOSED
    for name, kind in (("raportti.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                       ("raportti.pdf", "application/pdf")):
        response = manager.request.get(f"{base}/virkailija/kuulemiset/{hearing.public_id}/{name}")
        assert response.status == 200 and response.headers["content-type"] == kind, name
        assert len(response.body()) > 1000

    first.goto(page_url)
    rcheck("hearings: closed page")
    assert "Kävelykatu" not in first.content() and first.locator("#comment-form").count() == 0
    first.goto(f"{base}/kuulemiset/")
    assert first.locator(f"#closed-hearings li[data-hearing='{hearing.public_id}']").count() == 1
    assert not mcheck.failures and not rcheck.failures, "\n".join(mcheck.failures + rcheck.failures)
