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


# --- staff (booking.staff_views) -----------------------------------------------------------------
from django.urls import path  # noqa: E402

from . import staff_views  # noqa: E402

STAFF_RESOURCE = STAFF + "<slug:slug>/"
STAFF_BOOKING = STAFF + "varaus/<uuid:booking_id>/"
urlpatterns += [
    path(STAFF, staff_views.resources, name="staff_resources"),
    path(STAFF + "uusi/", staff_views.new_resource, name="staff_new_resource"),
    path(STAFF_BOOKING, staff_views.booking_page, name="staff_booking"),
    path(STAFF_BOOKING + "merkitse/", staff_views.mark, name="staff_mark"),
    path(STAFF_BOOKING + "peru/", staff_views.cancel, name="staff_cancel"),
    path(STAFF_BOOKING + "siirra/", staff_views.move, name="staff_move"),
    path(STAFF_BOOKING + "asia/", staff_views.open_case, name="staff_open_case"),
    path(STAFF_RESOURCE, staff_views.day_view, name="staff_day"),
    path(STAFF_RESOURCE + "viikko/", staff_views.week_view, name="staff_week"),
    path(STAFF_RESOURCE + "muokkaa/", staff_views.edit_resource, name="staff_edit_resource"),
    path(STAFF_RESOURCE + "aukiolo/", staff_views.add_hours, name="staff_add_hours"),
    path(STAFF_RESOURCE + "aukiolo/<int:row_id>/poista/", staff_views.remove_hours, name="staff_remove_hours"),
    path(STAFF_RESOURCE + "sulje/", staff_views.block, name="staff_block"),
    path(STAFF_RESOURCE + "varaa/", staff_views.book, name="staff_book"),
    path(STAFF_RESOURCE + "kalenteri/", staff_views.feed_link, name="staff_feed_link"),
    path(STAFF_RESOURCE + "kalenteri/<str:token>.ics", staff_views.feed, name="staff_feed"),
]
