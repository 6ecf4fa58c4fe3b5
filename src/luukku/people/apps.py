from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "luukku.people"
    label = "people"
    verbose_name = _("Residents and mandates")

    def ready(self):
        from . import acting

        acting.connect()
