"""Periodic jobs of booking (core.scheduler runs each once across the workers)."""

import datetime as dt

from django.conf import settings

from luukku.core.scheduler import scheduled_jobs


@scheduled_jobs.register("booking.reminders")
class SendReminders:
    """A reminder before each booked time (by the person's channels, or the booking's phone/email)."""

    interval = dt.timedelta(minutes=5)

    def run(self):
        from .services import send_due_reminders

        return send_due_reminders(hours=getattr(settings, "LUUKKU_BOOKING_REMINDER_HOURS", 24))


@scheduled_jobs.register("booking.expire_unpaid")
class ExpireUnpaid:
    """A booking left unpaid frees its time for others."""

    interval = dt.timedelta(minutes=5)

    def run(self):
        from .services import expire_unpaid

        return expire_unpaid(minutes=getattr(settings, "LUUKKU_BOOKING_PAYMENT_MINUTES", 30))
