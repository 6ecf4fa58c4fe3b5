"""Erasure: refused with the reasons while something must keep the data, complete otherwise."""

import datetime as dt

from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile

from luukku.cases import services
from luukku.cases.models import Case
from luukku.core import clock
from luukku.core.models import AuditEvent
from luukku.core.services import record_audit
from luukku.eservices.models import Attachment, Draft
from luukku.feedback.models import Feedback
from luukku.notify.models import Notification
from luukku.people.models import Person
from luukku.privacy import erasure, export
from luukku.privacy.models import DataExport, LegalHold, RecordType, RetentionRule



def url(path=""):
    return f"/esimerkki/fi/omat-tiedot/{path}"


def _age(case, days):
    Case.all_objects.filter(pk=case.pk).update(updated_at=clock.now() - dt.timedelta(days=days))


def test_open_case_refuses_and_nothing_is_lost(aino, make_case, make_draft, make_feedback):
    case = make_case(aino)
    make_draft(aino)
    make_feedback(aino)
    refused, counts = erasure.erase(aino)
    assert [r.code for r in refused] == ["OPEN_CASE"]
    assert case.reference in refused[0].message["fi"] and case.reference in refused[0].message["sv"]
    assert counts == {}
    aino.refresh_from_db()
    assert aino.first_names == "Aino" and aino.user_id and aino.hetu
    assert Draft.all_objects.filter(applicant=aino, submitted_at__isnull=True).count() == 1
    assert Feedback.all_objects.get(person=aino).email == "aino@example.fi"


def test_an_offer_waiting_for_an_answer_refuses(aino, make_offer):
    from luukku.proactive.models import OfferStatus

    offer = make_offer(aino)
    assert [r.code for r in erasure.refusals(aino)] == ["OPEN_OFFER"]
    type(offer).all_objects.filter(pk=offer.pk).update(status=OfferStatus.ACCEPTED)
    assert erasure.refusals(aino) == []
    assert erasure.erase(aino)[0] == []
    offer.refresh_from_db()  # the municipality's record of the offer stays, the person's details go
    assert offer.person.first_names == ""


def test_a_legal_hold_refuses(municipality, aino):
    LegalHold.all_objects.create(municipality=municipality, person=aino, reason="Oikeudenkäynti")
    assert [r.code for r in erasure.refusals(aino)] == ["LEGAL_HOLD"]


def test_a_released_hold_does_not(municipality, aino):
    LegalHold.all_objects.create(municipality=municipality, person=aino, reason="x", released_at=clock.now())
    assert erasure.refusals(aino) == []


def test_a_closed_case_under_retention_refuses_with_the_date(municipality, aino, make_case, handler, case_type):
    case = make_case(aino)
    services.decide(case, handler, "Päätös", "Myönnetään.")
    RetentionRule.all_objects.create(municipality=municipality, record_type=RecordType.CASE, case_type=case_type,
                                     days=365)
    _age(case, 100)
    refused = erasure.refusals(aino)
    assert [r.code for r in refused] == ["RETENTION"]
    until = (clock.now() + dt.timedelta(days=265)).astimezone(clock.HELSINKI).date()
    assert f"{until:%-d.%-m.%Y}" in refused[0].message["fi"]
    _age(case, 400)  # its period is over (the retention job will delete it): no longer a reason
    assert erasure.refusals(aino) == []


def test_erasure_removes_personal_data_across_apps(client, municipality, aino, child, bertil, make_draft,
                                                   make_feedback, handler, django_capture_on_commit_callbacks):
    draft = make_draft(aino)
    attachment = Attachment.all_objects.create(municipality=municipality, draft=draft, name="liite.pdf",
                                               content_type="application/pdf", size=3, sha256="x",
                                               file=ContentFile(b"pdf", name="liite.pdf"))
    path = attachment.file.path
    feedback = make_feedback(aino, device_id="laite-1")
    Notification.all_objects.create(municipality=municipality, person=aino, kind="test", idempotency_key="k1",
                                    subject="Hei", body="Teksti")
    record_audit(municipality=municipality, actor=handler, subject_id=aino.public_id, action="person.view",
                 purpose="test")
    made, _ = export.request_export(aino)
    client.force_login(aino.user)
    assert Session.objects.count() == 1
    user = aino.user
    public_id = aino.public_id

    with django_capture_on_commit_callbacks(execute=True):  # files go when the erasure commits
        refused, counts = erasure.erase(aino)

    assert refused == []
    stub = Person.all_objects.get(pk=aino.pk)
    assert stub.public_id == public_id  # the audit trail and kept records still point to it
    assert (stub.first_names, stub.last_name, stub.email, stub.phone, stub.street_address) == ("", "", "", "", "")
    assert stub.user_id is None and stub.hetu_encrypted == "" and stub.birth_date == dt.date(1900, 1, 1)
    assert not Draft.all_objects.filter(pk=draft.pk).exists()
    import os

    assert not os.path.exists(path)
    feedback.refresh_from_db()
    assert feedback.person_id is None
    assert (feedback.first_name, feedback.last_name, feedback.email, feedback.phone, feedback.device_id) == \
        ("", "", "", "", "")
    assert feedback.description == "Kuoppa kadulla"  # the municipality's record of the street stays
    assert not Notification.all_objects.filter(person=stub).exists()
    assert not DataExport.all_objects.filter(pk=made.pk).exists()
    assert Session.objects.count() == 0  # signed out everywhere
    user.refresh_from_db()
    assert not user.is_active and user.username.startswith("erased-") and not user.has_usable_password()
    assert AuditEvent.all_objects.filter(subject_id=public_id).count() == 1  # kept by law
    assert counts["drafts"] == 1 and counts["notifications"] == 1 and counts["feedback_contacts"] == 1
    # Others are untouched.
    bertil.refresh_from_db()
    assert bertil.first_names == "Bertil" and bertil.user.is_active


def test_dry_run_changes_nothing(aino):
    refused, counts = erasure.erase(aino, dry_run=True)
    assert refused == [] and counts == {}
    aino.refresh_from_db()
    assert aino.first_names == "Aino"


def test_page_shows_reasons_when_refused_and_keeps_everything(client, aino, make_case):
    case = make_case(aino)
    client.force_login(aino.user)
    page = client.get(url()).content.decode()
    assert case.reference in page and 'name="confirm"' not in page
    response = client.post(url("poisto/"), {"confirm": "yes"})
    assert response.status_code == 409 and case.reference in response.content.decode()
    aino.refresh_from_db()
    assert aino.first_names == "Aino"


def test_page_asks_to_confirm(client, aino):
    client.force_login(aino.user)
    response = client.post(url("poisto/"), {})
    html = response.content.decode()
    assert response.status_code == 400 and 'role="alert"' in html and 'aria-invalid="true"' in html
    aino.refresh_from_db()
    assert aino.first_names == "Aino"


def test_page_erases_and_signs_out(client, aino):
    client.force_login(aino.user)
    response = client.post(url("poisto/"), {"confirm": "yes"})
    assert response.status_code == 200
    aino.refresh_from_db()
    assert aino.first_names == "" and aino.user_id is None
    assert client.get(url()).status_code == 302  # signed out: to the login
