"""Booking: bookable resources of a unit (an appointment, a space, a mobile unit's stops), their opening
rules, and residents' bookings. A booking holds its seats of a slot as SlotClaim rows; the database
refuses a seat beyond the slot's capacity and a seat twice, so no slot is overbooked even when requests
arrive at once."""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from luukku.catalogue.models import HoursKind
from luukku.core import clock
from luukku.core.models import AppendOnly
from luukku.core.tenancy import MunicipalityScoped
from luukku.core.translation import TranslatedTextField, tr


class ResourceKind(models.TextChoices):
    APPOINTMENT = "appointment", _("appointment")
    SPACE = "space", _("space")
    MOBILE_UNIT = "mobile_unit", _("mobile unit")


class Resource(MunicipalityScoped):
    """Something residents book by the slot. An appointment or a space opens by its hours (regular and
    exceptional rows, Finnish public holidays closed, as a service location's); a mobile unit by its
    stops (a place and a time window each)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(_("URL name"), max_length=80)
    unit = models.ForeignKey("core.Unit", on_delete=models.RESTRICT, related_name="+", verbose_name=_("unit"))
    service = models.ForeignKey("catalogue.Service", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+", verbose_name=_("service"))
    kind = models.CharField(_("kind"), max_length=16, choices=ResourceKind.choices, default=ResourceKind.APPOINTMENT)
    name = TranslatedTextField(_("name"), required_languages=("fi",), blank=False)
    description = TranslatedTextField(_("description"), multiline=True)
    place = models.CharField(_("place (address)"), max_length=200, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    slot_minutes = models.PositiveSmallIntegerField(_("length of a slot (minutes)"), default=30)
    buffer_minutes = models.PositiveSmallIntegerField(_("buffer between slots (minutes)"), default=0)
    capacity = models.PositiveSmallIntegerField(_("bookings per slot"), default=1)
    counts_people = models.BooleanField(_("capacity counts people, not bookings"), default=False)
    party_max = models.PositiveSmallIntegerField(_("people in one booking at most"), default=1)
    horizon_days = models.PositiveSmallIntegerField(_("bookable this many days ahead"), default=60)
    notice_minutes = models.PositiveIntegerField(_("booked at least this many minutes before"), default=60)
    cancel_minutes = models.PositiveIntegerField(_("cancelled or moved at least this many minutes before"),
                                                 default=24 * 60)
    price_cents = models.PositiveIntegerField(_("price (cents)"), null=True, blank=True)  # null: free of charge
    is_active = models.BooleanField(_("bookable"), default=True)
    # An outside appointment system behind this resource (booking.adapters); blank: Luukku's own.
    external_system = models.CharField(_("appointment system"), max_length=40, blank=True)
    external_id = models.CharField(_("id in the appointment system"), max_length=200, blank=True)
    # The staff calendar feed's secret (booking.staff_services.new_feed_token): only its SHA-256 is kept,
    # so the link is shown once; a new one replaces it. Blank: no feed.
    feed_token_hash = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["municipality", "unit", "slug"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "slug"], name="booking_resource_unique_slug"),
            models.CheckConstraint(condition=Q(slot_minutes__gte=5), name="booking_slot_at_least_5_min"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="booking_capacity_at_least_1"),
            models.CheckConstraint(condition=Q(party_max__gte=1), name="booking_party_at_least_1"),
        ]
        verbose_name = _("bookable resource")
        verbose_name_plural = _("bookable resources")

    def __str__(self):
        return tr(self.name)


class ResourceHours(MunicipalityScoped):
    """Opening rules of a resource, in the shape of catalogue.ServiceHours (read by catalogue.hours):
    regular rows by weekday, optionally for a period; exceptional rows for a date or range, closed
    (a blackout) or with their own times."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="hours")
    kind = models.CharField(_("kind"), max_length=16, choices=HoursKind.choices, default=HoursKind.STANDARD)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    is_closed = models.BooleanField(_("closed"), default=False)
    is_always_open = models.BooleanField(default=False, editable=False)  # never for bookings
    # [{"day_from": 0-6 (Monday=0), "day_to": 0-6|null, "from": "08:00", "to": "16:00"}]
    opening = models.JSONField(_("times"), default=list, blank=True)
    info = TranslatedTextField(_("additional information"))

    class Meta:
        ordering = ["resource", "kind", "valid_from"]
        verbose_name = _("booking hours")
        verbose_name_plural = _("booking hours")


