from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "luukku.core"
    label = "core"
    verbose_name = _("Luukku core")

    def ready(self):
        from . import jobs  # noqa: F401  (fill the job registry)
