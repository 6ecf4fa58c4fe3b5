"""/<municipality>/<lang>/…: the resident's privacy pages and the data-protection officer's."""

from django.urls import path  # noqa: F401

from . import consent_views

app_name = "privacy"
urlpatterns = [
    # who has handled my data, consents, the data-protection officer's audit search
    path("omat-asiat/suostumukset/", consent_views.my_consents, name="consents"),
    path("omat-asiat/suostumukset/<uuid:consent_id>/peru/", consent_views.revoke, name="revoke_consent"),

    # export, erasure
]
