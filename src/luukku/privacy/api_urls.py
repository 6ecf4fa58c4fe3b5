"""/api/v1/<municipality>/me/…: the privacy part of the resident's API (included before the cases
part, whose catch-all answers everything else)."""

from django.urls import path

from . import trail_api

app_name = "privacy_api"
urlpatterns = [
    path("data-access/", trail_api.DataAccessList.as_view(), name="data-access"),
]
