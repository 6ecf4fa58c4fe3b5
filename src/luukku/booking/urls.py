"""/<municipality>/<lang>/ajanvaraus/…: residents; …/virkailija/ajanvaraus/…: staff."""

app_name = "booking"
ROOT = "ajanvaraus/"
STAFF = "virkailija/ajanvaraus/"

urlpatterns: list = []  # the pages are added by the views modules (resident_views, staff_views)


def booking_path(booking) -> str:
    """The resident's page of a booking, in the booking's language. A booking without a person (made by
    staff for a caller) is opened by a signed link, which this path then carries."""
    from django.core import signing

    path_ = f"/{booking.resource.municipality.slug}/{booking.language or 'fi'}/{ROOT}varaukset/{booking.public_id}/"
    if booking.person_id is None:
        path_ += "?t=" + signing.dumps(str(booking.public_id), salt="booking.link")
    return path_
