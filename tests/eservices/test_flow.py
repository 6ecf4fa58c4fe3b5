"""The resident's application flow end to end: start → pages → review → submit → receipt."""

import pytest

from luukku.cases.models import Case, Status
from luukku.eservices.models import Attachment, Draft

from . import files
from .conftest import url

pytestmark = pytest.mark.django_db


def start_daycare(client, municipality, child):
    response = client.post(url(municipality, "start", "varhaiskasvatushakemus"), {"for_whom": str(child.public_id)})
    assert response.status_code == 302, response.content[:500]
    return Draft.all_objects.get(applicant__user__username="aino", submitted_at__isnull=True)


def fill_daycare(client, municipality, draft, child, *, urgent="yes"):
    d = draft.public_id
    r = client.post(url(municipality, "page", d, 1), {
        "action": "next", "child": str(child.public_id), "start_date": "1.8.2026", "urgent": urgent})
    assert r.status_code == 302 and r["Location"].endswith("/2/"), r.content.decode()[:3000]
    r = client.post(url(municipality, "page", d, 2), {
        "action": "next", "hours": "full", "evening_care": "yes", "evening_reason": "Vuorotyö",
        "units": ["kuusikko", "jarvenranta"], "language": "fi"})
    assert r.status_code == 302, r.content.decode()[:3000]
    # Contact details: prefilled; the locked name and address are not posted (disabled fields).
    r = client.post(url(municipality, "page", d, 3), {
        "action": "next", "applicant_email": "aino.uusi@example.fi", "applicant_phone": "040 123 4567"})
    assert r.status_code == 302, r.content.decode()[:3000]
    data = {"action": "next", "other_info": ""}
    if urgent == "yes":
        data["certificate"] = files.upload("tyotodistus.pdf", files.pdf())
    r = client.post(url(municipality, "page", d, 4), data)
    assert r.status_code == 302 and r["Location"].endswith("/yhteenveto/"), r.content.decode()[:3000]


def test_daycare_application_from_start_to_receipt(municipality, daycare, family, resident):
    child = family["child"]
    r = resident.get(url(municipality, "start", "varhaiskasvatushakemus"))
    assert r.status_code == 200
    assert "Eero Asukas" in r.content.decode()
    draft = start_daycare(resident, municipality, child)
    assert draft.subject == child and draft.mandate == family["mandate"]
    assert draft.data["applicant_name"] == "Aino Maria Asukas"
    assert set(draft.prefilled) >= {"applicant_name", "applicant_address", "applicant_email", "applicant_phone"}
    page3 = resident.get(url(municipality, "page", draft.public_id, 3)).content.decode()
    assert "From the population register" in page3 or "väestötietojärjestelmästä" in page3.lower() or \
        "Väestötietojärjestelmästä" in page3

    fill_daycare(resident, municipality, draft, child)
    draft.refresh_from_db()
    assert draft.data["units"] == ["kuusikko", "jarvenranta"]
    assert draft.data["start_date"] == "2026-08-01"
    assert "applicant_email" not in draft.prefilled  # changed by the resident
    assert "applicant_name" in draft.prefilled

    review = resident.get(url(municipality, "review", draft.public_id))
    assert review.status_code == 200
    text = review.content.decode()
    assert "Vuorotyö" in text and "tyotodistus.pdf" in text

    r = resident.post(url(municipality, "review", draft.public_id), {"definition_version": "1"})
    assert r.status_code == 302
    case = Case.all_objects.get(draft=draft)
    assert r["Location"] == url(municipality, "receipt", case.public_id)
    assert case.status == Status.SUBMITTED and case.subject == child and case.applicant == family["parent"]
    assert case.definition.version == 1
    assert Attachment.all_objects.filter(case=case, field_key="certificate").count() == 1

    receipt = resident.get(r["Location"])
    assert receipt.status_code == 200
    assert case.reference in receipt.content.decode()

    # A double submit (replay) gives the same case.
    again = resident.post(url(municipality, "review", draft.public_id), {"definition_version": "1"})
    assert again.status_code == 302 and again["Location"] == url(municipality, "receipt", case.public_id)
    assert Case.all_objects.filter(applicant=family["parent"]).count() == 1


def test_receipt_pdf(municipality, daycare, family, resident):
    draft = start_daycare(resident, municipality, family["child"])
    fill_daycare(resident, municipality, draft, family["child"], urgent="no")
    r = resident.post(url(municipality, "review", draft.public_id), {"definition_version": "1"})
    case = Case.all_objects.get(draft=draft)
    receipt = resident.get(r["Location"]).content.decode()
    pdf_url = f"/{municipality.slug}/fi/omat-asiat/{case.public_id}/kuitti.pdf"
    assert pdf_url in receipt  # the receipt page links to the PDF in My cases
    pdf = resident.get(pdf_url)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")
    assert r.status_code == 302


