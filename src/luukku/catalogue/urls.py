"""Resident portal pages under /<municipality>/<lang>/ (URL words in Finnish, as residents see them)."""

from django.urls import path

from . import views
from .models import CodeKind

app_name = "catalogue"
business = {"kind": CodeKind.BUSINESS_EVENT}
urlpatterns = [
    path("", views.front, name="front"),
    path("elamantilanteet/", views.event_list, name="life_events"),
    path("elamantilanteet/<slug:slug>/", views.event_detail, name="life_event"),
    path("yritykselle/", views.event_list, business, name="business_events"),
    path("yritykselle/<slug:slug>/", views.event_detail, business, name="business_event"),
    path("toimialat/", views.sector_list, name="sectors"),
    path("toimialat/<slug:slug>/", views.sector_detail, name="sector"),
    path("palvelut/<slug:slug>/", views.service_detail, name="service"),
    path("haku/", views.search_page, name="search"),
    path("saavutettavuusseloste/", views.accessibility, name="accessibility"),
    path("tietosuoja/", views.privacy, name="privacy"),
]
