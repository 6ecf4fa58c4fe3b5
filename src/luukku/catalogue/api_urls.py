"""/api/v1/<municipality>/…: the read API of one municipality's catalogue."""

from django.http import JsonResponse
from django.urls import path, re_path
from rest_framework.routers import SimpleRouter

from . import api

app_name = "api"

router = SimpleRouter()
router.register("services", api.ServiceViewSet, basename="service")
router.register("channels", api.ChannelViewSet, basename="channel")
router.register("life-events", api.LifeEventViewSet, basename="life-event")
router.register("units", api.UnitViewSet, basename="unit")


def not_found(request, *args, **kwargs):
    """Unknown paths under the API answer in JSON, like every other API error."""
    return JsonResponse({"detail": "Not found.", "code": "not_found"}, status=404)


urlpatterns = [
    path("municipality/", api.MunicipalityView.as_view(), name="municipality"),
    path("search/", api.SearchView.as_view(), name="search"),
    *router.urls,
    re_path(r"^.*$", not_found),
]
