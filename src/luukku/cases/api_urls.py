"""/api/v1/<municipality>/me/…: the resident's own API (session login)."""

from django.http import JsonResponse
from django.urls import path, re_path

from . import api

app_name = "resident_api"


def not_found(request, *args, **kwargs):
    return JsonResponse({"detail": "Not found.", "code": "not_found"}, status=404)


urlpatterns = [
    path("cases/", api.CaseList.as_view(), name="cases"),
    path("cases/<uuid:case_id>/", api.CaseDetail.as_view(), name="case"),
    path("cases/<uuid:case_id>/messages/", api.CaseMessages.as_view(), name="case-messages"),
    path("cases/<uuid:case_id>/withdraw/", api.CaseWithdraw.as_view(), name="case-withdraw"),
    re_path(r"^.*$", not_found),
]