class Stop(MunicipalityScoped):
    """One stop of a mobile unit: a place and a time window (bookable in slots when the resource is)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="stops")
    place = models.CharField(_("place"), max_length=200)
    address = models.CharField(_("address"), max_length=200, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    starts_at = models.DateTimeField(_("arrives"))
    ends_at = models.DateTimeField(_("leaves"))
    bookable = models.BooleanField(_("bookable"), default=False)
    cancelled = models.BooleanField(_("cancelled"), default=False)

    class Meta:
        ordering = ["resource", "starts_at"]
        indexes = [models.Index(fields=["municipality", "starts_at"], name="booking_stop_time_idx")]
        constraints = [models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="booking_stop_ends_after")]
        verbose_name = _("stop")
        verbose_name_plural = _("stops")

    def __str__(self):
        return self.place


class BookingStatus(models.TextChoices):
    AWAITING_PAYMENT = "awaiting_payment", _("awaiting payment")
    CONFIRMED = "confirmed", _("confirmed")
    CANCELLED = "cancelled", _("cancelled")
    NO_SHOW = "no_show", _("did not come")
    ATTENDED = "attended", _("came")


class PaymentStatus(models.TextChoices):
    NOT_REQUIRED = "not_required", _("free of charge")
    PENDING = "pending", _("not yet paid")
    PAID = "paid", _("paid")
    REFUNDED = "refunded", _("refunded")
    FAILED = "failed", _("payment failed")


class Channel(models.TextChoices):
    WEB = "web", _("online")
    SERVICE_POINT = "service_point", _("at a service point")
    PHONE = "phone", _("by phone")


def new_reference() -> str:
    """A short reference said on the phone: "V-" and six characters without look-alikes."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "V-" + "".join(secrets.choice(alphabet) for _ in range(6))


class Booking(MunicipalityScoped):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(_("reference"), max_length=12, default=new_reference)
    resource = models.ForeignKey(Resource, on_delete=models.RESTRICT, related_name="bookings")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    # The resident it is for (who booked it, or for whom staff did); null for a phone booking of someone
    # without an identified person, who is reached by the contact details below.
    person = models.ForeignKey("people.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    name = models.CharField(_("name"), max_length=200, blank=True)
    party_size = models.PositiveSmallIntegerField(_("people"), default=1)
    party_names = models.JSONField(_("others in the booking"), default=list, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    language = models.CharField(max_length=8, default="fi")
    message = models.TextField(_("message to the staff"), blank=True)
    channel = models.CharField(max_length=16, choices=Channel.choices, default=Channel.WEB)
    booked_by_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                       related_name="+")  # staff who booked it for the resident
    status = models.CharField(_("status"), max_length=20, choices=BookingStatus.choices,
                              default=BookingStatus.CONFIRMED)
    price_cents = models.PositiveIntegerField(null=True, blank=True)
    payment_status = models.CharField(max_length=16, choices=PaymentStatus.choices,
                                      default=PaymentStatus.NOT_REQUIRED)
    payment_reference = models.CharField(max_length=100, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    case = models.ForeignKey("cases.Case", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    external_id = models.CharField(max_length=200, blank=True)  # the outside system's id of this booking
    created_at = models.DateTimeField(default=clock.now)
    updated_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["starts_at"]
        indexes = [
            models.Index(fields=["municipality", "resource", "starts_at"], name="booking_resource_time_idx"),
            models.Index(fields=["municipality", "person", "starts_at"], name="booking_person_idx"),
            models.Index(fields=["status", "reminder_sent_at", "starts_at"], name="booking_reminder_idx"),
        ]
        constraints = [models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="booking_ends_after")]
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")

    def __str__(self):
        return self.reference


class BookingChange(MunicipalityScoped, AppendOnly):
    """A booking's history: each status move and each new time, by whom."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="history")
    at = models.DateTimeField(default=clock.now)
    by_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    by_person = models.ForeignKey("people.Person", on_delete=models.SET_NULL, null=True, related_name="+")
    from_status = models.CharField(max_length=20)
    to_status = models.CharField(max_length=20)
    from_starts_at = models.DateTimeField(null=True, blank=True)  # set when the time moved
    to_starts_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["booking_id", "at", "id"]


class SlotClaim(MunicipalityScoped):
    """One seat of a slot held by a booking. (resource, start, seat) is unique and the seat is within
    the capacity the slot had when it was claimed: the database itself refuses an overbooking."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="+")
    starts_at = models.DateTimeField()
    seat = models.PositiveSmallIntegerField()
    capacity = models.PositiveSmallIntegerField()
    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="claims")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["resource", "starts_at", "seat"], name="booking_one_claim_per_seat"),
            models.CheckConstraint(condition=Q(seat__gte=1) & Q(seat__lte=F("capacity")),
                                   name="booking_seat_within_capacity"),
        ]
        indexes = [models.Index(fields=["municipality", "starts_at", "resource"], name="booking_claim_time_idx")]
