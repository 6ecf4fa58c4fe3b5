from django.urls import path

from . import authorization_views, mandate_views, views

app_name = "people"
urlpatterns = [
    path("tunnistaudu/", views.identify, name="identify"),
    path("tunnistaudu/paluu/", views.callback, name="callback"),
    path("omat-asiat/valtuutukset/", mandate_views.my_mandates, name="mandates"),
    path("omat-asiat/valtuutukset/suomifi/", authorization_views.start, name="valtuudet"),
    path("omat-asiat/valtuutukset/suomifi/paluu/", authorization_views.callback, name="valtuudet_callback"),
    path("omat-asiat/valtuutukset/<uuid:mandate_id>/lopeta/", mandate_views.revoke, name="revoke_mandate"),
]
