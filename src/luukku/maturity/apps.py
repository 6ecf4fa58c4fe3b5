from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MaturityConfig(AppConfig):
    name = "luukku.maturity"
    label = "maturity"
    verbose_name = _("Customer-centricity maturity")
