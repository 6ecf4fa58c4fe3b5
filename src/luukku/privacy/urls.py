"""/<municipality>/<lang>/…: the resident's privacy pages and the data-protection officer's."""

from django.urls import path

from . import dpo_views, trail_views

app_name = "privacy"
urlpatterns = [
    # who has handled my data, consents, the data-protection officer's audit search
    path("omat-asiat/tietojeni-kasittely/", trail_views.data_trail, name="data_trail"),
    path("virkailija/tietosuoja/", dpo_views.audit_search, name="dpo_search"),

    # export, erasure
]
