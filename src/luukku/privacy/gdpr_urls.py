"""/api/v1/<municipality>/gdpr-api/v1/…: the profile service's GDPR API (privacy/gdpr_api.py)."""

from django.urls import path

from . import gdpr_api

app_name = "gdpr_api"
urlpatterns = [
    path("profiles/<str:profile_id>", gdpr_api.ProfileView.as_view(), name="profile"),
]
