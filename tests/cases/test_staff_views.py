"""The back office's pages: home, unit queues and the case page (read side)."""

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from luukku.cases import services
from luukku.cases.models import Case, Status, SubStatus
from luukku.core import clock
from luukku.core.models import AuditEvent, Role
from luukku.eservices.models import CaseType
from luukku.notify.models import Delivery

from ..factories import ServiceFactory
from .staff_helpers import (  # noqa: F401 (fixtures)
    case_url,
    handler_named,
    manager,
    other_unit,
    other_unit_handler,
    second_handler,
    staff_url,
    staff_user,
)

PDF = b"%PDF-1.4\n% staff-view-attachment\n%%EOF\n"


def _set(case, **fields):
    Case.all_objects.filter(pk=case.pk).update(**fields)
    case.refresh_from_db()
    return case


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


# --- home ----------------------------------------------------------------------------------------

def test_home_counts_each_unit_and_lists_my_cases(client, municipality, unit, aino, make_case, handler_named,
                                                  other_unit, manager):
    today = clock.today()
    mine, overdue, soon, _plain = (make_case(aino) for _ in range(4))
    services.claim(mine, handler_named)
    _set(overdue, due_date=today - dt.timedelta(days=2))
    _set(soon, due_date=today)
    client.force_login(handler_named)
    page = client.get(staff_url(municipality, "asiat/"))
    html = _text(page)
    assert page.status_code == 200
    row = re.search(r"<tr> <th scope=\"row\"><a href=\"([^\"]+)\">(.*?)</a></th>(.*?)</tr>", html)
    assert row.group(1) == f"/{municipality.slug}/en/virkailija/jono/{unit.public_id}/"
    cells = re.findall(r"<td class=\"num\">(?:<strong[^>]*>)?(\d+)", row.group(3))
    assert cells == ["4", "3", "1", "1"]  # open, unassigned, overdue, due soon
    assert "Handler" in row.group(3)
    assert 'aria-current="page">Case queues</a>' in html  # the staff menu marks where one is
    assert "Technical" not in html  # a unit the handler neither works nor reads
    mine_section = html.split("Cases assigned to me")[1]
    assert mine.reference in mine_section and overdue.reference not in mine_section

    client.force_login(manager)  # every unit, read only, nothing assigned
    html = _text(client.get(staff_url(municipality, "asiat/")))
    assert "Technical" in html and "Read only" in html and "No open cases are assigned to you." in html


def test_staff_pages_need_a_staff_role(client, municipality, aino):
    assert client.get(staff_url(municipality, "asiat/")).status_code == 302  # to the login
    client.force_login(aino.user)
    assert client.get(staff_url(municipality, "asiat/")).status_code == 403
    assert client.get(staff_url(municipality, "tilastot/"), follow=True).status_code == 403  # the dashboard's gate


# --- the queue -----------------------------------------------------------------------------------

@pytest.fixture
def queue_cases(municipality, unit, aino, child, bertil, make_case, make_draft, handler_named, second_handler):
    today = clock.today()
    service = ServiceFactory(municipality=municipality)
    notice = CaseType.all_objects.create(municipality=municipality, slug="ilmoitus", service=service, unit=unit,
                                         name={"fi": "Ilmoitus", "en": "Notice"}, sla_days=None)
    cases = {
        "overdue": _set(make_case(aino), due_date=today - dt.timedelta(days=3)),
        "soon": _set(make_case(aino, child), due_date=today),
        "bertil": make_case(bertil),
        "notice": services.submit_draft(make_draft(bertil), by_person=bertil),
        "closed": make_case(aino),
    }
    _set(cases["notice"], case_type=notice, due_date=None)
    services.claim(cases["bertil"], handler_named)
    services.claim(cases["soon"], second_handler)
    services.change_status(cases["closed"], Status.CLOSED, by_user=handler_named, reason="Duplicate")
    return cases


def _refs(response) -> list[str]:
    return re.findall(r"<th scope=\"row\"><a href=\"[^\"]+\">([A-Z]+-\d{4}-\d{6})</a>", response.content.decode())


