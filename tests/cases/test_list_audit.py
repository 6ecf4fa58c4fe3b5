"""Lists of cases show whom each concerns: the queue page, the staff home and the queue API write one
AuditEvent per person and case shown, in one insert (the page's query count does not grow per row)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from luukku.cases import services
from luukku.core.models import AuditEvent, Role

from .staff_helpers import manager, staff_url  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def _audited(action):
    return {(e.subject_id, e.object_id) for e in AuditEvent.all_objects.filter(action=action)}


def test_the_queue_page_audits_every_person_shown_in_one_insert(client, municipality, unit, aino, child, bertil,
                                                              make_case, handler):
    cases = [make_case(aino), make_case(aino, child), make_case(bertil)]
    client.force_login(handler)
    # The first request after a login starts the session's idle clock (core.idle: the staff check and
    # one session write), once per login and not per row: measured after it, like every later page.
    client.get(staff_url(municipality, "asiat/"))  # the staff home: nothing assigned to me, nothing audited
    url = staff_url(municipality, f"jono/{unit.public_id}/")
    with CaptureQueriesContext(connection) as few:
        page = client.get(url)
    assert page.status_code == 200 and "Eetu Asukas" in page.content.decode()
    assert _audited("case.queue") == {(c.subject.public_id, str(c.public_id)) for c in cases}
    event = AuditEvent.all_objects.filter(action="case.queue").first()
    assert event.actor == handler and event.actor_role == Role.CASE_HANDLER and event.purpose == "case handling"
    cases += [make_case(bertil) for _ in range(4)]
    with CaptureQueriesContext(connection) as more:
        client.get(url)
    assert len(more) == len(few)  # one insert, whatever the number of rows
    assert AuditEvent.all_objects.filter(action="case.queue").count() == 3 + 7


def test_the_staff_home_audits_the_cases_assigned_to_me(client, municipality, unit, aino, child, make_case, handler,
                                                        manager):
    mine = make_case(aino, child)
    make_case(aino)  # not assigned: not on the home page
    services.claim(mine, handler)
    client.force_login(handler)
    assert "Eetu Asukas" in client.get(staff_url(municipality, "asiat/")).content.decode()
    assert _audited("case.list") == {(child.public_id, str(mine.public_id))}
    client.force_login(manager)  # nothing assigned: no one's data shown, nothing written
    client.get(staff_url(municipality, "asiat/"))
    assert AuditEvent.all_objects.filter(action="case.list").count() == 1


def test_the_queue_api_audits_subjects_and_applicants(client, municipality, unit, aino, child, bertil, make_case,
                                                      handler):
    for_child, own = make_case(aino, child), make_case(bertil)
    client.force_login(handler)
    response = client.get(f"/api/v1/{municipality.slug}/staff/cases/", {"unit": unit.public_id})
    assert response.status_code == 200 and response.json()["count"] == 2
    assert _audited("case.queue") == {(child.public_id, str(for_child.public_id)),
                                      (aino.public_id, str(for_child.public_id)),
                                      (bertil.public_id, str(own.public_id))}
    assert set(AuditEvent.all_objects.filter(action="case.queue").values_list("channel", flat=True)) == {"api"}
