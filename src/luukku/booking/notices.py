"""Messages about a booking to the resident, written in the booking's transaction (the outbox commits
with the change). To the person when there is one (their channels and language), otherwise to the
phone or email given with the booking."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import override

from luukku.core import clock
from luukku.notify import services as notify


def _when(value, language: str) -> str:
    with override(language):
        return date_format(timezone.localtime(value, clock.HELSINKI), "D j.n.Y \\k\\l\\o H.i" if language == "fi"
                           else "D j.n.Y H:i")


def link(booking) -> str:
    """The booking's page for the resident (a path; notify makes it absolute)."""
    from .links import booking_path

    return booking_path(booking)


def send(booking, kind: str, key: str, **extra) -> None:
    language = booking.language or "fi"
    context = {"what": booking.resource.name, "when": _when(booking.starts_at, language),
               "reference": booking.reference, "link": link(booking), **extra}
    if booking.person_id is not None:
        notify.notify(person=booking.person, kind=kind, key=key, context=context)
    elif booking.email or booking.phone:
        notify.notify_contact(municipality=booking.resource.municipality, email=booking.email, phone=booking.phone,
                              language=language, kind=kind, key=key, context=context)


def confirmed(booking) -> None:
    send(booking, "booking.confirmed", f"booking:{booking.public_id}:confirmed")


def rescheduled(booking, old_start) -> None:
    send(booking, "booking.rescheduled", f"booking:{booking.public_id}:moved:{booking.starts_at.isoformat()}",
         old=_when(old_start, booking.language or "fi"))


def cancelled(booking, *, by_staff: bool) -> None:
    if by_staff:
        send(booking, "booking.cancelled_by_staff", f"booking:{booking.public_id}:cancelled")
    else:
        send(booking, "booking.cancelled", f"booking:{booking.public_id}:cancelled")


def reminder(booking) -> None:
    send(booking, "booking.reminder", f"booking:{booking.public_id}:reminder:{booking.starts_at.isoformat()}")
