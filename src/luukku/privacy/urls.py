"""/<municipality>/<lang>/…: the resident's privacy pages and the data-protection officer's."""

from django.urls import path  # noqa: F401

app_name = "privacy"
urlpatterns = [
    # who has handled my data, consents, the data-protection officer's audit search

    # export, erasure
]
