"""/<municipality>/<lang>/virkailija/ennakoivat/…: rules, campaigns (dry run, run, follow-up)."""

from django.urls import path

from . import staff_views as views

app_name = "proactive_staff"
CAMPAIGN = "virkailija/ennakoivat/kampanjat/<uuid:campaign_id>/"
OFFER = "virkailija/ennakoivat/tarjoukset/<uuid:offer_id>/"
urlpatterns = [
    path("virkailija/ennakoivat/", views.home, name="home"),
    path("virkailija/ennakoivat/saannot/<uuid:rule_id>/uusi-kampanja/", views.new_campaign, name="new_campaign"),
    path(CAMPAIGN, views.campaign_page, name="campaign"),
    path(CAMPAIGN + "aja/", views.start, name="start"),
    path(CAMPAIGN + "tila.json", views.progress, name="progress"),
    # The follow-up lists: ei-vastausta, jonossa, muutospyynnot, kirjeet (views.LISTS).
    path(CAMPAIGN + "seuranta/<slug:kind>/", views.follow_up, name="follow_up"),
    # A change request worked to its end: offer another unit, or refuse with a reason.
    path(OFFER, views.offer_page, name="offer"),
    path(OFFER + "uusi-tarjous/", views.reoffer, name="reoffer"),
    path(OFFER + "hylkaa-muutos/", views.refuse_change, name="refuse_change"),
]
