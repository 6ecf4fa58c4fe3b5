"""Where a resident opens a booking: the path messages and redirects carry."""

from django.core import signing

LINK_SALT = "booking.link"


def booking_path(booking) -> str:
    """The resident's page of a booking, in the booking's language. A booking without a person (made by
    staff for a caller) is opened by a signed link, which this path then carries."""
    path = f"/{booking.resource.municipality.slug}/{booking.language or 'fi'}/ajanvaraus/varaukset/{booking.public_id}/"
    if booking.person_id is None:
        path += "?t=" + signing.dumps(str(booking.public_id), salt=LINK_SALT)
    return path
