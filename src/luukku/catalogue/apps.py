from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "luukku.catalogue"
    label = "catalogue"
    verbose_name = _("Service catalogue")

    def ready(self):
        from . import jobs, signals  # noqa: F401 (the PTV sync job; connects the search index to catalogue edits)
