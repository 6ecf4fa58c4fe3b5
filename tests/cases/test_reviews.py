"""A request for review (oikaisuvaatimus) from any decision in My cases: the form names the
decision, the day it counts as received, the deadline and the body; sending makes a linked case
for the unit preparing the review, late requests taken and marked late; nobody else's decision."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from luukku.cases import services
from luukku.cases.models import Case, DecisionTemplate, Status
from luukku.core import clock
from luukku.eservices.models import Attachment

from .staff_helpers import case_url, other_unit, other_unit_handler  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db

DECIDED_AT = dt.datetime(2026, 3, 2, 10, 0)
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n%%EOF\n"


@pytest.fixture
def decided(aino, child, make_case, handler, case_type, municipality, other_unit):  # noqa: F811
    template = DecisionTemplate.all_objects.create(
        municipality=municipality, case_type=case_type, name={"fi": "Paikka"}, title={"fi": "Paikkapäätös"},
        body={"fi": "Paikka myönnetty."}, appeal_instructions={"fi": "Oikaisuvaatimus: {review_body}."},
        review_body={"fi": "Kasvatuslautakunta"}, review_unit=other_unit)
    case = make_case(aino, child)
    with clock.frozen_at(DECIDED_AT):
        decision = services.decide_from_template(case, handler, template, {}, "fi")
    return case, decision


def review_url(case, decision, lang="en"):
    return f"/esimerkki/{lang}/omat-asiat/{case.public_id}/paatokset/{decision.public_id}/oikaisuvaatimus/"


def test_the_form_is_prefilled_and_a_request_makes_a_linked_case(client, decided, aino, child, other_unit,  # noqa: F811
                                                                 other_unit_handler, handler):
    case, decision = decided
    client.force_login(aino.user)
    with clock.frozen_at(dt.datetime(2026, 3, 20, 12)):
        html = client.get(f"/esimerkki/en/omat-asiat/{case.public_id}/").content.decode()
        assert review_url(case, decision) in html  # "Request a review" under the decision
        form = client.get(review_url(case, decision)).content.decode()
        assert 'data-field="decision">Paikkapäätös<' in form and "2.3.2026" in form
        assert 'data-field="notified">5.3.2026<' in form
        assert 'data-field="deadline">7.4.2026<' in form  # 30 days, past Easter
        assert 'data-field="review-body">Kasvatuslautakunta<' in form and "data-late" not in form
        response = client.post(review_url(case, decision), {"grounds": "", "demand": "Paikka Kuusikosta"})
        assert response.status_code == 400
        body = response.content.decode()
        assert "Say why the decision should be corrected." in body and "Paikka Kuusikosta" in body
        response = client.post(review_url(case, decision), {
            "grounds": "Päiväkoti on liian kaukana.", "demand": "Paikka Kuusikosta",
            "files": SimpleUploadedFile("kartta.pdf", PDF, "application/pdf")})
    review = Case.all_objects.get(review_of=decision)
    assert response.status_code == 302 and response["Location"].endswith(f"/{review.public_id}/")
    assert (review.applicant, review.subject, review.unit, review.review_late) == (aino, child, other_unit, False)
    assert review.case_type.slug == "oikaisuvaatimus" and review.status == Status.SUBMITTED
    assert review.data["grounds"] == "Päiväkoti on liian kaukana." and review.data["demand"] == "Paikka Kuusikosta"
    assert Attachment.all_objects.get(case=review).name == "kartta.pdf"
    # The resident sees the link both ways.
    html = client.get(f"/esimerkki/en/omat-asiat/{review.public_id}/").content.decode()
    assert f'data-review-of="{case.reference}"' in html and "Päiväkoti on liian kaukana." in html
    html = client.get(f"/esimerkki/en/omat-asiat/{case.public_id}/").content.decode()
    assert f'data-review="{review.reference}"' in html
    # The unit preparing the review sees it, not late, linked to the decision; the original's handler sees the link.
    client.force_login(other_unit_handler)
    html = client.get(case_url(review)).content.decode()
    assert 'data-review-late="false"' in html and "The request came within the deadline." in html
    assert "Paikkapäätös" in html and "Päiväkoti on liian kaukana." in html
    client.force_login(handler)
    assert f'data-review="{review.reference}"' in client.get(case_url(case)).content.decode()
    # Sent twice: the open request is named instead of a second case.
    client.force_login(aino.user)
    response = client.post(review_url(case, decision), {"grounds": "Uudestaan."})
    assert response.status_code == 400 and review.reference in response.content.decode()
    assert Case.all_objects.filter(review_of=decision).count() == 1


def test_a_late_request_is_taken_and_marked_late(client, decided, aino, other_unit_handler):  # noqa: F811
    case, decision = decided
    client.force_login(aino.user)
    with clock.frozen_at(dt.datetime(2026, 4, 8, 9)):
        assert "data-late" in client.get(review_url(case, decision)).content.decode()
        client.post(review_url(case, decision), {"grounds": "En saanut päätöstä ajoissa."})
    review = Case.all_objects.get(review_of=decision)
    assert review.review_late is True
    client.force_login(other_unit_handler)
    html = client.get(case_url(review)).content.decode()
    assert 'data-review-late="true"' in html and "The request came after the deadline." in html


def test_an_attachment_is_checked_as_in_the_e_services_and_the_text_kept(client, decided, aino):
    case, decision = decided
    client.force_login(aino.user)
    response = client.post(review_url(case, decision), {
        "grounds": "Perustelut jäävät talteen.", "files": SimpleUploadedFile("ohjelma.pdf", b"MZ\x90\x00binary",
                                                                            "application/pdf")})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Perustelut jäävät talteen." in body and "This type of file cannot be added." in body
    assert not Case.all_objects.filter(review_of=decision).exists()  # nothing half-made


def test_nobody_requests_a_review_of_another_persons_decision(client, decided, bertil):
    case, decision = decided
    client.force_login(bertil.user)
    assert client.get(review_url(case, decision)).status_code == 404
    assert client.post(review_url(case, decision), {"grounds": "Ei minun asiani."}).status_code == 404
    assert not Case.all_objects.filter(review_of=decision).exists()


def test_deciding_a_review_works_like_any_case_and_a_second_decision_is_refused_clearly(
        client, decided, aino, other_unit_handler, municipality):  # noqa: F811
    case, decision = decided
    review = services.request_review(decision, aino, "Väärä päiväkoti.")
    template = DecisionTemplate.all_objects.create(
        municipality=municipality, case_type=review.case_type, name={"fi": "Oikaisu"}, title={"fi": "Oikaisu"},
        body={"fi": "Vaatimus hylätään."}, appeal_instructions={"fi": "Valitus hallinto-oikeuteen."})
    client.force_login(other_unit_handler)
    decide = case_url(review, "paatos/")
    response = client.post(decide, {"template": str(template.public_id), "step": "sign"})
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == Status.DECIDED
    response = client.post(decide, {"template": str(template.public_id), "step": "sign"})
    assert response.status_code == 400
    assert "This case is closed, so no decision can be made." in response.content.decode()
    # The review's own decision is appealed to the court: no "Request a review" under it, and no second review.
    client.force_login(aino.user)
    html = client.get(f"/esimerkki/en/omat-asiat/{review.public_id}/").content.decode()
    assert "Vaatimus hylätään." in html and 'data-action="request-review"' not in html
    response = client.post(review_url(review, review.decisions.get()), {"grounds": "Vielä kerran."})
    assert response.status_code == 400 and "cannot be reviewed again" in response.content.decode()
    assert not Case.all_objects.filter(review_of__case=review).exists()


def test_retention_of_the_decided_case_leaves_the_request_for_review_readable(client, decided, aino):
    from luukku.privacy.retention import delete_case

    case, decision = decided
    review = services.request_review(decision, aino, "Väärä päiväkoti.")
    delete_case(case)
    review.refresh_from_db()
    assert review.review_of_id is None and review.data["case_reference"] == case.reference
    client.force_login(aino.user)
    html = client.get(f"/esimerkki/en/omat-asiat/{review.public_id}/").content.decode()
    assert "Paikkapäätös" in html and "Väärä päiväkoti." in html and case.reference in html


def test_the_staff_api_shows_the_link_and_lateness(client, decided, aino, handler, other_unit_handler):  # noqa: F811
    case, decision = decided
    with clock.frozen_at(dt.datetime(2026, 4, 8, 9)):
        review = services.request_review(decision, aino, "Myöhässä, mutta tärkeä.")
    client.force_login(other_unit_handler)
    body = client.get(f"/api/v1/esimerkki/staff/cases/{review.public_id}/").json()
    assert body["review_late"] is True
    assert body["review_of"] == {"id": str(decision.public_id), "title": "Paikkapäätös",
                                 "decided_at": body["review_of"]["decided_at"], "case_id": str(case.public_id),
                                 "case_reference": case.reference}
    client.force_login(handler)
    body = client.get(f"/api/v1/esimerkki/staff/cases/{case.public_id}/").json()
    assert body["decisions"][0]["reviews"] == [{"id": str(review.public_id), "reference": review.reference,
                                                "late": True}]
    assert body["decisions"][0]["answer"] is None and body["review_of"] is None
