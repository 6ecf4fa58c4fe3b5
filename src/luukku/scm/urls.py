"""/<municipality>/<lang>/virkailija/hallinnollinen-taakka/…: the Standard Cost Model pages."""

from django.urls import path

from . import views

app_name = "scm"
ROOT = "virkailija/hallinnollinen-taakka/"
urlpatterns = [
    path(ROOT, views.report, name="report"),
    path(ROOT + "raportti.csv", views.report_csv, name="report_csv"),
    path(ROOT + "arviot/", views.estimates, name="estimates"),
    path(ROOT + "arviot/tunnin-arvo/", views.hour_value, name="hour_value"),
    path(ROOT + "arviot/<uuid:estimate_id>/", views.estimate, name="estimate"),
    path(ROOT + "arviot/<uuid:estimate_id>/poista/", views.delete_estimate, name="delete_estimate"),
    path(ROOT + "maarat/", views.volumes, name="volumes"),
    path(ROOT + "maarat/<uuid:volume_id>/poista/", views.delete_volume, name="delete_volume"),
    path(ROOT + "muutokset/", views.changes, name="changes"),
    path(ROOT + "muutokset/<uuid:change_id>/", views.change, name="change"),
    path(ROOT + "muutokset/<uuid:change_id>/poista/", views.delete_change, name="delete_change"),
]
