"""The dashboard (staff workspace), the open-data page, and the open-data API and CSV. Included once
at the root (config/urls.py), before the catalogue API's catch-all under /api/v1/<municipality>/."""

from django.urls import path

from . import opendata, views

app_name = "insight"
PAGE = "<slug:municipality>/<str:lang>/"
API = "api/v1/<slug:municipality>/open-data/"
urlpatterns = [
    path(PAGE + "virkailija/tietojohtaminen/", views.dashboard, name="dashboard"),
    path(PAGE + "virkailija/tietojohtaminen/raportti.csv", views.export_csv, name="export_csv"),
    path(PAGE + "virkailija/tietojohtaminen/raportti.xlsx", views.export_xlsx, name="export_xlsx"),
    path(PAGE + "avoin-data/", opendata.page, name="open_data"),
    path(API + "statistics/", opendata.StatisticsView.as_view(), name="api_statistics"),
    path(API + "statistics.csv", opendata.statistics_csv, name="statistics_csv"),
    path(API + "services/", opendata.CatalogueView.as_view(), name="api_services"),
    path(API + "services.csv", opendata.catalogue_csv, name="services_csv"),
]
