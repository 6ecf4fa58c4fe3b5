from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightConfig(AppConfig):
    name = "luukku.insight"
    label = "insight"
    verbose_name = _("Knowledge-based management")

    def ready(self):
        from . import extractors, jobs  # noqa: F401  (fill the extractor and job registries)