def test_queue_lists_open_cases_with_due_state_in_text(client, municipality, unit, queue_cases, handler_named):
    c = queue_cases
    client.force_login(handler_named)
    url = staff_url(municipality, f"jono/{unit.public_id}/")
    page = client.get(url)
    assert page.status_code == 200
    refs = _refs(page)
    assert set(refs) == {c["overdue"].reference, c["soon"].reference, c["bertil"].reference, c["notice"].reference}
    html = _text(page)
    overdue_row = html.split(c["overdue"].reference)[1].split("</tr>")[0]
    assert "Overdue" in overdue_row and "sla-overdue" in overdue_row and "Asukas" in overdue_row
    soon_row = html.split(c["soon"].reference)[1].split("</tr>")[0]
    assert "Due soon" in soon_row and "Eetu Asukas" in soon_row and "Heikki Hoitaja" in soon_row
    assert "In handling" in soon_row
    notice_row = html.split(c["notice"].reference)[1].split("</tr>")[0]
    assert "Notice" in notice_row and "No target date" in notice_row and "Unassigned" in notice_row
    assert f'href="/{municipality.slug}/en/virkailija/asiat/{c["soon"].public_id}/"' in html


@pytest.mark.parametrize("query, expected", [
    ({"status": "all"}, {"overdue", "soon", "bertil", "notice", "closed"}),
    ({"status": "closed"}, {"closed"}),
    ({"status": "in_handling"}, {"soon", "bertil"}),
    ({"case_type": "ilmoitus"}, {"notice"}),
    ({"due": "overdue"}, {"overdue"}),
    ({"due": "due_soon"}, {"soon"}),
    ({"due": "on_time"}, {"bertil"}),
    ({"due": "none"}, {"notice"}),
    ({"assignee": "me"}, {"bertil"}),
    ({"assignee": "none"}, {"overdue", "notice"}),
    ({"q": "Björkman"}, {"bertil", "notice"}),
    ({"q": "eetu"}, {"soon"}),
])
def test_queue_filters(client, municipality, unit, queue_cases, handler_named, query, expected):
    client.force_login(handler_named)
    page = client.get(staff_url(municipality, f"jono/{unit.public_id}/"), query)
    assert page.status_code == 200
    assert set(_refs(page)) == {queue_cases[k].reference for k in expected}


def test_queue_filters_by_another_handler_and_reference(client, municipality, unit, queue_cases, handler_named,
                                                       second_handler):
    client.force_login(handler_named)
    url = staff_url(municipality, f"jono/{unit.public_id}/")
    assert set(_refs(client.get(url, {"assignee": second_handler.pk}))) == {queue_cases["soon"].reference}
    reference = queue_cases["notice"].reference
    assert _refs(client.get(url, {"q": reference})) == [reference]
    assert _refs(client.get(url, {"q": reference[-6:]})) == [reference]


@pytest.mark.parametrize("query, message", [
    ({"status": "lost"}, "Unknown status “lost”"),
    ({"due": "yesterday"}, "Unknown target-date filter “yesterday”"),
    ({"case_type": "no-such-type"}, "Unknown case type “no-such-type”"),
    ({"assignee": "99999"}, "Unknown handler “99999”"),
])
def test_an_unknown_filter_value_is_told_not_ignored(client, municipality, unit, queue_cases, handler_named,
                                                     query, message):
    client.force_login(handler_named)
    page = client.get(staff_url(municipality, f"jono/{unit.public_id}/"), {**query, "q": "Kept text"})
    html = page.content.decode()
    assert page.status_code == 400
    assert message in html and _refs(page) == []
    assert 'value="Kept text"' in html and 'aria-invalid="true"' in html
    assert 'href="#filter-' in html  # the error summary links to the field


def test_queue_pages_by_fifty(client, municipality, unit, case_type, aino, handler_named):
    now = clock.now()
    Case.all_objects.bulk_create([
        Case(municipality=municipality, reference=f"ESI-2026-{n:06d}", case_type=case_type, applicant=aino,
             subject=aino, unit=unit, submitted_at=now, due_date=clock.today() + dt.timedelta(days=60 + n))
        for n in range(1, 53)])
    client.force_login(handler_named)
    url = staff_url(municipality, f"jono/{unit.public_id}/")
    first = client.get(url, {"due": "on_time"})
    assert len(_refs(first)) == 50 and "Page 1 of 2" in first.content.decode()
    assert "due=on_time&amp;page=2" in first.content.decode()
    second = client.get(url, {"due": "on_time", "page": 2})
    assert _refs(second) == ["ESI-2026-000051", "ESI-2026-000052"]


