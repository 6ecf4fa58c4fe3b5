from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProactiveConfig(AppConfig):
    name = "luukku.proactive"
    label = "proactive"
    verbose_name = _("Proactive services")

    def ready(self):
        from . import case_links, items, jobs, messages  # noqa: F401  (case page links, My cases items, jobs, message kinds)
