"""/api/v1/<municipality>/staff/…: the back office and front office API (filled in by the API work)."""

from django.http import JsonResponse
from django.urls import re_path

app_name = "staff_api"


def not_found(request, *args, **kwargs):
    return JsonResponse({"detail": "Not found.", "code": "not_found"}, status=404)


urlpatterns = [
    re_path(r"^.*$", not_found),
]
