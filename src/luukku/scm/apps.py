from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScmConfig(AppConfig):
    name = "luukku.scm"
    label = "scm"
    verbose_name = _("Administrative burden")

    def ready(self):
        from . import sources  # noqa: F401 (registers the count sources)
