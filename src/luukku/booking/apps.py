from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


def appointment_system_problems(app_configs=None, **kwargs):
    """`manage.py check --deploy`: outside appointment systems whose settings are incomplete."""
    from .adapters import check

    return [checks.Warning(problem, hint="Resources in that system offer no times until LUUKKU_BOOKING_SYSTEMS "
                                         "is complete.", id="booking.W001") for problem in check()]


class BookingConfig(AppConfig):
    name = "luukku.booking"
    label = "booking"
    verbose_name = _("Booking")

    def ready(self):
        # The scheduler's reminder job, the message kinds of bookings, the appointment systems, and the
        # service page's "Book a time" kept in step with resources.
        from . import adapters, jobs, messages, signals  # noqa: F401

        checks.register(appointment_system_problems, checks.Tags.compatibility, deploy=True)
