from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PanelsConfig(AppConfig):
    name = "luukku.panels"
    label = "panels"
    verbose_name = _("Resident panels and surveys")

    def ready(self):
        from . import messages  # noqa: F401  (registers the "panel" message kinds)
