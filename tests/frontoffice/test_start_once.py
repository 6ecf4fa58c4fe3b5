"""One case per start, whatever the timing: the start form carries a key made when it is shown, the
staff API takes an Idempotency-Key header. A repeat answers with the first case; the same key with
other content is refused with a clear message; two posts at the same moment still make one case."""

import threading
import uuid

import pytest
from django.db import connection, connections

from luukku.cases.models import Case
from luukku.frontoffice import services
from luukku.frontoffice.models import CaseStart, Contact

from luukku.core.models import Role

from .conftest import login, staff, url
from .test_api import MOORING, Api

MOORING_FORM = {"frontoffice-channel": "service_point", "harbour": "keskusta", "boat_type": "sail", "length": "7,5",
                "width": "2,5", "applicant_email": "aino@example.fi"}


def _form_key(client, start) -> str:
    return client.get(start).content.decode().split('name="frontoffice-token" value="')[1].split('"')[0]


@pytest.mark.django_db
def test_the_same_form_with_other_answers_is_refused_and_keeps_them(agent, world):
    start = url(world, "start_case", world["parent"].public_id, "venepaikkahakemus")
    key = _form_key(agent, start)
    first = agent.post(start, {**MOORING_FORM, "frontoffice-token": key})
    assert first.status_code == 302
    case = Case.all_objects.get()
    again = agent.post(start, {**MOORING_FORM, "frontoffice-token": key})
    assert again.status_code == 302 and again["Location"] == first["Location"]
    changed = agent.post(start, {**MOORING_FORM, "frontoffice-token": key, "length": "9,5"})
    page = changed.content.decode()
    assert changed.status_code == 409
    assert f"This form was already sent with different answers, and case {case.reference} was started" in page
    assert 'value="9,5"' in page  # what was typed is kept
    assert Case.all_objects.count() == 1 and Contact.all_objects.count() == 1


@pytest.mark.django_db
def test_the_api_answers_a_repeated_key_with_the_first_case(world):
    api = Api(world, world["agent"])
    path = f"persons/{world['parent'].public_id}/cases/"
    body = {"case_type": "venepaikkahakemus", "channel": "phone", "data": MOORING}
    first = api.post(path, body, HTTP_IDEMPOTENCY_KEY="avain-1")
    second = api.post(path, body, HTTP_IDEMPOTENCY_KEY="avain-1")
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json() == second.json()
    other = api.post(path, {**body, "channel": "chat"}, HTTP_IDEMPOTENCY_KEY="avain-1")
    assert other.status_code == 409 and other.json()["code"] == "idempotency_key_reused"
    assert first.json()["reference"] in other.json()["detail"]
    for bad in ("", "x" * 101, "väärä avain"):
        refused = api.post(path, body, HTTP_IDEMPOTENCY_KEY=bad)
        assert refused.status_code == 400 and "Idempotency-Key" in refused.json(), bad
    assert Case.all_objects.count() == 1 and Contact.all_objects.count() == 1
    assert api.post(path, body, HTTP_IDEMPOTENCY_KEY="avain-2").status_code == 201  # a new key, a new case
    # A key is the user's own: another agent's same key starts their own case.
    colleague = Api(world, staff(world["municipality"], "toinen-agentti", Role.SERVICE_POINT_AGENT, world["point"]))
    assert colleague.post(path, body, HTTP_IDEMPOTENCY_KEY="avain-1").status_code == 201
    assert Case.all_objects.count() == 3


def test_the_openapi_schema_documents_the_header():
    from pathlib import Path

    schema = (Path(__file__).resolve().parents[2] / "docs" / "openapi.yaml").read_text()
    assert "name: Idempotency-Key" in schema and "idempotency_key_reused" in schema


# --- at the same moment, on PostgreSQL ---------------------------------------------------------------

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")


def _parallel(work, count):
    barrier = threading.Barrier(count)
    results, errors = [], []

    def run(i):
        try:
            barrier.wait()
            results.append(work(i))
        except Exception as exc:  # noqa: BLE001 (collected and asserted below)
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results, errors


@pytest.mark.django_db(transaction=True)
@on_postgresql
def test_two_posts_of_one_form_at_once_make_one_case(world):
    start = url(world, "start_case", world["parent"].public_id, "venepaikkahakemus")
    clients = [login(world["agent"]), login(world["agent"])]
    key = _form_key(clients[0], start)
    results, errors = _parallel(lambda i: clients[i].post(start, {**MOORING_FORM, "frontoffice-token": key}), 2)
    assert errors == []
    assert [r.status_code for r in results] == [302, 302]
    case = Case.all_objects.get()
    assert {r["Location"] for r in results} == {url(world, "case_started", world["parent"].public_id, case.public_id)}
    assert Contact.all_objects.count() == 1 and CaseStart.all_objects.get().case == case


@pytest.mark.django_db(transaction=True)
@on_postgresql
def test_five_api_calls_with_one_key_at_once_make_one_case(world):
    person, key = world["parent"], str(uuid.uuid4())
    results, errors = _parallel(lambda i: services.start_case(
        by_user=world["agent"], person=person, case_type=world["mooring"], data=MOORING,
        channel="phone", idempotency_key=key), 5)
    assert errors == []
    assert len({case.pk for case in results}) == 1 and sorted(c.replayed for c in results) == [False] + [True] * 4
    assert Case.all_objects.count() == 1 and Contact.all_objects.count() == 1
