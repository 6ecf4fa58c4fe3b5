"""/<municipality>/<lang>/virkailija/strategia/…: goals, development projects and their indicators."""

from django.urls import path

from . import views

app_name = "strategy"
ROOT = "virkailija/strategia/"
PROJECT = ROOT + "hankkeet/<uuid:project_id>/"
urlpatterns = [
    path(ROOT, views.portfolio, name="portfolio"),
    path(ROOT + "tavoitteet/uusi/", views.goal, name="new_goal"),
    path(ROOT + "tavoitteet/<uuid:goal_id>/", views.goal, name="goal"),
    path(ROOT + "tavoitteet/<uuid:goal_id>/poista/", views.delete_goal, name="delete_goal"),
    path(ROOT + "hankkeet/uusi/", views.new_project, name="new_project"),
    path(PROJECT, views.project, name="project"),
    path(PROJECT + "poista/", views.delete_project, name="delete_project"),
    path(PROJECT + "mittarit/", views.add_indicator, name="add_indicator"),
    path(PROJECT + "mittarit/<uuid:indicator_id>/", views.indicator, name="indicator"),
    path(PROJECT + "mittarit/<uuid:indicator_id>/poista/", views.delete_indicator, name="delete_indicator"),
]