def test_a_huge_queue_is_not_counted_whole(client, municipality, unit, case_type, aino, handler_named, monkeypatch):
    from luukku.web.staff.pages import CappedPaginator

    monkeypatch.setattr(CappedPaginator, "cap", 3)
    now = clock.now()
    Case.all_objects.bulk_create([
        Case(municipality=municipality, reference=f"ESI-2026-{n:06d}", case_type=case_type, applicant=aino,
             subject=aino, unit=unit, submitted_at=now) for n in range(1, 6)])
    client.force_login(handler_named)
    url = staff_url(municipality, f"jono/{unit.public_id}/")
    page = client.get(url)
    assert "More than 3 cases" in page.content.decode() and len(_refs(page)) > 3
    few = client.get(url, {"q": "ESI-2026-000001"})
    assert "1 case" in few.content.decode() and "More than" not in few.content.decode()


def test_queue_of_a_unit_the_user_does_not_read_is_404(client, municipality, unit, other_unit, other_unit_handler,
                                                      handler_named, manager):
    client.force_login(handler_named)
    assert client.get(staff_url(municipality, f"jono/{other_unit.public_id}/")).status_code == 404
    client.force_login(other_unit_handler)
    assert client.get(staff_url(municipality, f"jono/{unit.public_id}/")).status_code == 404
    client.force_login(manager)
    page = client.get(staff_url(municipality, f"jono/{unit.public_id}/"))
    assert page.status_code == 200 and "You can read this unit’s cases but not handle them." in page.content.decode()


# --- the case page -------------------------------------------------------------------------------

@pytest.fixture
def full_case(municipality, unit, aino, child, make_case, handler_named):
    aino.street_address, aino.postal_code, aino.post_office, aino.email = "Kotikatu 5", "00100", "Koivula", \
        "aino@example.fi"
    aino.save()
    child.street_address, child.protected_address = "Salainen polku 9", True
    child.save()
    case = make_case(aino, child)
    SubStatus.all_objects.create(municipality=municipality, case_type=case.case_type, status=Status.IN_HANDLING,
                                 code="site-visit", name={"fi": "Käynti", "en": "Site visit booked"})
    services.claim(case, handler_named)
    services.change_status(case, Status.IN_HANDLING, by_user=handler_named, sub_status="site-visit",
                           reason="Visit on Friday")
    services.add_note(case, handler_named, "Staff-only-note-71d")
    request = services.request_information(case, handler_named, "Please send the certificate-5c1")
    services.answer_information_request(request, aino, "Here it is-9aa",
                                        files=[SimpleUploadedFile("todistus.pdf", PDF, "application/pdf")])
    return case


def test_case_page_shows_everything_a_handler_needs_and_is_audited(client, municipality, unit, full_case, aino,
                                                                  child, handler_named):
    client.force_login(handler_named)
    page = client.get(case_url(full_case))
    html = _text(page)
    assert page.status_code == 200
    # People: names and birth dates; the address unless protected; never the identity code.
    assert "Aino Asukas" in html and "1.4.1985" in html and "Kotikatu 5" in html and "aino@example.fi" in html
    assert "Eetu Asukas" in html and "1.6.2020" in html
    assert "Salainen polku" not in html and "Protected address: not shown." in html
    assert aino.hetu not in html and child.hetu not in html
    # Answers, messages with the attachment, the note.
    assert "Start date" in html and "Full day" in html
    assert "Please send the certificate-5c1" in html and "Here it is-9aa" in html and "todistus.pdf" in html
    assert "Staff-only-note-71d" in html
    # History: who, from, to, why, sub-status; assignments.
    assert "In handling → in handling (Site visit booked)" in html and "Visit on Friday" in html
    assert "Handler: Kaisa Käsittelijä" in html
    assert "The resident answered the request for information." in html
    # Notifications with each delivery's status.
    delivery = Delivery.all_objects.filter(notification__case=full_case).first()
    assert delivery is not None and delivery.notification.subject in html
    assert str(delivery.get_status_display()) in html
    # The actions are offered to the unit's handler.
    assert 'id="claim-form"' not in html  # already hers
    for form in ("assign-form", "status-form", "note-form", "message-form", "request-form", "transfer-form",
                 "handover-form"):
        assert f'id="{form}"' in html, form
    audit = AuditEvent.all_objects.get(action="case.read", subject_id=child.public_id)
    assert audit.actor == handler_named and audit.actor_role == Role.CASE_HANDLER and audit.unit_id == unit.pk
    assert audit.object_id == str(full_case.public_id)
    # The page shows the applicant's contact details too: a read of Aino's data, audited as hers.
    assert AuditEvent.all_objects.get(action="case.read", subject_id=aino.public_id).object_id == str(
        full_case.public_id)


