"""/<municipality>/<lang>/virkailija/palaute/…: the feedback back office (queues, the feedback page
with its actions, recording feedback given by phone or at the desk)."""

from django.urls import path

from . import staff_views as views

app_name = "feedback_staff"
ITEM = "virkailija/palaute/<uuid:feedback_id>/"
urlpatterns = [
    path("virkailija/palaute/", views.home, name="home"),
    path("virkailija/palaute/jono/<uuid:unit_id>/", views.queue, name="queue"),
    path("virkailija/palaute/uusi/", views.record, name="record"),
    path("virkailija/palaute/kirjattu/<uuid:feedback_id>/", views.recorded, name="recorded"),
    path(ITEM, views.detail, name="detail"),
    path(ITEM + "kuva/<uuid:media_id>/", views.photo, name="photo"),
    # The feedback page's actions (POST), each one services function.
    path(ITEM + "ota/", views.claim, name="claim"),
    path(ITEM + "anna/", views.assign, name="assign"),
    path(ITEM + "vapauta/", views.release, name="release"),
    path(ITEM + "tila/", views.change_status, name="status"),
    path(ITEM + "muistiinpano/", views.add_note, name="note"),
    path(ITEM + "siirto/", views.forward, name="forward"),
    path(ITEM + "vastaus/", views.reply, name="reply"),
    path(ITEM + "julkaisu/", views.publish, name="publish"),
    path(ITEM + "kaksoiskappale/", views.duplicate, name="duplicate"),
]
