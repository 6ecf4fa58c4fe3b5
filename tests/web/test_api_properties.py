"""Property tests of the API against the committed schema (docs/openapi.yaml) with schemathesis:
requests generated from the schema, sent in-process to the WSGI app as anonymous, a signed-in
resident and a signed-in staff member; no answer is a 500, and every answer conforms to the schema
(documented status code, content type and body). Path ids are sometimes real ones of the test's world."""

from pathlib import Path

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (content_type_conformance, response_schema_conformance,
                                               status_code_conformance)

from luukku.cases import services
from luukku.catalogue.models import ChannelKind
from luukku.core.models import Role
from luukku.core.tenancy import municipality_context

from ..cases.conftest import (aino, bertil, case_type, child, definition, make_draft, unit)  # noqa: F401  (fixtures)
from ..factories import ChannelFactory, MembershipFactory, ServiceFactory, UserFactory

pytestmark = pytest.mark.django_db

SCHEMA = schemathesis.openapi.from_path(Path(__file__).resolve().parents[2] / "docs" / "openapi.yaml")
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES = settings(max_examples=40, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                           HealthCheck.filter_too_much])
CSRF = "A" * 32  # an unmasked secret: the cookie and the header agree, so POSTs reach the views
REAL = st.sampled_from(["generated", "own", "other"])


@pytest.fixture
def app():
    """Django's WSGI app, minus the closing of connections at each request (it would end the test's
    transaction), as Django's own test client does."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield WSGIHandler()
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def world(municipality, other_municipality, aino, child, bertil, make_draft, unit):  # noqa: F811
    with municipality_context(municipality):
        service = ServiceFactory(municipality=municipality, slug="kirjasto", status="Published")
        channel = ChannelFactory(municipality=municipality, kind=ChannelKind.PHONE, status="Published")
        service.channels.set([channel])
    handler = UserFactory(username="kasittelija", is_staff=True)
    for role in (Role.CASE_HANDLER, Role.SERVICE_POINT_AGENT, Role.MANAGER):
        MembershipFactory(municipality=municipality, user=handler, unit=unit, role=role)
    own = services.submit_draft(make_draft(aino, child), by_person=aino)
    services.send_message(own, by_person=aino, body="Hei")
    others = services.submit_draft(make_draft(bertil), by_person=bertil)
    return {"aino": aino, "handler": handler, "own": own, "others": others, "service": service,
            "channel": channel, "unit": unit}


def cookies_of(user) -> dict:
    if user is None:
        return {}
    client = Client()
    client.force_login(user)
    return {"sessionid": client.cookies["sessionid"].value, "csrftoken": CSRF}


def run(case, app, world, user, real):
    case.path_parameters = dict(case.path_parameters or {})
    if "municipality" in case.path_parameters:
        case.path_parameters["municipality"] = "esimerkki"
    ids = {"case_id": world["own" if real == "own" else "others"].public_id, "person_id": world["aino"].public_id,
           "public_id": world["service"].public_id, "unit_id": world["unit"].public_id}
    if real != "generated":
        for name in case.path_parameters:
            if name in ids:
                case.path_parameters[name] = str(ids[name])
    headers = {"X-CSRFToken": CSRF, "Referer": "http://localhost/"} if user is not None else {}
    case.call_and_validate(app=app, cookies=cookies_of(user), headers=headers, checks=CHECKS)


@EXAMPLES
@given(case=SCHEMA.include(tag="me").as_strategy(), real=REAL)
def test_the_resident_api_as_the_resident_conforms_and_never_500s(app, world, case, real):
    run(case, app, world, world["aino"].user, real)


@EXAMPLES
@given(case=SCHEMA.include(tag_regex="staff|front office").as_strategy(), real=REAL)
def test_the_staff_api_as_a_handler_conforms_and_never_500s(app, world, case, real):
    run(case, app, world, world["handler"], real)


@EXAMPLES
@given(case=SCHEMA.as_strategy(), real=REAL)
def test_every_operation_anonymously_conforms_and_never_500s(app, world, case, real):
    run(case, app, world, None, real)
