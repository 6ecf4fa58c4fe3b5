"""/<municipality>/<lang>/kypsyys/…: the respondents' questionnaire by its secret link, and
/<municipality>/<lang>/virkailija/kypsyys/…: the managers' rounds and reports."""

from django.urls import path

from . import staff_views, views

app_name = "maturity"
LINK = "kypsyys/<uuid:round_id>/<str:token>/"
ROUND = "virkailija/kypsyys/<uuid:round_id>/"
urlpatterns = [
    path(LINK, views.resume, name="resume"),
    path(LINK + "<int:page>/", views.page, name="page"),
    path(LINK + "tallennettu/", views.saved, name="saved"),
    path(LINK + "valmis/", views.summary, name="summary"),
    path("virkailija/kypsyys/", staff_views.home, name="staff_home"),
    path(ROUND, staff_views.round_page, name="staff_round"),
    path(ROUND + "kutsut/", staff_views.invite, name="staff_invite"),
    path(ROUND + "sulje/", staff_views.close, name="staff_close"),
    path(ROUND + "raportti/", staff_views.report, name="staff_report"),
]
