"""Resident pages of the proactive services: /<municipality>/<lang>/tarjoukset/…"""

from django.urls import path

from . import views

app_name = "proactive"

urlpatterns = [
    path("tarjoukset/asetukset/", views.settings_page, name="settings"),
    path("tarjoukset/<uuid:offer_id>/", views.offer_page, name="offer"),
    path("tarjoukset/<uuid:offer_id>/hyvaksy/", views.accept, name="accept"),
    path("tarjoukset/<uuid:offer_id>/kieltaydy/", views.decline, name="decline"),
    path("tarjoukset/<uuid:offer_id>/muutos/", views.change, name="change"),
    path("tarjoukset/<uuid:offer_id>/viestit/", views.opt_out, name="opt_out"),
]
