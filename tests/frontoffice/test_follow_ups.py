"""The contact log's outcome, duration and life event, and follow-ups worked to their end (issue 20, point 2)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from luukku.core import clock
from luukku.core.models import AuditEvent, Role
from luukku.frontoffice import services
from luukku.frontoffice.models import Contact, FollowUp

from ..factories import CodeFactory
from .conftest import login, staff, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def moving():
    return CodeFactory(code="KE8", name={"fi": "Muutto", "sv": "Flytt", "en": "Moving"})


def _post(client, world, **fields):
    data = {"channel": "phone", "topic": "Asked about daycare after moving", "outcome": "follow_up",
            "duration_minutes": "12", "follow_up_task": "Call back when the queue is known",
            "follow_up_due": (clock.today() + dt.timedelta(days=3)).strftime("%d.%m.%Y")}
    data.update(fields)
    return client.post(url(world, "contact", world["parent"].public_id), data)


def test_a_contact_with_its_outcome_duration_life_event_and_follow_up_is_worked_to_the_end(agent, world, moving):
    response = _post(agent, world, life_event=str(moving.pk))
    assert response.status_code == 302
    contact = Contact.all_objects.get()
    assert (contact.outcome, contact.duration_minutes, contact.life_event) == ("follow_up", 12, moving)
    follow_up = FollowUp.all_objects.get()
    assert (follow_up.contact, follow_up.person, follow_up.unit, follow_up.assignee) == (
        contact, world["parent"], world["point"], None)

    card = agent.get(url(world, "person", world["parent"].public_id)).content.decode()
    assert "needs a follow-up" in card and "12 minutes" in card and "Life event: Moving" in card
    assert "Call back when the queue is known" in card and "anyone of the unit" in card

    # A colleague of the same unit finds it on the follow-ups page; the read of the name is audited.
    colleague = login(staff(world["municipality"], "toinen-agentti", Role.SERVICE_POINT_AGENT, world["point"]))
    page = colleague.get(url(world, "follow_ups"))
    html = page.content.decode()
    assert page.status_code == 200 and "Call back when the queue is known" in html and "Aino Maria Asukas" in html
    assert AuditEvent.objects.filter(action="person.named", purpose="front office: follow-ups",
                                     subject_id=world["parent"].public_id).exists()

    done = colleague.post(url(world, "follow_up_done", follow_up.pk), {"note": "Called, queue is 3 months"})
    assert done.status_code == 302 and done["Location"] == url(world, "follow_ups")
    follow_up.refresh_from_db()
    assert follow_up.done_at is not None and follow_up.done_note == "Called, queue is 3 months"
    assert "Call back when the queue is known" not in colleague.get(url(world, "follow_ups")).content.decode()
    card = agent.get(url(world, "person", world["parent"].public_id)).content.decode()
    assert "Done" in card and "Called, queue is 3 months" in card and 'name="note"' not in card

    again = colleague.post(url(world, "follow_up_done", follow_up.pk), {"note": "twice"}, follow=True)
    assert "This follow-up was already marked done." in again.content.decode()
    follow_up.refresh_from_db()
    assert follow_up.done_note == "Called, queue is 3 months"


def test_bad_input_is_refused_field_by_field_and_nothing_is_written(agent, world):
    for fields, message in [
        ({"outcome": ""}, "Choose how the contact ended."),
        ({"outcome": "shrug"}, "Choose how the contact ended."),
        ({"duration_minutes": "0"}, "Give the duration in whole minutes, from 1 to 480."),
        ({"duration_minutes": "100000"}, "Give the duration in whole minutes, from 1 to 480."),
        ({"duration_minutes": "ten"}, "Give the duration in whole minutes, for example 12."),
        ({"follow_up_task": "   "}, "Write what is to be done, so that a colleague can do it too."),
        ({"follow_up_due": ""}, "Give the day by which it is to be done."),
        ({"follow_up_due": "31.2.2027"}, "Enter the due day as day.month.year."),
        ({"follow_up_due": "1.1.2000"}, "The due day cannot be in the past."),
        ({"life_event": "999999"}, "Choose a life event from the list."),
    ]:
        response = _post(agent, world, notes="Typed notes stay", **fields)
        html = response.content.decode()
        assert response.status_code == 400, fields
        assert message in html, fields
        assert "Typed notes stay" in html and "Asked about daycare after moving" in html
    assert not Contact.all_objects.exists() and not FollowUp.all_objects.exists()


def test_a_resolved_contact_needs_no_follow_up_and_writes_none(agent, world):
    assert _post(agent, world, outcome="resolved", follow_up_task="", follow_up_due="").status_code == 302
    assert Contact.all_objects.get().outcome == "resolved" and not FollowUp.all_objects.exists()


def test_a_follow_up_of_my_own_is_on_my_list_only_and_another_municipality_never_sees_it(agent, world):
    assert _post(agent, world, follow_up_mine="on").status_code == 302
    follow_up = FollowUp.all_objects.get()
    assert follow_up.assignee == world["agent"]
    assert "Call back when the queue is known" in agent.get(url(world, "follow_ups")).content.decode()
    colleague = login(staff(world["municipality"], "toinen-agentti", Role.SERVICE_POINT_AGENT, world["point"]))
    assert "Call back when the queue is known" not in colleague.get(url(world, "follow_ups")).content.decode()

    foreign = login(world["foreign_agent"])
    other = world["other_municipality"]
    assert "Call back" not in foreign.get(url(world, "follow_ups", municipality=other)).content.decode()
    assert foreign.post(url(world, "follow_up_done", follow_up.pk, municipality=other)).status_code == 404
    assert foreign.post(url(world, "follow_up_done", follow_up.pk)).status_code in (403, 404)
    handler = login(world["handler"])
    assert handler.get(url(world, "follow_ups")).status_code == 403
    follow_up.refresh_from_db()
    assert follow_up.done_at is None


def test_the_services_refuse_other_staff_and_check_the_follow_up(world):
    parent, agent = world["parent"], world["agent"]
    with pytest.raises(ValidationError) as error:
        services.log_contact(by_user=agent, person=parent, channel="chat", topic="x", outcome="follow_up",
                             follow_up={"task": "x", "due": clock.today(), "assignee": world["handler"]})
    assert "follow_up_assignee" in error.value.message_dict
    contact = services.log_contact(by_user=agent, person=parent, channel="chat", topic="x", outcome="follow_up",
                                   follow_up={"task": "Send the form", "due": clock.today()})
    with pytest.raises(PermissionDenied):
        services.complete_follow_up(by_user=world["foreign_agent"], follow_up=contact.follow_up)
    with pytest.raises(ValidationError):
        services.complete_follow_up(by_user=agent, follow_up=contact.follow_up, note="x" * 501)

