"""Inputs that were 500s (issue 13): a huge ?limit= of the resident API, a date filter of the admin with
a year no date has, and a reserved first segment (/api/x/, /static/x/…) matched as a municipality."""

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.views import APIView

from luukku.core.models import Role

from ..cases.conftest import aino, case_type, definition, make_case, make_draft, unit  # noqa: F401  (fixtures)
from ..factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def _api_views(patterns=None):
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            yield from _api_views(entry.url_patterns)
        elif isinstance(entry, URLPattern):
            view = getattr(entry.callback, "cls", None) or getattr(entry.callback, "view_class", None)
            if isinstance(view, type) and issubclass(view, APIView):
                yield view


def test_every_paginated_api_has_a_maximum_page_size():
    paginated = {view for view in _api_views() if getattr(view, "pagination_class", None)}
    assert paginated, "the walk found no paginated API view"
    for view in paginated:
        assert getattr(view.pagination_class, "max_limit", None), f"{view.__name__} pages without a maximum"


@pytest.mark.parametrize("limit", ["99999999999999999999999", "9223372036854775808", "1000000"])
def test_a_huge_limit_of_the_resident_api_is_a_full_page_not_a_500(client, aino, make_case, limit):  # noqa: F811
    make_case(aino)
    client.force_login(aino.user)
    response = client.get(f"/api/v1/esimerkki/me/cases/?limit={limit}")
    assert response.status_code == 200
    assert response.json()["count"] == 1 and len(response.json()["results"]) == 1


def test_the_resident_api_pages_at_most_200(client, aino, make_case):  # noqa: F811
    from luukku.core.api import BoundedPagination

    assert BoundedPagination.max_limit == 200
    make_case(aino)
    client.force_login(aino.user)
    response = client.get("/api/v1/esimerkki/me/cases/?limit=0")
    assert response.status_code == 400 and "limit" in response.json()


# --- the admin's date filters ----------------------------------------------------------------------

DATED = sorted((m._meta.app_label, m._meta.model_name, a.date_hierarchy)
               for m, a in admin.site._registry.items() if a.date_hierarchy)


@pytest.fixture
def administrator(municipality):
    user = UserFactory(username="paakayttaja", is_staff=True, is_superuser=True)
    MembershipFactory(municipality=municipality, user=user, role=Role.ADMINISTRATOR)
    client = Client()
    client.force_login(user)
    return client


def test_the_admin_has_date_hierarchies_to_check():
    assert ("core", "auditevent", "at") in DATED


@pytest.mark.parametrize("query", ["{f}__year=9999", "{f}__year=9999&{f}__month=12", "{f}__year=99999999",
                                   "{f}__year=999999999999999999999999", "{f}__year__gt=99999999",
                                   "{f}__year=0", "{f}__month=99999999999999999999", "{f}__year__in=1,99999"])
@pytest.mark.parametrize("app,model,field", DATED)
def test_a_date_filter_no_date_has_is_the_changelists_error_not_a_500(administrator, app, model, field, query):
    url = f"/admin/{app}/{model}/"
    response = administrator.get(f"{url}?{query.format(f=field)}")
    assert response.status_code == 302 and response["Location"] == f"{url}?e=1"
    assert administrator.get(response["Location"]).status_code == 200


def test_a_real_date_filter_still_filters(administrator):
    response = administrator.get("/admin/core/auditevent/?at__year=2026&at__month=12&at__day=7")
    assert response.status_code == 200


# --- reserved first segments --------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/api/x/", "/static/x/", "/media/x/", "/healthz/x/", "/i18n/fi/",
                                  "/api/fi/palvelut/x/", "/static/fi/omat-asiat/", "/media/sv/haku/",
                                  "/healthz/fi/kirjaudu/", "/admin/x/"])
@pytest.mark.parametrize("who", ["anonymous", "resident"])
def test_a_reserved_first_segment_is_no_municipality(municipality, aino, path, who):  # noqa: F811
    client = Client()
    if who == "resident":
        client.force_login(aino.user)
    for method in ("get", "post"):
        response = getattr(client, method)(path)
        assert response.status_code in (302, 404), (method, path, response.status_code)
        assert b"Aino" not in response.content
