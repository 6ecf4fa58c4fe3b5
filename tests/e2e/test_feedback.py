"""Issue 5 in a real browser: a resident reports a street fault on the map with a photo, without
logging in; the unit's handler answers, publishes the answer and closes the fault; the resident opens
the follow-up link from the thanks page and rates the answer. axe-core checks every page on the way."""

import io

import pytest
from django.contrib.auth import get_user_model
from PIL import Image

from luukku.core.models import Role, StaffMembership
from luukku.feedback.models import CLOSED_STATUSES, Category, Feedback, Publication, Satisfaction

from .helpers import Checker, log_in, press

pytestmark = pytest.mark.browser

DESCRIPTION = "Katuvalo on rikki ja pyörätie on illalla aivan pimeä koulun kohdalla."
ANSWER = "Kiitos ilmoituksesta! Vaihdoimme lampun 2.12."


def _photo(tmp_path):
    path = tmp_path / "valo.png"
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 180, 40)).save(buffer, "PNG")
    path.write_bytes(buffer.getvalue())
    return path


def test_a_fault_is_reported_answered_published_and_rated(live_server, browser, demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    base = f"{live_server.url}/{demo.slug}/fi"
    fault = (Category.all_objects.filter(municipality=demo, active=True, location_required=True, public_works=True)
             .order_by("order", "code").first())
    assert fault is not None, "the demo has a public-works fault category"

    # The resident, not logged in: kind, category, text, a place from the map, a photo.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fi-FI")
    resident = context.new_page()
    resident.set_default_timeout(15_000)
    check = Checker(resident)
    resident.goto(f"{base}/palaute/")
    check("give feedback")
    resident.locator(f"input[name=kind][value={fault.kinds[0]}]").check()
    resident.locator(f"details.category-group:has(input[value={fault.code}]) summary").click()  # its theme
    resident.locator(f"input[name=category][value={fault.code}]").check()
    resident.locator("#id_description").fill(DESCRIPTION)
    resident.locator("#feedback-map").scroll_into_view_if_needed()
    resident.locator("#use-map-centre").click()
    assert resident.locator("#id_latitude").input_value() != ""
    resident.locator("#id_photos").set_input_files(str(_photo(tmp_path)))
    resident.locator("#id_email").fill("valo@example.fi")
    check("give feedback, filled in")
    press(resident, "#feedback-form button[type=submit].button-primary")
    if "/palaute/kiitos/" not in resident.url:  # "already reported near here": send mine anyway
        check("already reported near here")
        press(resident, "button[name=confirm]")
    assert "/palaute/kiitos/" in resident.url
    check("thanks")
    feedback = Feedback.all_objects.get(token=resident.url.rstrip("/").rsplit("/", 1)[1])
    assert feedback.category == fault and feedback.latitude is not None and feedback.media.count() == 1
    follow_link = resident.locator("a[href*='/palaute/seuranta/']").first.get_attribute("href")

    # The handler of the unit the rules chose answers, publishes and closes.
    handler_user = get_user_model().objects.create_user("e2e-katu", password="Koivula-e2e-katu-2026",
                                                        first_name="Kalle", last_name="Katu", is_staff=True)
    StaffMembership.all_objects.create(municipality=demo, user=handler_user, unit=feedback.unit,
                                       role=Role.CASE_HANDLER)
    staff_context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fi-FI")
    handler = staff_context.new_page()
    handler.set_default_timeout(15_000)
    hcheck = Checker(handler)
    log_in(handler, base, "e2e-katu")  # the password, then her first second-factor set-up
    handler.goto(f"{base}/virkailija/palaute/jono/{feedback.unit.public_id}/")
    hcheck("feedback queue")
    press(handler, f"a[href*='{feedback.public_id}']")
    hcheck("feedback detail")
    assert handler.locator("img[src*='/kuva/']").count() == 1
    # Where it is: the map with the border and the point, the nearest address, coordinates with points.
    assert handler.locator("#feedback-map .leaflet-marker-icon").count() == 1
    assert handler.locator("#feedback-map path.boundary").count() == 1
    assert "." in handler.locator("[data-coordinates]").inner_text()
    handler.locator("#reply-form textarea[name=body]").fill(ANSWER)
    press(handler, "#reply-form button[type=submit]")
    handler.locator("#publish-form textarea[name=public_answer]").fill(ANSWER)
    handler.locator(f"#publish-form input[name=publication][value={Publication.PUBLIC}], "
                    f"#publish-form select[name=publication]").first.evaluate(
        "(el, v) => { if (el.tagName === 'SELECT') { el.value = v; } else { el.checked = true; } }", Publication.PUBLIC)
    press(handler, "#publish-form button[type=submit]")
    closing = handler.locator("#status-status option[value=PUBLIC_WORKS_COMPLETED]")
    handler.locator("#status-status").select_option(closing.get_attribute("value"))
    press(handler, "#status-form button[type=submit]")
    hcheck("feedback detail, handled")
    feedback.refresh_from_db()
    assert feedback.status in CLOSED_STATUSES and feedback.publication == Publication.PUBLIC
    assert feedback.replies.count() == 1

    # The resident follows the link, reads the answer and rates it.
    resident.goto(follow_link if follow_link.startswith("http") else live_server.url + follow_link)
    check("follow-up")
    assert ANSWER in resident.content()
    resident.locator("#rating-form input[name=score][value='5']").check()
    resident.locator("#rating-form textarea[name=comment]").fill("Nopeaa toimintaa, kiitos!")
    press(resident, "#rating-form button[type=submit]")
    check("follow-up, rated")
    rating = Satisfaction.all_objects.get(feedback=feedback)
    assert rating.score == 5 and not rating.reopened

    # The public list shows it with the answer and never the reporter's email.
    resident.goto(f"{base}/palaute/lahella/")
    check("public list")
    assert "valo@example.fi" not in resident.content()
    assert not (check.failures + hcheck.failures), "\n\n".join(check.failures + hcheck.failures)
