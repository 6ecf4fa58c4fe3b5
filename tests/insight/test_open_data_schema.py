"""The open-data API against the committed schema (docs/openapi.yaml), with schemathesis: requests
generated from the schema, sent in-process as an anonymous visitor; no answer is a 500 and every
answer conforms (documented status code, content type and body)."""

import datetime as dt
from pathlib import Path

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (content_type_conformance, response_schema_conformance,
                                               status_code_conformance)

from luukku.core import clock
from luukku.insight import services

pytestmark = pytest.mark.django_db

SCHEMA = schemathesis.openapi.from_path(Path(__file__).resolve().parents[2] / "docs" / "openapi.yaml")
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


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
def filled(municipality, make_case):
    for n in range(8):
        make_case(day=dt.date(2026, 3, 2 + n), channel=("online", "phone")[n % 4 == 0])
    services.refresh()


@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
@given(case=SCHEMA.include(tag="open data").as_strategy())
def test_the_open_data_api_conforms_and_never_500s(app, filled, case):
    case.path_parameters = {**(case.path_parameters or {}), "municipality": "esimerkki"}
    with clock.frozen_at(dt.datetime(2026, 4, 15, 12, 0)):
        case.call_and_validate(app=app, checks=CHECKS)
