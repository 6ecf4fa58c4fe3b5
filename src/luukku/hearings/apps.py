from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HearingsConfig(AppConfig):
    name = "luukku.hearings"
    label = "hearings"
    verbose_name = _("Hearings")
    default_auto_field = "django.db.models.BigAutoField"
