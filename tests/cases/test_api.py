import uuid

import pytest
from django.test import Client

from luukku.cases import services
from luukku.cases.models import Case, Message, Status

API = "/api/v1/esimerkki/me/cases/"


@pytest.fixture
def api_aino(aino):
    client = Client(enforce_csrf_checks=True)
    client.force_login(aino.user)
    return client


def _csrf(client):
    client.get("/esimerkki/fi/omat-asiat/")
    return client.cookies["csrftoken"].value


def test_anonymous_gets_403(client, municipality):
    response = client.get(API)
    assert response.status_code == 403 and response.json()["code"] == "not_authenticated"


def test_list_own_and_childs_not_others(api_aino, aino, child, bertil, make_case):
    own, childs, others = make_case(aino), make_case(aino, child), make_case(bertil)
    body = api_aino.get(API).json()
    refs = {c["reference"] for c in body["results"]}
    assert refs == {own.reference, childs.reference}
    item = next(c for c in body["results"] if c["reference"] == childs.reference)
    assert item["subject"]["name"] == "Eetu Asukas" and item["status"] == "submitted"
    assert api_aino.get(f"{API}{others.public_id}/").status_code == 404
    assert api_aino.get(f"{API}{uuid.uuid4()}/").status_code == 404


def test_detail_has_timeline_messages_and_answers(api_aino, aino, make_case, handler):
    case = make_case(aino)
    request = services.request_information(case, handler, "Tarvitaan liite.")
    body = api_aino.get(f"{API}{case.public_id}/").json()
    assert body["status"] == "waiting_for_resident" and body["action_required"] is True
    assert [e["status"] for e in body["timeline"] if e["kind"] == "status"] == [
        "submitted", "in_handling", "waiting_for_resident"]
    assert body["messages"][0]["is_information_request"] is True
    assert body["open_information_request"] == str(request.public_id)
    assert {"key": "time", "label": "Hoitoaika", "value": "Kokopäivä"} in body["answers"]


def test_post_needs_csrf_then_answers(api_aino, aino, make_case, handler):
    case = make_case(aino)
    request = services.request_information(case, handler, "Tarvitaan liite.")
    url = f"{API}{case.public_id}/messages/"
    assert api_aino.post(url, {"body": "Tässä"}, content_type="application/json").status_code == 403
    token = _csrf(api_aino)
    response = api_aino.post(url, {"body": "Tässä", "answer_to": str(request.public_id)},
                             content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 201, response.content
    assert response.json()["answer_to"] == str(request.public_id)
    assert Case.all_objects.get(pk=case.pk).status == Status.IN_HANDLING


def test_bad_input_and_closed_case(api_aino, aino, make_case, handler):
    case = make_case(aino)
    token = _csrf(api_aino)
    url = f"{API}{case.public_id}/messages/"
    assert api_aino.post(url, {"body": ""}, content_type="application/json",
                         HTTP_X_CSRFTOKEN=token).status_code == 400
    assert api_aino.post(url, "{not json", content_type="application/json",
                         HTTP_X_CSRFTOKEN=token).status_code == 400
    assert api_aino.post(url, {"body": "x", "answer_to": str(uuid.uuid4())}, content_type="application/json",
                         HTTP_X_CSRFTOKEN=token).status_code == 404
    services.change_status(case, Status.CLOSED, by_user=handler)
    response = api_aino.post(url, {"body": "Myöhässä"}, content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 409 and response.json()["code"] == "case_closed"
    response = api_aino.post(f"{API}{case.public_id}/withdraw/", {}, content_type="application/json",
                             HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 409
    assert not Message.all_objects.filter(case=case, from_resident=True).exists()


def test_withdraw_and_others_case(api_aino, aino, bertil, make_case):
    mine, theirs = make_case(aino), make_case(bertil)
    token = _csrf(api_aino)
    response = api_aino.post(f"{API}{mine.public_id}/withdraw/", {"reason": "turha"},
                             content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 200 and response.json()["status"] == "withdrawn"
    response = api_aino.post(f"{API}{theirs.public_id}/withdraw/", {}, content_type="application/json",
                             HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 404
    assert Case.all_objects.get(pk=theirs.pk).status == Status.SUBMITTED
