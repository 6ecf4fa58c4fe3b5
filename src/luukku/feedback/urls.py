"""Resident pages of feedback: /<municipality>/<lang>/palaute/…"""

from django.urls import path

from . import views

app_name = "feedback"

urlpatterns = [
    path("palaute/", views.give, name="give"),
    path("palaute/kiitos/<str:token>/", views.thanks, name="thanks"),
    path("palaute/seuranta/<str:token>/", views.follow, name="follow"),
    path("palaute/seuranta/<str:token>/arvio/", views.rate, name="rate"),
    path("palaute/seuranta/<str:token>/kuva/<uuid:media_id>/", views.photo, name="photo"),
    path("palaute/lahella/", views.near, name="near"),
    path("palaute/julkiset/<uuid:feedback_id>/", views.public_item, name="public"),
    path("palaute/julkiset/<uuid:feedback_id>/kuva/<uuid:media_id>/", views.public_photo, name="public_photo"),
]
