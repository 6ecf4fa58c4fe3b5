from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "luukku.feedback"
    label = "feedback"
    verbose_name = _("Feedback")

    def ready(self):
        from . import config, items, jobs, messages  # noqa: F401  (My cases, the intake sweep, message kinds)

        config.connect()
