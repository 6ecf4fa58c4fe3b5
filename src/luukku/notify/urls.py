"""/<municipality>/<lang>/ilmoitukset/: the resident's notification settings and messages."""

from django.urls import path

from . import views

app_name = "notify"
urlpatterns = [
    path("ilmoitukset/", views.settings_page, name="settings"),
]
