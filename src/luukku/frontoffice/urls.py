"""/<municipality>/<lang>/virkailija/asiakkaat/…: the front office (filled in by the front-office work)."""

from django.urls import path

from . import views

app_name = "frontoffice"
urlpatterns = [
    path("virkailija/asiakkaat/", views.search, name="search"),
]
