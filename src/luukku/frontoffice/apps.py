from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrontofficeConfig(AppConfig):
    name = "luukku.frontoffice"
    label = "frontoffice"
    verbose_name = _("Front office")
