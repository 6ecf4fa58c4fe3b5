"""Starting a case on a resident's behalf: every page of the published form on one page, checked as
online; the case is the resident's like any other (My cases), with the agent and channel recorded."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from luukku.cases.models import Case
from luukku.core.models import AuditEvent
from luukku.eservices.models import Draft
from luukku.frontoffice import services
from luukku.frontoffice.models import Contact
from luukku.people.models import Mandate, MandateKind

from ..eservices.conftest import make_person
from .conftest import url

pytestmark = pytest.mark.django_db

DAYCARE = "varhaiskasvatushakemus"
MOORING = "venepaikkahakemus"


def daycare_post(**overrides):
    data = {
        "frontoffice-channel": "phone", "start_date": "1.8.2026", "urgent": "no", "hours": "full",
        "evening_care": "no", "units": ["kuusikko", "perhepaivahoito"], "language": "fi",
        "applicant_email": "aino.new@example.fi", "applicant_phone": "040 123 4567",
        "other_info": "Called from work", "frontoffice-topic": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def second_child(world):
    kid = make_person(world["municipality"], "Ilona", "Asukas", dt.date(2024, 5, 2))
    Mandate.all_objects.create(municipality=world["municipality"], principal=kid, agent=world["parent"],
                               kind=MandateKind.GUARDIAN, valid_from=dt.date(2024, 5, 2))
    return kid


def test_case_types_to_choose_are_the_open_ones(agent, world):
    world["mooring"].active = False
    world["mooring"].save()
    response = agent.get(url(world, "case_types", world["parent"].public_id))
    html = response.content.decode()
    assert response.status_code == 200
    assert url(world, "start_case", world["parent"].public_id, DAYCARE) in html
    assert MOORING not in html
    assert agent.get(url(world, "start_case", world["parent"].public_id, MOORING)).status_code == 404
    assert agent.get(url(world, "start_case", world["parent"].public_id, "ei-ole")).status_code == 404


def test_the_form_has_every_pages_fields_the_channel_and_no_file_input(agent, world):
    response = agent.get(url(world, "start_case", world["parent"].public_id, DAYCARE))
    html = response.content.decode()
    assert response.status_code == 200
    for name in ("start_date", "urgent", "hours", "evening_care", "units", "language", "applicant_email",
                 "other_info", "frontoffice-channel"):
        assert f'name="{name}"' in html, name
    assert 'type="file"' not in html and 'enctype="multipart/form-data"' not in html
    assert 'value="Koivulantie 12 B 4"' in html and 'value="aino@example.fi"' in html  # prefilled
    assert "Eero Asukas" in html  # the only child: for whom
    assert world["parent"].hetu not in html and world["child"].hetu not in html


def test_a_case_started_for_a_child_is_the_residents_own_in_my_cases(agent, world):
    parent, child = world["parent"], world["child"]
    response = agent.post(url(world, "start_case", parent.public_id, DAYCARE), daycare_post())
    assert response.status_code == 302, response.content.decode()[:3000]
    case = Case.all_objects.get()
    assert response["Location"] == url(world, "case_started", parent.public_id, case.public_id)
    assert (case.applicant, case.subject, case.mandate, case.started_by, case.channel, case.unit) == (
        parent, child, world["mandate"], world["agent"], "phone", world["daycare"].unit)
    assert case.data == {
        "child": str(child.public_id), "start_date": "2026-08-01", "urgent": "no", "hours": "full",
        "evening_care": "no", "units": ["kuusikko", "perhepaivahoito"], "language": "fi",
        "applicant_name": "Aino Maria Asukas",
        "applicant_address": {"street": "Koivulantie 12 B 4", "postal_code": "41990", "post_office": "Koivula"},
        "applicant_email": "aino.new@example.fi", "applicant_phone": "040 123 4567", "other_info": "Called from work",
    }
    assert case.history.get().by_user == world["agent"]
    contact = Contact.all_objects.get()
    assert (contact.person, contact.case, contact.channel, contact.by_user, contact.service, contact.outcome) == (
        parent, case, "phone", world["agent"], world["daycare"].service, "case_started")
    assert "Application for early childhood education" in contact.topic

    done = agent.get(response["Location"]).content.decode()
    assert case.reference in done and "Tell the resident the case reference" in done

    resident = Client()  # the resident logs in through the login page, as in the browser
    login = resident.post(reverse("login", args=[world["municipality"].slug, "en"]),
                          {"username": "aino", "password": "salasana-123"})
    assert login.status_code == 302
    my_cases = resident.get(reverse("cases:my_cases", args=[world["municipality"].slug, "en"]))
    assert my_cases.status_code == 200 and case.reference in my_cases.content.decode()
    page = resident.get(reverse("cases:case", args=[world["municipality"].slug, "en", case.public_id]))
    assert page.status_code == 200 and case.reference in page.content.decode()


def test_missing_and_conditional_answers_are_errors_per_field_keeping_the_input(agent, world):
    response = agent.post(url(world, "start_case", world["parent"].public_id, DAYCARE),
                          daycare_post(**{"frontoffice-channel": None, "hours": None, "start_date": "31.2.2026",
                                          "evening_care": "yes", "frontoffice-topic": "Kept topic"}))
    html = response.content.decode()
    assert response.status_code == 400
    assert 'href="#field-frontoffice-channel"' in html and "Choose the channel." in html
    assert 'href="#field-hours"' in html
    assert "Enter the date as day.month.year" in html and 'value="31.2.2026"' in html
    # Shown now because of the answer, and required by it, as online.
    assert 'name="evening_reason"' in html and "Answer this question too" in html
    assert 'value="Kept topic"' in html and 'value="kuusikko" id="id_units_0" checked' in html
    assert not Case.all_objects.exists() and not Contact.all_objects.exists() and not Draft.all_objects.exists()


def test_an_urgent_application_tells_that_the_certificate_comes_later(agent, world):
    response = agent.post(url(world, "start_case", world["parent"].public_id, DAYCARE),
                          daycare_post(urgent="yes"))
    assert response.status_code == 302  # the required file is not asked from the agent
    case = Case.all_objects.get()
    assert case.data["urgent"] == "yes" and not case.attachments.exists()
    response = agent.post(url(world, "start_case", world["parent"].public_id, DAYCARE),
                          daycare_post(urgent="yes", hours=None))
    html = response.content.decode()
    assert "Certificate of work or study" in html and "the resident adds it later in My cases" in html


def test_choosing_among_children_and_a_tampered_child(agent, world, second_child):
    start = url(world, "start_case", world["parent"].public_id, DAYCARE)
    html = agent.get(start).content.decode()
    assert 'name="frontoffice-for_whom"' in html and "Ilona Asukas" in html and "Eero Asukas" in html
    missing = agent.post(start, daycare_post())
    assert missing.status_code == 400 and "Choose for whom the case is." in missing.content.decode()
    foreign = agent.post(start, daycare_post(**{"frontoffice-for_whom": str(world["other_child"].public_id)}))
    assert foreign.status_code == 400
    assert "Choose the resident or one of the children in their care shown here." in foreign.content.decode()
    assert "Saga" not in foreign.content.decode()
    assert not Case.all_objects.exists()
    ok = agent.post(start, daycare_post(**{"frontoffice-for_whom": str(second_child.public_id)}))
    assert ok.status_code == 302 and Case.all_objects.get().subject == second_child


def test_a_resident_without_children_cannot_get_a_childs_case(agent, world):
    start = url(world, "start_case", world["namesake"].public_id, DAYCARE)
    assert agent.get(start).status_code == 404  # another municipality's person
    lonely = make_person(world["municipality"], "Yksin", "Eläjä", dt.date(1990, 1, 1))
    start = url(world, "start_case", lonely.public_id, DAYCARE)
    assert "no child in this resident" in agent.get(start).content.decode()
    assert agent.post(start, daycare_post()).status_code == 400 and not Case.all_objects.exists()


def test_a_case_for_oneself_and_the_same_form_sent_twice(agent, world):
    start = url(world, "start_case", world["parent"].public_id, MOORING)
    html = agent.get(start).content.decode()
    token = html.split('name="frontoffice-token" value="')[1].split('"')[0]
    data = {"frontoffice-channel": "service_point", "frontoffice-token": token, "harbour": "keskusta",
            "boat_type": "sail", "length": "7,5", "width": "2,5",
            "applicant_email": "aino@example.fi"}
    first = agent.post(start, data)
    second = agent.post(start, data)
    case = Case.all_objects.get()
    assert first["Location"] == second["Location"] == url(world, "case_started", world["parent"].public_id,
                                                          case.public_id)
    assert case.subject == world["parent"] and case.channel == "service_point"


def test_a_protected_address_never_goes_into_the_case(agent, world):
    """The register keeps it; the answers (read by the other guardian, handlers, hand-overs) hold a marker."""
    parent = world["parent"]
    parent.protected_address = True
    parent.save()
    start = url(world, "start_case", parent.public_id, DAYCARE)
    html = agent.get(start).content.decode()
    assert "Koivulantie" not in html and "Protected address" in html
    response = agent.post(start, daycare_post(applicant_address__street="Forged street 1"))
    assert response.status_code == 302
    data = Case.all_objects.get().data
    assert data["applicant_address"] == {"protected": True}
    assert "Koivulantie" not in str(data) and "Forged" not in str(data)


def test_the_form_pages_are_audited(agent, world):
    parent = world["parent"]
    agent.get(url(world, "case_types", parent.public_id))
    agent.get(url(world, "start_case", parent.public_id, DAYCARE))
    assert AuditEvent.all_objects.filter(subject_id=parent.public_id, action="person.read").count() == 2
    # "For whom" names the child: a read of the child's data too.
    named = AuditEvent.all_objects.get(action="person.named")
    assert named.subject_id == world["child"].public_id and named.actor == world["agent"]


# --- the service, as the staff API calls it --------------------------------------------------------


def test_the_service_lists_every_problem_of_stored_data(world):
    with pytest.raises(ValidationError) as error:
        services.start_case(by_user=world["agent"], person=world["parent"], case_type=world["daycare"],
                            subject=world["child"], channel="chat",
                            data={"start_date": "someday", "urgent": "maybe", "evening_care": "yes",
                                  "units": ["kuusikko", "nowhere"], "applicant_address": {"postal_code": "123"}})
    problems = error.value.message_dict
    assert {"start_date", "urgent", "hours", "evening_reason", "units", "applicant_email"} <= set(problems)
    assert "applicant_address" not in problems  # the register's address: read-only, the posted one ignored
    assert not Case.all_objects.exists()


def test_the_service_refuses_the_wrong_subject_channel_and_user(world):
    good = {"harbour": "keskusta", "boat_type": "rowing", "length": "4", "width": "1.5",
            "applicant_email": "aino@example.fi"}
    kwargs = {"person": world["parent"], "case_type": world["mooring"], "data": good}
    with pytest.raises(ValidationError) as error:
        services.start_case(by_user=world["agent"], channel="phone", subject=world["child"], **kwargs)
    assert set(error.value.message_dict) == {"subject"}
    with pytest.raises(ValidationError) as error:
        services.start_case(by_user=world["agent"], channel="online", **kwargs)
    assert set(error.value.message_dict) == {"channel"}
    with pytest.raises(ValidationError) as error:
        services.start_case(by_user=world["agent"], person=world["parent"], case_type=world["daycare"],
                            subject=world["other_child"], channel="phone", data={})
    assert set(error.value.message_dict) == {"subject"}
    for user in (world["handler"], world["foreign_agent"]):
        with pytest.raises(PermissionDenied):
            services.start_case(by_user=user, channel="phone", **kwargs)
    case = services.start_case(by_user=world["agent"], channel="email", contact_topic="Mooring by email", **kwargs)
    assert case.channel == "email" and case.data["width"] == "1.5"
    assert Contact.all_objects.get().topic == "Mooring by email"
