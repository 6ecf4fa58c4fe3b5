"""Issue 14, points 1 and 2 in a real browser: the parent accepts the demo's day care place on the
case page before the deadline, and the handler sees the answer; then the parent requests a review
of the decision, and the handler finds the linked request, marked as within the deadline. axe-core
checks every page on the way."""

import pytest

from luukku.cases.models import Case, DecisionAnswer, Status

from .helpers import Checker, login, press

pytestmark = pytest.mark.browser

MESSAGE = "Kiitos, aloitamme elokuussa."
GROUNDS = "Toivoimme Järvenrannan päiväkotia, koska se on kotimatkan varrella."


def test_parent_accepts_a_place_and_requests_a_review(live_server, browser, demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    base = f"{live_server.url}/{demo.slug}/fi"
    case = Case.all_objects.get(municipality=demo, case_type__slug="varhaiskasvatushakemus",
                                applicant__user__username="asukas")
    decision = case.decisions.get()
    assert case.status == Status.DECIDED and decision.answer_due is not None

    # My cases says the place needs an answer; the case page takes it.
    aino = login(browser, base, "asukas")
    check = Checker(aino)
    aino.goto(f"{base}/omat-asiat/")
    check("resident: my cases")
    assert aino.locator(f"li.my-item.action-required a[href$='/omat-asiat/{case.public_id}/']").count() == 1
    press(aino, f"main a[href$='/omat-asiat/{case.public_id}/']")
    check("resident: decision waiting for an answer")
    assert aino.locator("[data-answer-state=waiting] form").count() == 1
    aino.locator(f"#answer-accept-{decision.public_id}").check()
    aino.locator(f"#answer-message-{decision.public_id}").fill(MESSAGE)
    press(aino, "[data-answer-state=waiting] button[type=submit]")
    check("resident: decision answered")
    assert aino.locator("[data-answer-state=answered]").count() == 1
    assert MESSAGE in aino.locator("[data-answer-state=answered]").inner_text()
    answer = DecisionAnswer.all_objects.get(decision=decision)
    assert answer.answer == "accept" and answer.on_behalf_of_id == case.subject_id
    aino.goto(f"{base}/omat-asiat/")
    assert aino.locator(f"li.my-item.action-required a[href$='/omat-asiat/{case.public_id}/']").count() == 0

    # The handler sees the answer on the case page.
    handler = login(browser, base, "kasittelija")
    hcheck = Checker(handler)
    handler.goto(f"{base}/virkailija/asiat/{case.public_id}/")
    hcheck("handler: case with the answer")
    row = handler.locator(f"[data-decision='{decision.public_id}']")
    assert row.get_attribute("data-answer-state") == "answered" and MESSAGE in row.inner_text()

    # The parent asks for the decision to be reviewed, from the decision.
    aino.goto(f"{base}/omat-asiat/{case.public_id}/")
    press(aino, "[data-action=request-review]")
    check("resident: request a review")
    assert aino.locator("[data-field=decision]").inner_text() == decision.title
    assert aino.locator("[data-field=review-body]").inner_text() == "Koivulan kunnan kasvatus- ja opetuslautakunta"
    assert aino.locator("[data-late]").count() == 0
    press(aino, "main form button[type=submit]")  # nothing written: the form says so
    check("resident: request a review, grounds missing")
    assert aino.locator("#review-grounds[aria-invalid=true]").count() == 1
    aino.locator("#review-grounds").fill(GROUNDS)
    aino.locator("#review-demand").fill("Paikka Järvenrannan päiväkodista.")
    press(aino, "main form button[type=submit]")
    check("resident: the request for review")
    review = Case.all_objects.get(review_of=decision)
    assert aino.url.rstrip("/").endswith(str(review.public_id))
    assert aino.locator(f"[data-review-of='{case.reference}']").count() == 1

    # The handler follows the link from the decided case to the request, within the deadline.
    handler.goto(f"{base}/virkailija/asiat/{case.public_id}/")
    press(handler, f"a[data-review='{review.reference}']")
    hcheck("handler: the request for review")
    assert handler.locator("[data-review-late]").get_attribute("data-review-late") == "false"
    assert GROUNDS in handler.locator("main").inner_text()
    assert not check.failures + hcheck.failures, "\n\n".join(check.failures + hcheck.failures)
