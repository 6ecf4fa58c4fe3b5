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


# --- mobile units (mobile_views) ------------------------------------------------------------------------
from django.urls import path  # noqa: E402

from . import mobile_views  # noqa: E402

# First in the list: "liikkuvat/" must win over a resource's own "<slug>/" page.
urlpatterns[:0] = [
    path(f"{ROOT}liikkuvat/", mobile_views.mobile_units, name="mobile_units"),
    path(f"{ROOT}liikkuvat/<slug:slug>/", mobile_views.mobile_unit, name="mobile_unit"),
    path(f"{ROOT}liikkuvat/<slug:slug>/aikataulu.ics", mobile_views.mobile_unit_ics, name="mobile_unit_ics"),
    path(f"{STAFF}liikkuvat/", mobile_views.staff_mobile_units, name="staff_mobile_units"),
    path(f"{STAFF}liikkuvat/<slug:slug>/", mobile_views.staff_stops, name="staff_stops"),
    path(f"{STAFF}liikkuvat/<slug:slug>/pysakit/<uuid:stop_id>/peru/", mobile_views.staff_cancel_stop,
         name="staff_cancel_stop"),
]
