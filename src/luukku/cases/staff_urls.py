"""/<municipality>/<lang>/virkailija/…: the back office (case queues, case handling, figures)."""

from django.urls import path

from . import staff_views as views

app_name = "staff"
urlpatterns = [
    path("virkailija/", views.home, name="home"),
    path("virkailija/jono/<uuid:unit_id>/", views.queue, name="queue"),
    path("virkailija/asiat/<uuid:case_id>/", views.case_page, name="case"),
    path("virkailija/tilastot/", views.figures, name="figures"),
]
