"""Open311 GeoReport v2 (with Helsinki's extensions): mounted per municipality under
/api/v1/<slug>/open311/v2/ and for all under /api/open311/v2/ (with jurisdiction_id).
Every resource takes the format as its suffix: .json or .xml."""

from django.urls import path

from . import open311

app_name = "open311"

urlpatterns = [
    path("services.<str:fmt>", open311.service_list, name="services"),
    path("services/<str:service_code>.<str:fmt>", open311.service_definition, name="service"),
    path("requests.<str:fmt>", open311.requests, name="requests"),
    path("requests/<str:service_request_id>.<str:fmt>", open311.request_detail, name="request"),
    # Helsinki's extension: the photo behind a public request's media_url.
    path("requests/<str:service_request_id>/media/<uuid:media_id>", open311.media, name="media"),
    path("tokens/<str:token>.<str:fmt>", open311.token, name="token"),
]
