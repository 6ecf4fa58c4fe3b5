from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BookingConfig(AppConfig):
    name = "luukku.booking"
    label = "booking"
    verbose_name = _("Booking")

    def ready(self):
        # The scheduler's reminder job and the message kinds of bookings.
        from . import jobs, messages  # noqa: F401
