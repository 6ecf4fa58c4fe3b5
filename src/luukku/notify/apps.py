from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


def channel_problems(app_configs=None, **kwargs):
    """`manage.py check --deploy`: channels that are not configured (and so not offered)."""
    from .channels import channels

    return [checks.Info(problem, hint="The channel is not offered to residents until it is configured.",
                        id="notify.I001") for problem in channels.check()]


class NotifyConfig(AppConfig):
    name = "luukku.notify"
    label = "notify"
    verbose_name = _("Notifications")

    def ready(self):
        from . import channels, jobs, suomifi  # noqa: F401  (fill the channel and job registries)

        checks.register(channel_problems, checks.Tags.compatibility, deploy=True)
