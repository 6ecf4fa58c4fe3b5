"""Logging a contact: channel, topic, notes, an optional case of this person and service; append-only."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from luukku.catalogue.models import PublishingStatus
from luukku.frontoffice import services
from luukku.frontoffice.models import Contact

from .conftest import login, make_case, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def own_case(world):
    return make_case(world["parent"], world["mooring"], world["mooring_form"], {"harbour": "keskusta"})


def test_a_logged_contact_shows_on_the_card(agent, world, own_case):
    parent = world["parent"]
    page = agent.get(url(world, "contact", parent.public_id))
    html = page.content.decode()
    assert page.status_code == 200 and own_case.reference in html and "Service point visit" in html
    service = world["mooring"].service
    response = agent.post(url(world, "contact", parent.public_id), {
        "channel": "phone", "topic": "Asked when the mooring decision comes", "notes": "Will call back.",
        "case": str(own_case.public_id), "service": str(service.public_id), "outcome": "resolved",
    })
    assert response.status_code == 302 and response["Location"] == url(world, "person", parent.public_id)
    contact = Contact.all_objects.get()
    assert (contact.person, contact.channel, contact.case, contact.service, contact.by_user, contact.unit) == (
        parent, "phone", own_case, service, world["agent"], world["point"])
    card = agent.get(response["Location"]).content.decode()
    assert "The contact was logged." in card
    assert "Asked when the mooring decision comes" in card and "Will call back." in card
    assert own_case.reference in card and "palvelupiste" in card


def test_bad_input_is_refused_field_by_field_keeping_what_was_typed(agent, world):
    other_case = make_case(world["other"], world["mooring"], world["mooring_form"], {"harbour": "keskusta"})
    response = agent.post(url(world, "contact", world["parent"].public_id), {
        "channel": "pigeon", "topic": "  ", "notes": "Typed notes stay", "case": str(other_case.public_id),
        "service": "not-a-service",
    })
    html = response.content.decode()
    assert response.status_code == 400
    assert "Choose how the resident contacted us." in html
    assert "Write the topic in a few words." in html
    assert "Choose one of this resident&#x27;s cases." in html and other_case.reference not in html
    assert "Choose a service from the list." in html
    assert "Typed notes stay" in html and 'href="#field-channel"' in html
    assert not Contact.all_objects.exists()


def test_the_service_checks_the_case_and_the_user(world, own_case):
    parent, agent = world["parent"], world["agent"]
    other_case = make_case(world["other"], world["mooring"], world["mooring_form"], {"harbour": "keskusta"})
    with pytest.raises(ValidationError) as error:
        services.log_contact(by_user=agent, person=parent, channel="chat", topic="x", case=other_case)
    assert set(error.value.message_dict) == {"case"}
    with pytest.raises(PermissionDenied):
        services.log_contact(by_user=world["handler"], person=parent, channel="chat", topic="x")
    with pytest.raises(PermissionDenied):
        services.log_contact(by_user=world["foreign_agent"], person=parent, channel="chat", topic="x")
    contact = services.log_contact(by_user=agent, person=parent, channel="chat", topic=" Opening  hours ")
    assert contact.topic == "Opening hours" and contact.unit == world["point"]


def test_contacts_are_append_only(world):
    contact = services.log_contact(by_user=world["agent"], person=world["parent"], channel="email", topic="x")
    contact.topic = "changed"
    with pytest.raises(ValidationError):
        contact.save()
    with pytest.raises(ValidationError):
        contact.delete()
    assert Contact.all_objects.get().topic == "x"


def test_only_published_services_are_offered(agent, world):
    service = world["mooring"].service
    service.status = PublishingStatus.DRAFT
    service.save()
    html = agent.get(url(world, "contact", world["parent"].public_id)).content.decode()
    assert str(service.public_id) not in html


def test_a_case_handler_cannot_log_contacts(world):
    response = login(world["handler"]).post(url(world, "contact", world["parent"].public_id),
                                            {"channel": "phone", "topic": "x"})
    assert response.status_code == 403 and not Contact.all_objects.exists()


def test_contacts_in_the_admin_are_read_only_and_opening_one_is_audited(world):
    from django.urls import reverse

    from luukku.core.models import AuditEvent

    contact = services.log_contact(by_user=world["agent"], person=world["parent"], channel="phone",
                                   topic="Asked about the daycare queue")
    world["agent"].is_staff = True
    world["agent"].save()
    client = login(world["agent"])
    listing = client.get(reverse("admin:frontoffice_contact_changelist"))
    assert listing.status_code == 200 and "Asked about the daycare queue" in listing.content.decode()
    page = client.get(reverse("admin:frontoffice_contact_change", args=[contact.pk]))
    assert page.status_code == 200 and world["parent"].hetu not in page.content.decode()
    event = AuditEvent.all_objects.get(action="contact.read")
    assert event.subject_id == world["parent"].public_id and event.object_id == str(contact.public_id)
    assert client.get(reverse("admin:frontoffice_contact_add")).status_code == 403
    assert client.post(reverse("admin:frontoffice_contact_change", args=[contact.pk]),
                       {"topic": "changed"}).status_code == 403
    assert Contact.all_objects.get().topic == "Asked about the daycare queue"


def test_the_admins_list_of_contacts_audits_every_resident_shown(client, world):
    from django.urls import reverse

    from luukku.core.models import AuditEvent

    parent, other, agent = world["parent"], world["other"], world["agent"]
    services.log_contact(by_user=agent, person=parent, channel="chat", topic="Aukioloajat")
    services.log_contact(by_user=agent, person=other, channel="phone", topic="Laituripaikka")
    type(agent).objects.filter(pk=agent.pk).update(is_staff=True)
    client.force_login(agent)
    listing = client.get(reverse("admin:frontoffice_contact_changelist"))
    assert listing.status_code == 200 and parent.last_name in listing.content.decode()
    events = AuditEvent.all_objects.filter(action="contact.list")
    assert set(events.values_list("subject_id", flat=True)) == {parent.public_id, other.public_id}
    assert set(events.values_list("channel", flat=True)) == {"admin"}
