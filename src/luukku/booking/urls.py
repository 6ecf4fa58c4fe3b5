"""/<municipality>/<lang>/ajanvaraus/…: residents (resident_views, payment_views); …/virkailija/ajanvaraus/…:
staff (staff_views)."""

from django.urls import path

from . import mobile_views, payment_views, resident_views, staff_views

app_name = "booking"
ROOT = "ajanvaraus/"
STAFF = "virkailija/ajanvaraus/"
BOOKING = ROOT + "varaukset/<uuid:public_id>/"
STAFF_RESOURCE = STAFF + "<slug:slug>/"
STAFF_BOOKING = STAFF + "varaus/<uuid:booking_id>/"

urlpatterns = [
    # mobile units (mobile_views): before a resource's own "<slug>/" page
    path(ROOT + "liikkuvat/", mobile_views.mobile_units, name="mobile_units"),
    path(ROOT + "liikkuvat/<slug:slug>/", mobile_views.mobile_unit, name="mobile_unit"),
    path(ROOT + "liikkuvat/<slug:slug>/aikataulu.ics", mobile_views.mobile_unit_ics, name="mobile_unit_ics"),
    path(STAFF + "liikkuvat/", mobile_views.staff_mobile_units, name="staff_mobile_units"),
    path(STAFF + "liikkuvat/<slug:slug>/", mobile_views.staff_stops, name="staff_stops"),
    path(STAFF + "liikkuvat/<slug:slug>/pysakit/<uuid:stop_id>/peru/", mobile_views.staff_cancel_stop,
         name="staff_cancel_stop"),
    # residents: finding a time, booking, the booking's page, paying
    path(ROOT, resident_views.find, name="find"),
    path(ROOT + "omat/", resident_views.my_bookings, name="my_bookings"),
    path(BOOKING, resident_views.booking_page, name="booking"),
    path(BOOKING + "kalenteri.ics", resident_views.booking_calendar, name="booking_ics"),
    path(BOOKING + "siirra/", resident_views.move, name="move"),
    path(BOOKING + "peru/", resident_views.cancel, name="cancel"),
    path(BOOKING + "maksa/", payment_views.pay, name="pay"),
    path(ROOT + "maksu/testi/<str:token>/", payment_views.test_pay, name="test_pay"),
    path(ROOT + "maksu/paluu/<slug:provider>/", payment_views.callback, name="payment_callback"),
    # staff
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
    # last: a resource's own page takes any other word under ajanvaraus/
    path(ROOT + "<slug:slug>/", resident_views.resource_page, name="resource"),
]