def test_manager_reads_the_case_without_actions(client, municipality, full_case, manager):
    client.force_login(manager)
    page = client.get(case_url(full_case))
    html = page.content.decode()
    assert page.status_code == 200 and "Staff-only-note-71d" in html
    assert "<form method=\"post\"" not in html.split('id="main"')[1].split("</main>")[0]
    assert "You can read this case but not handle it." in html
    assert set(AuditEvent.all_objects.filter(action="case.read").values_list("actor_role", flat=True)) == {
        Role.MANAGER}
    # Posting anyway: 403, nothing changes.
    response = client.post(case_url(full_case, "muistiinpano/"), {"body": "Manager note"})
    assert response.status_code == 403
    assert not full_case.notes.filter(body="Manager note").exists()


def test_handler_of_another_unit_gets_404_and_no_audit(client, municipality, full_case, other_unit_handler):
    client.force_login(other_unit_handler)
    assert client.get(case_url(full_case)).status_code == 404
    assert client.post(case_url(full_case, "ota/")).status_code == 404
    attachment = full_case.attachments.get()
    assert client.get(case_url(full_case, f"liitteet/{attachment.public_id}/")).status_code == 404
    assert not AuditEvent.all_objects.exists()


def test_staff_downloads_are_audited(client, municipality, full_case, handler_named):
    client.force_login(handler_named)
    attachment = full_case.attachments.get()
    response = client.get(case_url(full_case, f"liitteet/{attachment.public_id}/"))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert AuditEvent.all_objects.filter(action="case.attachment.read", object_id=str(attachment.public_id)).exists()
    decision = services.decide(full_case, handler_named, "Approved-4e2", "The place is granted.", "fi")
    response = client.get(case_url(full_case, f"paatokset/{decision.public_id}.pdf"))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert AuditEvent.all_objects.filter(action="case.decision.read", object_id=str(decision.public_id)).exists()
    page = _text(client.get(case_url(full_case)))
    assert f"paatokset/{decision.public_id}.pdf" in page and "Approved-4e2" in page
    assert client.get(case_url(full_case, f"paatokset/{attachment.public_id}.pdf")).status_code == 404


def test_waiting_for_the_resident_pauses_the_clock_and_the_answer_moves_the_due_date(
        client, municipality, unit, aino, make_case, handler_named):
    with clock.frozen_at(dt.datetime(2026, 3, 2, 10, 0)):  # Monday
        case = make_case(aino)
        due = case.due_date
        assert due == dt.date(2026, 3, 16)
        request = services.request_information(case, handler_named, "Send the lease")
    client.force_login(handler_named)
    with clock.frozen_at(dt.datetime(2026, 3, 6, 10, 0)):
        html = _text(client.get(case_url(case)))
        assert "Paused: waiting for the resident" in html and "16.3.2026" in html
        assert "The clock has stopped since 2.3.2026" in html
        queue = _text(client.get(staff_url(municipality, f"jono/{unit.public_id}/")))
        assert "Paused: waiting for the resident" in queue.split(case.reference)[1].split("</tr>")[0]
    with clock.frozen_at(dt.datetime(2026, 3, 9, 10, 0)):  # a week later: 5 working days waited
        services.answer_information_request(request, aino, "Attached")
        html = _text(client.get(case_url(case)))
    assert "Paused" not in html and "23.3.2026" in html and "16.3.2026" not in html
    assert Case.all_objects.get(pk=case.pk).due_date == dt.date(2026, 3, 23)
