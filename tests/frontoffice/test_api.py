"""The front office in the staff API: find a resident (the identity code only in a POST body), the
resident's card (masked code, protected address hidden, audited), contacts, starting a case."""

import json
import uuid

import pytest
from django.test import Client

from luukku.cases.models import Case
from luukku.core.models import AuditEvent
from luukku.frontoffice.models import Contact

pytestmark = pytest.mark.django_db

MOORING = {"harbour": "keskusta", "boat_type": "rowing", "length": "4,5", "width": 1.6,
           "applicant_name": "Aino Maria Asukas", "applicant_email": "aino@example.fi",
           "applicant_address": {"street": "Koivulantie 12 B 4", "postal_code": "41990", "post_office": "Koivula"}}


class Api:
    def __init__(self, world, user=None, municipality=None):
        slug = (municipality or world["municipality"]).slug
        self.client = Client(enforce_csrf_checks=True)
        self.client.get(f"/{slug}/fi/kirjaudu/")
        self.token = self.client.cookies["csrftoken"].value
        if user is not None:
            self.client.force_login(user)
        self.base = f"/api/v1/{slug}/staff/"

    def get(self, path, params=None, **extra):
        return self.client.get(self.base + path, params or {}, **extra)

    def post(self, path, data=None, raw=None, **extra):
        return self.client.post(self.base + path, raw if raw is not None else json.dumps(data or {}),
                                content_type="application/json", HTTP_X_CSRFTOKEN=self.token, **extra)


@pytest.fixture
def api(world):
    return Api(world, world["agent"])


def test_search_by_name_and_birth_date_or_by_identity_code(api, world):
    parent = world["parent"]
    found = api.post("persons/search/", {"name": "asukas aino", "birth_date": "1985-03-15"}).json()["results"]
    assert [p["id"] for p in found] == [str(parent.public_id)]  # not the other municipality's namesake
    assert api.post("persons/search/", {"name": "Aino"}).json()["birth_date"]
    assert api.post("persons/search/", {"birth_date": "1985-03-15"}).json()["name"]
    by_code = api.post("persons/search/", {"hetu": parent.hetu.lower()})
    assert [p["id"] for p in by_code.json()["results"]] == [str(parent.public_id)]
    event = AuditEvent.all_objects.get(action="person.search", subject_id=parent.public_id)
    assert parent.hetu not in json.dumps([event.purpose, event.object_id])
    bad = api.post("persons/search/", {"hetu": "150385-XXXX"})
    assert bad.status_code == 400 and "hetu" in bad.json() and "150385" not in bad.content.decode()
    in_address = api.post(f"persons/search/?hetu={parent.hetu}", {"name": "x", "birth_date": "1985-03-15"})
    assert in_address.status_code == 400 and "hetu" in in_address.json()
    assert api.post("persons/search/", {"hetu": world["namesake"].hetu}).json()["results"] == []


def test_the_resident_card_masks_hides_and_audits(api, world, make_daycare_case):
    parent, child = world["parent"], world["child"]
    case = make_daycare_case()
    response = api.get(f"persons/{parent.public_id}/")
    assert response.status_code == 200
    card = response.json()
    assert card["identity_code"] == parent.hetu[:7] + "****" and parent.hetu not in response.content.decode()
    assert card["address"]["street_address"] == "Koivulantie 12 B 4" and card["address_protected"] is False
    assert [c["id"] for c in card["children"]] == [str(child.public_id)]
    assert [(c["reference"], c["summary_only"], c["may_read"]) for c in card["cases"]] == [
        (case.reference, True, False)]
    assert "answers" not in card["cases"][0]
    event = AuditEvent.all_objects.get(action="person.read", subject_id=parent.public_id)
    assert (event.actor, event.channel) == (world["agent"], "api")

    parent.protected_address = True
    parent.save(update_fields=["protected_address"])
    hidden = api.get(f"persons/{parent.public_id}/")
    assert hidden.json()["address"] is None and hidden.json()["address_protected"] is True
    assert "Koivulantie" not in hidden.content.decode()


@pytest.fixture
def make_daycare_case(world):
    from .conftest import make_case

    def make():
        return make_case(world["parent"], world["daycare"], world["daycare_form"], {"start_date": "2026-08-01"},
                         subject=world["child"], mandate=world["mandate"])
    return make


