"""/<municipality>/<lang>/…: the resident's privacy pages and the data-protection officer's."""

from django.urls import path

from . import consent_views, dpo_views, export_views, trail_views

app_name = "privacy"
urlpatterns = [
    # who has handled my data, consents, the data-protection officer's audit search
    path("omat-asiat/tietojeni-kasittely/", trail_views.data_trail, name="data_trail"),
    path("virkailija/tietosuoja/", dpo_views.audit_search, name="dpo_search"),
    path("omat-asiat/suostumukset/", consent_views.my_consents, name="consents"),
    path("omat-asiat/suostumukset/<uuid:consent_id>/peru/", consent_views.revoke, name="revoke_consent"),

    # export, erasure
    path("omat-tiedot/", export_views.my_data, name="my_data"),
    path("omat-tiedot/vienti/", export_views.start_export, name="start_export"),
    path("omat-tiedot/vienti/<uuid:export_id>/", export_views.export_status, name="export"),
    path("omat-tiedot/vienti/<uuid:export_id>/<str:kind>/", export_views.export_file, name="export_file"),
    path("omat-tiedot/poisto/", export_views.erase, name="erase"),
]
