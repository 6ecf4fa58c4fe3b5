"""The resident's data and the trail of it: who has handled it, consents to disclose it, export,
erasure and retention, the data-protection officer's audit search."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "luukku.privacy"
    label = "privacy"
    verbose_name = _("Privacy")

    def ready(self):
        from . import admin_retention, retention  # noqa: F401  (retention's admin pages, the scheduler's job)