def test_only_the_front_office_and_only_this_municipality(world, make_daycare_case):
    parent = world["parent"]
    path = f"persons/{parent.public_id}/"
    for user in (world["handler"], world["parent"].user, None):
        api = Api(world, user)
        assert api.get(path).status_code == 403
        assert api.post("persons/search/", {"hetu": parent.hetu}).status_code == 403
        assert api.post(path + "contacts/", {"channel": "phone", "topic": "x"}).status_code == 403
    agent = Api(world, world["agent"])
    assert agent.get(f"persons/{world['namesake'].public_id}/").status_code == 404
    assert agent.get(f"persons/{uuid.uuid4()}/contacts/").status_code == 404
    foreign = Api(world, world["foreign_agent"], municipality=world["other_municipality"])
    assert foreign.get(path).status_code == 404
    assert foreign.post(path + "cases/", {"case_type": "venepaikkahakemus", "channel": "phone",
                                          "data": MOORING}).status_code == 404
    assert not AuditEvent.all_objects.filter(action="person.read").exists()


def test_contacts_are_logged_and_listed(api, world, make_daycare_case):
    parent = world["parent"]
    case = make_daycare_case()
    path = f"persons/{parent.public_id}/contacts/"
    logged = api.post(path, {"channel": "phone", "topic": "Kysyi päivähoitopaikasta", "notes": "Soittaa takaisin.",
                             "case": str(case.public_id)})
    assert logged.status_code == 201, logged.content
    assert logged.json()["case"] == case.reference and logged.json()["by"] == "palvelupiste"
    listed = api.get(path).json()["results"]
    assert [c["topic"] for c in listed] == ["Kysyi päivähoitopaikasta"]
    assert AuditEvent.all_objects.filter(action="person.contacts_read", subject_id=parent.public_id).exists()
    refused = api.post(path, {"channel": "pigeon", "topic": ""})
    assert refused.status_code == 400 and {"channel", "topic"} <= set(refused.json())
    assert "service_point" in refused.json()["channel"][0]
    other = api.post(f"persons/{world['other'].public_id}/contacts/",
                     {"channel": "phone", "topic": "x", "case": str(case.public_id)})
    assert other.status_code == 400 and "case" in other.json()  # not Bertil's case
    assert Contact.all_objects.count() == 1


def test_a_case_started_for_the_resident(api, world):
    parent = world["parent"]
    path = f"persons/{parent.public_id}/cases/"
    started = api.post(path, {"case_type": "venepaikkahakemus", "channel": "phone", "data": MOORING})
    assert started.status_code == 201, started.content
    reference = started.json()["reference"]
    case = Case.all_objects.get(reference=reference)
    assert (case.applicant, case.channel, case.started_by) == (parent, "phone", world["agent"])
    mine = Client()
    mine.force_login(parent.user)
    listed = mine.get(f"/api/v1/{world['municipality'].slug}/me/cases/").json()["results"]
    assert reference in [c["reference"] for c in listed]
    assert Contact.all_objects.filter(person=parent, case=case).exists()

    missing = api.post(path, {"case_type": "venepaikkahakemus", "channel": "phone", "data": {"harbour": "keskusta"}})
    assert missing.status_code == 400 and {"boat_type", "length"} <= set(missing.json()["data"])
    for bad, field in [({"case_type": "nope", "channel": "phone"}, "case_type"),
                       ({"case_type": "venepaikkahakemus", "channel": "online"}, "channel"),
                       ({"case_type": "venepaikkahakemus", "channel": "phone", "data": [1]}, "data"),
                       ({"case_type": "varhaiskasvatushakemus", "channel": "phone",
                         "subject": str(world["other_child"].public_id), "data": {}}, "subject"),
                       ({"case_type": "venepaikkahakemus", "channel": "phone", "subject": str(uuid.uuid4())},
                        "subject")]:
        response = api.post(path, bad)
        assert response.status_code == 400 and field in response.json(), (bad, response.content)
    assert api.post(path, raw="{oops").status_code == 400
    assert Case.all_objects.count() == 1


def test_name_search_results_are_audited_in_the_api_too(api, world):
    parent = world["parent"]
    found = api.post("persons/search/", {"name": "asukas aino", "birth_date": "1985-03-15"}).json()["results"]
    assert [row["id"] for row in found] == [str(parent.public_id)]
    event = AuditEvent.all_objects.get(action="person.search_result")
    assert event.subject_id == parent.public_id and event.channel == "api"


def test_the_children_a_person_read_names_are_audited(api, world):
    parent, child = world["parent"], world["child"]
    card = api.get(f"persons/{parent.public_id}/").json()
    assert [c["id"] for c in card["children"]] == [str(child.public_id)]
    event = AuditEvent.all_objects.get(action="person.named")
    assert event.subject_id == child.public_id and event.channel == "api"