def test_draft_saved_at_every_page_and_resumable(municipality, daycare, family, resident):
    draft = start_daycare(resident, municipality, family["child"])
    r = resident.post(url(municipality, "page", draft.public_id, 1), {
        "action": "exit", "child": str(family["child"].public_id), "start_date": "1.8.2026"})
    assert r.status_code == 302 and r["Location"] == url(municipality, "drafts")
    draft.refresh_from_db()
    assert draft.data["start_date"] == "2026-08-01"
    listing = resident.get(url(municipality, "drafts")).content.decode()
    assert str(draft.public_id) in listing
    page = resident.get(url(municipality, "page", draft.public_id, 1)).content.decode()
    assert 'value="1.8.2026"' in page


def test_missing_required_answers_block_submission(municipality, daycare, family, resident):
    draft = start_daycare(resident, municipality, family["child"])
    r = resident.post(url(municipality, "review", draft.public_id), {"definition_version": "1"})
    assert r.status_code == 400
    assert not Case.all_objects.filter(draft=draft).exists()


def test_invalid_page_keeps_what_was_typed(municipality, daycare, family, resident):
    draft = start_daycare(resident, municipality, family["child"])
    r = resident.post(url(municipality, "page", draft.public_id, 3), {
        "action": "next", "applicant_email": "not-an-email", "applicant_phone": "abc"})
    assert r.status_code == 400
    text = r.content.decode()
    assert 'value="not-an-email"' in text and 'value="abc"' in text
    assert 'aria-invalid="true"' in text
    assert "error-summary" in text


def test_error_messages_in_residents_language(municipality, daycare, family, resident):
    draft = start_daycare(resident, municipality, family["child"])
    r = resident.post(url(municipality, "page", draft.public_id, 1, lang="en"), {
        "action": "next", "child": str(family["child"].public_id), "start_date": "31.2.2026", "urgent": "no"})
    assert r.status_code == 400
    assert "Enter the date as day.month.year" in r.content.decode()


def test_other_resident_gets_404_for_a_draft(municipality, daycare, family, resident, stranger):
    draft = start_daycare(resident, municipality, family["child"])
    for name, args in [("page", (draft.public_id, 1)), ("review", (draft.public_id,))]:
        assert stranger.get(url(municipality, name, *args)).status_code == 404
        assert stranger.post(url(municipality, name, *args), {"definition_version": "1"}).status_code == 404
    r = stranger.post(url(municipality, "drafts"), {"delete": str(draft.public_id)})
    assert r.status_code == 404
    assert Draft.all_objects.filter(pk=draft.pk).exists()


def test_anonymous_is_sent_to_login(municipality, daycare, family):
    from django.test import Client

    r = Client().get(url(municipality, "start", "varhaiskasvatushakemus"))
    assert r.status_code == 302 and "next=" in r["Location"]


def test_forged_child_id_refused(municipality, daycare, family, resident):
    # On the start page …
    r = resident.post(url(municipality, "start", "varhaiskasvatushakemus"),
                      {"for_whom": str(family["other_child"].public_id)})
    assert r.status_code == 400 and not Draft.all_objects.exists()
    # … and in the form.
    draft = start_daycare(resident, municipality, family["child"])
    r = resident.post(url(municipality, "page", draft.public_id, 1), {
        "action": "next", "child": str(family["other_child"].public_id), "start_date": "1.8.2026", "urgent": "no"})
    assert r.status_code == 400
    draft.refresh_from_db()
    assert draft.subject == family["child"]
    assert draft.data.get("child") != str(family["other_child"].public_id)


def test_closed_case_type_gets_a_clear_page(municipality, daycare, family, resident):
    case_type, _definition = daycare
    draft = start_daycare(resident, municipality, family["child"])
    case_type.active = False
    case_type.save()
    r = resident.get(url(municipality, "start", "varhaiskasvatushakemus"))
    assert r.status_code == 200
    assert r.templates[0].name == "eservices/closed.html"
    assert not Draft.all_objects.exclude(pk=draft.pk).exists()
    assert resident.post(url(municipality, "start", "varhaiskasvatushakemus"),
                         {"for_whom": str(family["child"].public_id)}).status_code == 409
    r = resident.post(url(municipality, "review", draft.public_id), {"definition_version": "1"})
    assert r.status_code == 409
    assert not Case.all_objects.exists()


def test_forms_have_csrf(municipality, daycare, family):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(family["user"])
    r = client.post(url(municipality, "start", "varhaiskasvatushakemus"), {"for_whom": str(family["child"].public_id)})
    assert r.status_code == 403
    page = client.get(url(municipality, "start", "varhaiskasvatushakemus")).content.decode()
    assert "csrfmiddlewaretoken" in page


def test_service_page_links_to_the_application(client, municipality, daycare):
    from django.urls import reverse

    case_type, _definition = daycare
    page = client.get(reverse("catalogue:service", args=[municipality.slug, "fi", case_type.service.slug]))
    assert page.status_code == 200
    assert url(municipality, "start", case_type.slug) in page.content.decode()
