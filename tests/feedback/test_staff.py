"""The feedback back office as its users meet it: the queues with their filters, the feedback page
(audited), every action of a handler and every refusal (400, the text kept), a manager who only
reads, and feedback recorded at the desk."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from luukku.core.models import AuditEvent, Role
from luukku.feedback import services
from luukku.feedback.models import (
    Assignment,
    Channel,
    Feedback,
    Forward,
    Note,
    Publication,
    Reply,
    Status,
    StatusChange,
)
from luukku.notify.models import Notification

from .conftest import INSIDE, INSIDE_NORTH, staff
from .staff_helpers import (  # noqa: F401
    SECRET_EMAIL,
    SECRET_PHONE,
    base,
    customer_handler,
    fault,
    item_url,
    manager,
    other_town_handler,
    resident,
    residents_feedback,
    submit_fault,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 6), "red").save(out, "PNG")
    return out.getvalue()


def text(response) -> str:
    return response.content.decode()


# --- queues ---------------------------------------------------------------------------------------

def test_home_lists_the_readable_units_with_open_and_overdue_counts(client, bordered, fault, streets,
                                                                     streets_handler, north_streets):
    late = submit_fault(bordered, fault.category, text="Toinen kuoppa samalla kadulla.", lat=INSIDE[0] + 0.01)
    Feedback.all_objects.filter(pk=late.pk).update(due_date=dt.date(2020, 1, 1))
    client.force_login(streets_handler)
    page = client.get(base(bordered))
    html = text(page)
    assert page.status_code == 200 and "Katu- ja puistopalvelut" in html
    assert "Pohjoisen katutiimi" not in html  # not their unit
    row = html.split("Katu- ja puistopalvelut")[1].split("</tr>")[0]
    assert '<td class="num">2</td>' in row and "sla-overdue\">1<" in row
    assert "Record feedback given by phone" in html


def test_the_queue_filters_by_status_category_assignee_overdue_and_search(client, bordered, fault, streets,
                                                                         streets_handler):
    late = submit_fault(bordered, fault.category, text="Katuvalo on rikki Puistotiellä.", lat=INSIDE[0] + 0.01)
    Feedback.all_objects.filter(pk=late.pk).update(due_date=dt.date(2020, 1, 1))
    done = submit_fault(bordered, fault.category, text="Kaivonkansi puuttuu torilta.", lat=INSIDE[0] - 0.01)
    services.change_status(done, Status.PUBLIC_WORKS_COMPLETED, by_user=streets_handler)
    services.assign(fault, by_user=streets_handler, assignee=streets_handler)
    client.force_login(streets_handler)
    url = f"{base(bordered)}jono/{streets.public_id}/"

    def refs(**params):
        response = client.get(url, params)
        assert response.status_code == 200
        return {f.reference for f in (fault, late, done) if f.reference in text(response)}

    assert refs() == {fault.reference, late.reference}  # open by default
    assert refs(status="all") == {fault.reference, late.reference, done.reference}
    assert refs(status=Status.PUBLIC_WORKS_COMPLETED) == {done.reference}
    assert refs(assignee="me") == {fault.reference}
    assert refs(assignee="none") == {late.reference}
    assert refs(overdue="1") == {late.reference}
    assert refs(q="Puistotie", status="all") == {late.reference}
    assert refs(q=done.reference, status="all") == {done.reference}
    assert refs(category="general") == set()
    html = text(client.get(url))
    assert "Overdue" in html  # in words, not by colour alone
    bad = client.get(url, {"status": "NOPE", "q": "kuoppa"})
    assert bad.status_code == 400 and "Unknown status" in text(bad) and 'value="kuoppa"' in text(bad)


def test_the_queue_of_another_unit_is_not_found(client, bordered, fault, north_streets, north_handler, streets):
    client.force_login(north_handler)
    assert client.get(f"{base(bordered)}jono/{streets.public_id}/").status_code == 404
    assert client.get(f"{base(bordered)}jono/{north_streets.public_id}/").status_code == 200


# --- the feedback page ----------------------------------------------------------------------------

def test_the_page_shows_everything_and_its_reading_is_audited(client, bordered, street_fault, rules,
                                                              streets_handler):
    first = submit_fault(bordered, street_fault, text="Kuoppa pyörätiellä koulun kohdalla.")
    fb = submit_fault(bordered, street_fault, text="Sama kuoppa pyörätiellä koululla.", lat=INSIDE[0] + 0.0002,
                      first_name="Raili", last_name="Raportoija", email=SECRET_EMAIL, phone=SECRET_PHONE,
                      attributes={"danger": "yes"}, address="Koulukatu 5",
                      photos=[SimpleUploadedFile("kuoppa.png", png(), "image/png")])
    services.add_note(fb, by_user=streets_handler, text="Käyn katsomassa huomenna.")
    client.force_login(streets_handler)
    page = client.get(item_url(fb))
    html = text(page)
    assert page.status_code == 200
    for shown in (fb.reference, "Street fault", "Sama kuoppa", "Koulukatu 5", "Is it dangerous?", "Yes",
                  "Raili Raportoija", SECRET_EMAIL, SECRET_PHONE, "Käyn katsomassa huomenna.", first.reference,
                  "22 metres away", "public works: new", "(open)", "Not moderated yet",
                  "The reply is sent by email and text message"):
        assert shown in html, shown
    audit = AuditEvent.all_objects.get(action="feedback.read")
    assert audit.object_type == "feedback.feedback" and audit.object_id == str(fb.public_id)
    assert audit.actor == streets_handler and audit.actor_role == Role.CASE_HANDLER and audit.unit_id == fb.unit_id
    photo = fb.media.get()
    response = client.get(item_url(fb, f"kuva/{photo.public_id}/"))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == png()


def test_a_residents_feedback_is_audited_under_the_residents_id(client, residents_feedback, resident,
                                                               customer_handler):
    client.force_login(customer_handler)
    html = text(client.get(item_url(residents_feedback)))
    assert "Aino Asukas" in html and "own notification channels" in html
    assert AuditEvent.all_objects.get(action="feedback.read").subject_id == resident.public_id


def test_anonymous_feedback_without_contact_details_is_read_without_an_audit(client, bordered, rules,
                                                                            street_fault, streets_handler):
    fb = submit_fault(bordered, street_fault)
    client.force_login(streets_handler)
    html = text(client.get(item_url(fb)))
    assert "No contact details: the reply shows only on the follow-up page." in html
    assert not AuditEvent.all_objects.filter(action="feedback.read").exists()


# --- actions --------------------------------------------------------------------------------------

def test_claim_assign_and_release(client, bordered, fault, streets, streets_handler):
    colleague = staff(bordered, Role.CASE_HANDLER, streets, "kollega")
    client.force_login(streets_handler)
    response = client.post(item_url(fault, "ota/"))
    assert response.status_code == 302 and response.url == item_url(fault)
    assert Feedback.all_objects.get(pk=fault.pk).assignee == streets_handler
    assert "You are now handling this feedback." in text(client.get(response.url))
    client.post(item_url(fault, "anna/"), {"assignee": str(colleague.pk)})
    assert Feedback.all_objects.get(pk=fault.pk).assignee == colleague
    client.post(item_url(fault, "vapauta/"))
    assert Feedback.all_objects.get(pk=fault.pk).assignee is None
    bad = client.post(item_url(fault, "anna/"), {"assignee": "999999"})
    assert bad.status_code == 400 and "Choose one of the unit’s handlers." in text(bad)
    # Each change of hands is in the history, as a case's: who took it, who gave it, the release.
    rows = list(Assignment.all_objects.filter(feedback=fault).order_by("at", "id"))
    assert [(r.assignee, r.by_user) for r in rows] == [
        (streets_handler, streets_handler), (colleague, streets_handler), (None, streets_handler)]
    assert "Handler: Kollega Testi" in text(client.get(item_url(fault)))


def test_claiming_feedback_someone_else_handles_is_refused_by_name(client, bordered, fault, streets,
                                                                   streets_handler):
    # As a case's claim: the item stays with its handler, the page says who, no history row is written.
    colleague = staff(bordered, Role.CASE_HANDLER, streets, "kollega")
    services.claim(fault, by_user=colleague)
    client.force_login(streets_handler)
    response = client.post(item_url(fault, "ota/"))
    assert response.status_code == 400
    assert "Kollega Testi is already handling this feedback." in text(response)
    assert Feedback.all_objects.get(pk=fault.pk).assignee == colleague
    assert Assignment.all_objects.filter(feedback=fault).count() == 1
    # Giving it on purpose is the assign form's, which any handler of the unit may use.
    assert client.post(item_url(fault, "anna/"), {"assignee": str(streets_handler.pk)}).status_code == 302
    assert Feedback.all_objects.get(pk=fault.pk).assignee == streets_handler


def test_status_change_offers_the_categorys_statuses_and_closing_tells_the_resident(
        client, bordered, residents_feedback, customer_handler, resident):
    client.force_login(customer_handler)
    html = text(client.get(item_url(residents_feedback)))
    assert 'value="IN_PROCESS"' in html and "PUBLIC_WORKS" not in html.split('id="status-form"')[1].split("</form>")[0]
    response = client.post(item_url(residents_feedback, "tila/"), {"status": "PROCESSED", "reason": "Korjattu."})
    assert response.status_code == 302
    fb = Feedback.all_objects.get(pk=residents_feedback.pk)
    assert fb.status == Status.PROCESSED and fb.closed_at is not None
    change = StatusChange.all_objects.filter(feedback=fb).last()
    assert (change.from_status, change.to_status, change.by_user, change.reason) == (
        Status.RECEIVED, Status.PROCESSED, customer_handler, "Korjattu.")
    assert Notification.all_objects.filter(person=resident, kind="feedback.closed").count() == 1


def test_a_public_works_category_gets_the_public_works_statuses(client, fault, streets_handler):
    client.force_login(streets_handler)
    form = text(client.get(item_url(fault))).split('id="status-form"')[1].split("</form>")[0]
    assert 'value="PUBLIC_WORKS_IN_PROGRESS"' in form and 'value="REJECTED"' in form
    assert 'value="IN_PROCESS"' not in form and 'value="PUBLIC_WORKS_NEW"' not in form  # the current one


@pytest.mark.parametrize("status, message", [
    ("IN_PROCESS", "Choose one of the statuses offered."),  # not a public-works status
    ("PUBLIC_WORKS_NEW", "The feedback already has this status."),
    ("BOGUS", "Choose one of the statuses offered."),
    ("", "Choose the new status."),
])
def test_a_bad_status_is_refused_with_the_reason_kept(client, fault, streets_handler, status, message):
    client.force_login(streets_handler)
    response = client.post(item_url(fault, "tila/"), {"status": status, "reason": "Perustelu-säilyy-42"})
    html = text(response)
    assert response.status_code == 400 and message in html and "Perustelu-säilyy-42" in html
    assert 'aria-invalid="true"' in html and 'href="#status-status"' in html
    assert Feedback.all_objects.get(pk=fault.pk).status == Status.PUBLIC_WORKS_NEW


def test_note_is_saved_and_an_empty_one_refused(client, fault, streets_handler):
    client.force_login(streets_handler)
    assert client.post(item_url(fault, "muistiinpano/"), {"text": "Soitettu urakoitsijalle."}).status_code == 302
    assert Note.all_objects.get(feedback=fault).text == "Soitettu urakoitsijalle."
    response = client.post(item_url(fault, "muistiinpano/"), {"text": "   "})
    assert response.status_code == 400 and "Write the note." in text(response)
    assert Note.all_objects.filter(feedback=fault).count() == 1


def test_forward_moves_the_feedback_and_is_refused_without_reason_or_to_the_same_unit(
        client, bordered, fault, streets, customer_service, streets_handler, other_municipality):
    from ..factories import UnitFactory

    client.force_login(streets_handler)
    url = item_url(fault, "siirto/")
    no_reason = client.post(url, {"unit": str(customer_service.public_id), "reason": ""})
    assert no_reason.status_code == 400 and "Say why the feedback goes to the other unit." in text(no_reason)
    same = client.post(url, {"unit": str(streets.public_id), "reason": "Syy-joka-säilyy"})
    assert same.status_code == 400 and "already with this unit" in text(same) and "Syy-joka-säilyy" in text(same)
    foreign = UnitFactory(municipality=other_municipality, slug="vieras")
    elsewhere = client.post(url, {"unit": str(foreign.public_id), "reason": "Vieras"})
    assert elsewhere.status_code == 400 and "Choose a unit of this municipality." in text(elsewhere)
    garbage = client.post(url, {"unit": "not-a-uuid", "reason": "Roska"})
    assert garbage.status_code == 400 and "Choose a unit of this municipality." in text(garbage)
    assert not Forward.all_objects.exists()
    # The handler of streets may not read customer service's feedback: back to the feedback home.
    done = client.post(url, {"unit": str(customer_service.public_id), "reason": "Ei katuasia."})
    assert done.status_code == 302 and done.url == base(bordered)
    moved = Feedback.all_objects.get(pk=fault.pk)
    assert moved.unit == customer_service and moved.assignee is None
    assert Forward.all_objects.get(feedback=fault).reason == "Ei katuasia."
    assert client.get(item_url(fault)).status_code == 404


def test_reply_to_a_resident_is_stored_and_notified_and_an_empty_one_refused(client, residents_feedback, resident,
                                                                            customer_handler):
    client.force_login(customer_handler)
    url = item_url(residents_feedback, "vastaus/")
    empty = client.post(url, {"body": ""})
    assert empty.status_code == 400 and "Write the reply." in text(empty)
    assert client.post(url, {"body": "Kiitos, aukioloaikoja pidennetään."}).status_code == 302
    assert Reply.all_objects.get(feedback=residents_feedback).body == "Kiitos, aukioloaikoja pidennetään."
    assert Notification.all_objects.filter(person=resident, kind="feedback.replied").count() == 1
    assert "Kiitos, aukioloaikoja pidennetään." in text(client.get(item_url(residents_feedback)))


def test_publish_sets_the_public_answer_and_publication(client, fault, streets_handler):
    client.force_login(streets_handler)
    url = item_url(fault, "julkaisu/")
    bad = client.post(url, {"public_answer": "Vastaus-säilyy", "publication": "everywhere"})
    assert bad.status_code == 400 and "Vastaus-säilyy" in text(bad)
    assert client.post(url, {"public_answer": "Kuoppa paikataan viikolla 12.",
                             "publication": Publication.PUBLIC}).status_code == 302
    fb = Feedback.all_objects.get(pk=fault.pk)
    assert (fb.publication, fb.public_answer) == (Publication.PUBLIC, "Kuoppa paikataan viikolla 12.")


def test_duplicate_chosen_among_the_links_or_by_reference(client, bordered, street_fault, rules, streets_handler,
                                                          residents_feedback):
    first = submit_fault(bordered, street_fault, text="Kuoppa pyörätiellä koululla.")
    second = submit_fault(bordered, street_fault, text="Sama kuoppa pyörätiellä.", lat=INSIDE[0] + 0.0002)
    client.force_login(streets_handler)
    url = item_url(second, "kaksoiskappale/")
    assert client.post(url, {"of": str(first.public_id)}).status_code == 302
    assert Feedback.all_objects.get(pk=second.pk).duplicate_of == first
    assert first.reference in text(client.get(item_url(second)))
    unknown = client.post(url, {"reference": "XYZ-P-999999"})
    assert unknown.status_code == 400 and "XYZ-P-999999" in text(unknown)
    itself = client.post(url, {"reference": second.reference})
    assert itself.status_code == 400 and "Choose another feedback of this municipality." in text(itself)
    not_linked = client.post(url, {"of": str(residents_feedback.public_id)})
    assert not_linked.status_code == 400 and "Choose one of the possible duplicates." in text(not_linked)
    nothing = client.post(url, {})
    assert nothing.status_code == 400
    assert client.post(url, {"reference": residents_feedback.reference.lower()}).status_code == 302
    assert Feedback.all_objects.get(pk=second.pk).duplicate_of == residents_feedback
    assert client.post(url, {"of": "none"}).status_code == 302
    assert Feedback.all_objects.get(pk=second.pk).duplicate_of is None


# --- who may -----------------------------------------------------------------------------------------

def test_a_manager_reads_without_forms_and_may_not_act(client, fault, manager):
    client.force_login(manager)
    page = client.get(item_url(fault))
    html = text(page)
    assert page.status_code == 200 and "You can read this feedback but not handle it." in html
    assert 'id="actions"' not in html and "<form method=\"post\" action" not in html.split("<main")[1]
    assert AuditEvent.all_objects.get(action="feedback.read").actor_role == Role.MANAGER
    for action in ("ota/", "tila/", "muistiinpano/", "vastaus/"):
        assert client.post(item_url(fault, action), {"status": "REJECTED", "text": "x", "body": "x"}).status_code == 403
    assert Feedback.all_objects.get(pk=fault.pk).status == Status.PUBLIC_WORKS_NEW
    assert not Note.all_objects.exists() and not Reply.all_objects.exists()


def test_a_handler_of_another_unit_and_another_municipality_get_404(client, bordered, fault, north_handler,
                                                                   other_town_handler, other_municipality):
    client.force_login(north_handler)
    assert client.get(item_url(fault)).status_code == 404
    assert client.post(item_url(fault, "ota/")).status_code == 404
    client.force_login(other_town_handler)
    assert client.get(item_url(fault)).status_code == 403  # no role in this municipality at all
    theirs = f"/{other_municipality.slug}/en/virkailija/palaute/{fault.public_id}/"
    assert client.get(theirs).status_code == 404
    assert client.post(theirs + "ota/").status_code == 404
    assert Feedback.all_objects.get(pk=fault.pk).assignee is None


# --- recording at the desk ----------------------------------------------------------------------------

def record_data(**overrides):
    data = {"channel": Channel.PHONE, "language": "sv", "category": "street-fault", "kind": "fault",
            "description": "Gatlyktan lyser inte på Skolgatan.", "address": "", "latitude": str(INSIDE_NORTH[0]),
            "longitude": str(INSIDE_NORTH[1]), "first_name": "Sven", "last_name": "Svensson",
            "email": "sven@example.fi", "phone": "", "attr-street-fault-danger": "no"}
    data.update(overrides)
    return data


def test_a_service_point_agent_records_phone_feedback_which_is_routed(client, bordered, rules, street_fault,
                                                                      service_agent, north_streets):
    client.force_login(service_agent)
    form = client.get(f"{base(bordered)}uusi/")
    assert form.status_code == 200 and "Is it dangerous?" in text(form)
    response = client.post(f"{base(bordered)}uusi/", record_data())
    fb = Feedback.all_objects.get(recorded_by=service_agent)
    assert (fb.channel, fb.language, fb.unit, fb.attributes) == (Channel.PHONE, "sv", north_streets, {"danger": "no"})
    assert fb.email == "sven@example.fi"
    # The agent may not read the north team's feedback: a receipt with the reference instead.
    assert response.status_code == 302 and response.url == f"{base(bordered)}kirjattu/{fb.public_id}/"
    receipt = client.get(response.url)
    assert fb.reference in text(receipt) and "Pohjoisen katutiimi" in text(receipt)
    assert "sven@example.fi" not in text(receipt)
    assert client.get(item_url(fb)).status_code == 403


def test_a_handler_who_records_is_taken_to_the_feedback(client, bordered, rules, general, customer_handler):
    client.force_login(customer_handler)
    response = client.post(f"{base(bordered)}uusi/", record_data(
        category="general", kind="question", channel=Channel.SERVICE_POINT, latitude="", longitude="",
        language="fi", description="Milloin uimahalli aukeaa remontin jälkeen?"))
    fb = Feedback.all_objects.get(recorded_by=customer_handler)
    assert response.status_code == 302 and response.url == item_url(fb)
    assert fb.channel == Channel.SERVICE_POINT


@pytest.mark.parametrize("overrides, message, kept", [
    ({"description": "lyhyt"}, "Write at least 10 characters", "lyhyt"),
    ({"latitude": "60.17", "longitude": "24.94"}, "The place is outside", "Sven"),
    ({"latitude": "", "longitude": "", "address": ""}, "Mark the place on the map or write its address.", "Sven"),
    ({"category": "nope"}, "Choose a category from the list.", "Gatlyktan"),
    ({"channel": "online"}, "Choose one of the given choices.", "Gatlyktan"),
    ({"email": "not-an-address"}, "Write the email address", "not-an-address"),
    ({"kind": "praise"}, "Choose a kind of feedback that suits the category.", "Gatlyktan"),
    ({"attr-street-fault-danger": "maybe"}, "Select a valid choice", "Gatlyktan"),
])
def test_bad_desk_feedback_is_refused_with_what_was_typed_kept(client, bordered, rules, street_fault,
                                                               service_agent, overrides, message, kept):
    client.force_login(service_agent)
    response = client.post(f"{base(bordered)}uusi/", record_data(**overrides))
    assert response.status_code == 400 and message in text(response) and kept in text(response)
    assert not Feedback.all_objects.exists()


def test_a_non_image_photo_is_refused(client, bordered, rules, street_fault, service_agent):
    client.force_login(service_agent)
    data = record_data(photos=SimpleUploadedFile("virus.png", b"MZ not an image", "image/png"))
    response = client.post(f"{base(bordered)}uusi/", data)
    assert response.status_code == 400 and "is not a photo" in text(response)


def test_a_manager_may_not_record(client, bordered, manager):
    client.force_login(manager)
    assert client.get(f"{base(bordered)}uusi/").status_code == 403


def test_a_reply_reaches_a_reporter_without_an_account_by_email(client, fault, streets_handler):
    client.force_login(streets_handler)
    assert client.post(item_url(fault, "vastaus/"), {"body": "Kuoppa paikattiin tänään."}).status_code == 302
    sent = Notification.all_objects.get(kind="feedback.replied")
    assert sent.person is None and sent.email == SECRET_EMAIL
