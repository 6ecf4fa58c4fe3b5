"""/<municipality>/<lang>/kysely/…: the survey by an invitation link or openly, and
/<municipality>/<lang>/virkailija/kyselyt/…: staff's surveys, panels and results."""

from django.urls import path

from . import staff_views, views

app_name = "panels"
SURVEY = "virkailija/kyselyt/<uuid:survey_id>/"
urlpatterns = [
    path("kysely/<uuid:survey_id>/", views.open_answer, name="open_answer"),
    path("kysely/<uuid:survey_id>/<str:token>/", views.answer, name="answer"),
    path("virkailija/kyselyt/", staff_views.home, name="staff_home"),
    path(SURVEY, staff_views.survey_page, name="staff_survey"),
    path(SURVEY + "paneeli/<uuid:sample_id>/", staff_views.sample_page, name="staff_sample"),
    path(SURVEY + "paneeli/<uuid:sample_id>/henkilot/", staff_views.sample_people, name="staff_sample_people"),
    path(SURVEY + "tulokset/", staff_views.results, name="staff_results"),
    path(SURVEY + "tulokset.csv", staff_views.results_csv, name="staff_results_csv"),
]
