from django.urls import path

from . import views

app_name = "twofactor"

urlpatterns = [
    path("kirjaudu/vahvistus/", views.verify, name="verify"),
    path("kirjaudu/kayttoonotto/", views.enrol, name="enrol"),
]
