"""Call-back requests (issue 20, point 5): a resident asks, the agents' shared queue shows the wait,
one agent takes it, calls and logs the call, which closes the request; the resident sees each step."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from luukku.core import clock
from luukku.core.models import AuditEvent, Role
from luukku.frontoffice import services
from luukku.frontoffice.models import CallbackRequest, Contact

from .conftest import login, staff, url

pytestmark = pytest.mark.django_db


def resident_url(world, lang="en", municipality=None):
    return reverse("frontoffice:callback_request", args=[(municipality or world["municipality"]).slug, lang])


@pytest.fixture
def aino(world):
    return login(world["parent"].user)


def test_a_resident_asks_an_agent_takes_calls_and_logs_and_the_request_is_closed(aino, agent, world):
    page = aino.get(resident_url(world)).content.decode()
    assert 'value="+358 40 555 0101"' in page  # the register's number, to change if need be
    sent = aino.post(resident_url(world), {"topic": "Daycare place for Eero after we move", "phone": "040 555 0101",
                                           "preferred": "morning"})
    assert sent.status_code == 302
    row = CallbackRequest.all_objects.get()
    assert (row.person, row.phone, row.preferred, row.status) == (world["parent"], "+358405550101", "morning", "waiting")
    mine = aino.get(resident_url(world)).content.decode()
    assert "We will call you" in mine and "Daycare place for Eero after we move" in mine and "Waiting" in mine

    row.created_at = clock.now() - dt.timedelta(minutes=42)
    row.save(update_fields=["created_at"])
    queue = agent.get(url(world, "callbacks")).content.decode()
    assert "42 minutes" in queue and "Aino Maria Asukas" in queue and "+358405550101" in queue
    assert AuditEvent.objects.filter(purpose="front office: call-backs", subject_id=world["parent"].public_id).exists()

    colleague = login(staff(world["municipality"], "toinen-agentti", Role.SERVICE_POINT_AGENT, world["point"]))
    assert agent.post(url(world, "callbacks"), {"callback": str(row.public_id)}).status_code == 302
    taken = colleague.post(url(world, "callbacks"), {"callback": str(row.public_id)}, follow=True).content.decode()
    assert "This call-back request is no longer waiting." in taken and "Being called by" in taken
    row.refresh_from_db()
    assert (row.status, row.taken_by) == ("taken", world["agent"])
    assert "Being called" in aino.get(resident_url(world)).content.decode()

    form = agent.get(url(world, "contact", world["parent"].public_id) + f"?soittopyynto={row.public_id}")
    html = form.content.decode()
    assert "Logging the call closes the request." in html and "Daycare place for Eero after we move" in html
    logged = agent.post(url(world, "contact", world["parent"].public_id) + f"?soittopyynto={row.public_id}",
                        {"channel": "phone", "topic": "Daycare place for Eero after we move", "outcome": "resolved",
                         "duration_minutes": "9"})
    assert logged.status_code == 302
    row.refresh_from_db()
    assert row.status == "done" and row.contact == Contact.all_objects.get() and row.closed_at is not None
    assert "No one is waiting for a call." in agent.get(url(world, "callbacks")).content.decode()
    assert "Called" in aino.get(resident_url(world)).content.decode()


def test_bad_input_is_refused_with_what_was_typed_kept(aino, world):
    for fields, message in [({"phone": "12"}, "Give the phone number in the form 040 123 4567"),
                            ({"topic": "   "}, "Tell in a few words what you would like to talk about."),
                            ({"topic": "x" * 301}, "Keep it under 300 characters"),
                            ({"preferred": "midnight"}, "Choose when we may call you.")]:
        data = {"topic": "About the boat harbour", "phone": "040 555 0101", "preferred": "any"} | fields
        response = aino.post(resident_url(world), data)
        html = response.content.decode()
        assert response.status_code == 400 and message in html, fields
        assert (data["topic"] if data["topic"].strip() else "040 555 0101") in html
    assert not CallbackRequest.all_objects.exists()


def test_three_waiting_are_enough_and_a_resident_cancels_only_her_own(aino, world):
    for n in range(3):
        services.request_callback(person=world["parent"], phone="0405550101", topic=f"Question {n}")
    refused = aino.post(resident_url(world), {"topic": "Fourth", "phone": "0405550101", "preferred": "any"})
    assert refused.status_code == 400 and "You already have 3 call-back requests waiting" in refused.content.decode()
    theirs = services.request_callback(person=world["other"], phone="0401111111", topic="Bertil's question")
    bertil_page = login(world["other"].user).get(resident_url(world)).content.decode()
    assert "Bertil&#x27;s question" in bertil_page and "Question 0" not in bertil_page

    answer = aino.post(resident_url(world), {"cancel": str(theirs.public_id)}, follow=True).content.decode()
    assert "That request was not found." in answer
    theirs.refresh_from_db()
    assert theirs.status == "waiting"
    first = CallbackRequest.all_objects.get(topic="Question 0")
    assert "was cancelled" in aino.post(resident_url(world), {"cancel": str(first.public_id)}, follow=True).content.decode()
    first.refresh_from_db()
    assert first.status == "cancelled"
    with pytest.raises(ValidationError):
        services.cancel_callback(person=world["parent"], callback=first)


def test_only_agents_here_see_the_queue(world):
    services.request_callback(person=world["parent"], phone="0405550101", topic="Secret topic of Aino")
    other = world["other_municipality"]
    foreign = login(world["foreign_agent"])
    assert foreign.get(url(world, "callbacks")).status_code == 403
    assert "Secret topic" not in foreign.get(url(world, "callbacks", municipality=other)).content.decode()
    assert login(world["handler"]).get(url(world, "callbacks")).status_code == 403
    assert login(world["other"].user).get(url(world, "callbacks")).status_code == 403


def test_the_page_asks_anonymous_visitors_to_log_in(client, world):
    response = client.get(resident_url(world))
    assert response.status_code == 302 and "/kirjaudu/" in response["Location"]
