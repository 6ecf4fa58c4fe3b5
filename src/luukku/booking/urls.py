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


# --- residents: finding a time, booking, the booking's page, paying (resident_views, payment_views) ---
def _resident_patterns():
    from django.urls import path

    from . import payment_views, resident_views as views

    booking = ROOT + "varaukset/<uuid:public_id>/"
    return [
        path(ROOT, views.find, name="find"),
        path(ROOT + "omat/", views.my_bookings, name="my_bookings"),
        path(booking, views.booking_page, name="booking"),
        path(booking + "kalenteri.ics", views.booking_calendar, name="booking_ics"),
        path(booking + "siirra/", views.move, name="move"),
        path(booking + "peru/", views.cancel, name="cancel"),
        path(booking + "maksa/", payment_views.pay, name="pay"),
        path(ROOT + "maksu/testi/<str:token>/", payment_views.test_pay, name="test_pay"),
        path(ROOT + "maksu/paluu/<slug:provider>/", payment_views.callback, name="payment_callback"),
        path(ROOT + "<slug:slug>/", views.resource_page, name="resource"),  # last: the others' words first
    ]


urlpatterns += _resident_patterns()
