from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProactiveConfig(AppConfig):
    name = "luukku.proactive"
    label = "proactive"
    verbose_name = _("Proactive services")

    def ready(self):
        # The staff case page's links, My cases items, the scheduler's jobs, message kinds.
        from . import case_links, items, jobs, messages  # noqa: F401
