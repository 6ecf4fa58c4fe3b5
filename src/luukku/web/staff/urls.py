"""/<municipality>/<lang>/virkailija/: the staff desk (the staff areas have their own URLconfs)."""

from django.urls import path

from . import views

app_name = "desk"
urlpatterns = [
    path("virkailija/", views.desk, name="home"),
]
