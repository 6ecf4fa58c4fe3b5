"""Issue 17 point 5 in a real browser: the manager creates a hearing with a section, publishes it;
a visitor (no login, no JavaScript needed) comments and votes; the manager hides a comment with a
reason. The visitor's browser has JavaScript off; axe-core (which needs it) checks the hearing page and the staff pages."""

import datetime as dt

import pytest

from luukku.core import clock
from luukku.hearings.models import Comment, Hearing

from .helpers import Checker, login, press

pytestmark = pytest.mark.browser


def _local(moment):
    return moment.astimezone(clock.HELSINKI).strftime("%Y-%m-%dT%H:%M")


def test_a_hearing_is_created_published_commented_voted_and_moderated(live_server, browser, demo):
    base = f"{live_server.url}/{demo.slug}/fi"
    manager = login(browser, base, "johtaja")
    mcheck = Checker(manager)
    manager.goto(f"{base}/virkailija/kuulemiset/")
    mcheck("hearings: staff list")
    manager.locator("#hearing-title").fill("Torin kaavamuutos")
    manager.locator("#hearing-abstract").fill("Luonnos torin uudistamisesta.")
    manager.locator("#hearing-opens_at").fill(_local(clock.now() - dt.timedelta(days=1)))
    manager.locator("#hearing-closes_at").fill(_local(clock.now() + dt.timedelta(days=14)))
    manager.locator("#hearing-latitude").fill("62.6")
    manager.locator("#hearing-longitude").fill("29.76")
    press(manager, "#hearing-form button[type=submit]")
    hearing = Hearing.all_objects.get(title="Torin kaavamuutos")
    manager.locator("#section-title").fill("Liikenne")
    manager.locator("#section-text").fill("Tori muuttuu kävelykaduksi.")
    press(manager, "#section-form button[type=submit]")
    press(manager, "button[name=to][value=published]")
    mcheck("hearings: staff hearing")

    visitor_context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fi-FI",
                                          java_script_enabled=False)
    visitor = visitor_context.new_page()
    visitor.set_default_timeout(20_000)
    visitor.goto(f"{base}/kuulemiset/{hearing.public_id}/")
    assert "Liikenne" in visitor.content() and "OpenStreetMap" in visitor.content()
    visitor.locator("#comment-section").select_option(label="Liikenne")
    visitor.locator("#comment-text").fill("Kävelykatu on hyvä <b>idea</b>")
    press(visitor, "#comment-form button[type=submit]")
    press(visitor, "li[data-comment] form button[type=submit]")
    comment = Comment.all_objects.get(hearing=hearing)
    assert comment.votes_count == 1 and comment.text == "Kävelykatu on hyvä <b>idea</b>"
    assert "Kävelykatu on hyvä <b>idea</b>" in visitor.locator(".comment-text").inner_text()

    manager.goto(f"{base}/virkailija/kuulemiset/{hearing.public_id}/")
    manager.locator(f"#hide-{comment.public_id}-reason").fill("Testi")
    press(manager, f"li[data-comment='{comment.public_id}'] button[type=submit]")
    mcheck("hearings: moderated")
    visitor_context.close()
    # axe runs in a browser with JavaScript (the visitor above had none).
    reader_context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fi-FI")
    reader = reader_context.new_page()
    reader.set_default_timeout(20_000)
    vcheck = Checker(reader)
    reader.goto(f"{base}/kuulemiset/{hearing.public_id}/")
    vcheck("hearings: public page")
    reader.goto(f"{base}/kuulemiset/")
    vcheck("hearings: public list")
    reader_context.close()
    assert not mcheck.failures and not vcheck.failures, "\n".join(mcheck.failures + vcheck.failures)
