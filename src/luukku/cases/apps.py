from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "luukku.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self):
        from . import messages  # noqa: F401  (the case message kinds, for notify)
