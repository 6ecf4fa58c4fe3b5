from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotifyConfig(AppConfig):
    name = "luukku.notify"
    label = "notify"
    verbose_name = _("Notifications")

    def ready(self):
        from . import channels  # noqa: F401  (fills the channel registry)
