"""Writes of the staff's side of booking, one function per use case, each in a transaction: a
resource and its opening rules (managers), blocking a slot or a day, a new calendar-feed link, and a
case opened from a booking. Booking, moving, cancelling and marking are booking.services' own.

Each refusal is a ValidationError whose message says what to do (by field where there is one); a user
without the right is PermissionDenied (the pages show no such form)."""

import datetime as dt
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from luukku.catalogue import hours as hours_module
from luukku.catalogue.models import HoursKind
from luukku.core import clock
from luukku.core.services import record_event

from . import staff_selectors as access
from .models import Booking, BookingStatus, Resource, ResourceHours

# Words of the staff URLs under virkailija/ajanvaraus/ that a resource's URL name may not take.
RESERVED_SLUGS = {"uusi", "varaus", "kalenteri"}
RESOURCE_FIELDS = ("kind", "name", "service", "place", "slot_minutes", "buffer_minutes", "capacity", "counts_people",
                   "party_max", "horizon_days", "notice_minutes", "cancel_minutes", "price_cents", "is_active")


def _require_manager(by_user, municipality, unit):
    if not access.may_manage(by_user, municipality, unit):
        raise PermissionDenied("the user may not manage this unit's resources")


def _require_handler(by_user, resource):
    if not access.may_handle(by_user, resource):
        raise PermissionDenied("the user may not handle this resource's bookings")


def _free_slug(municipality, name: str) -> str:
    base = (slugify(name)[:70] or "resurssi").strip("-") or "resurssi"
    if base in RESERVED_SLUGS:
        base += "-1"
    slug, n = base, 1
    while Resource.all_objects.filter(municipality=municipality, slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def save_resource(*, by_user, municipality, unit, data: dict, slug: str = "", resource: Resource | None = None):
    """Create a resource of `unit` (resource None) or change one: `data` holds RESOURCE_FIELDS. The
    manager must manage the unit (and, when moving it, the unit it was in)."""
    _require_manager(by_user, municipality, unit)
    if unit.municipality_id != municipality.pk:
        raise ValidationError({"unit": _("Choose a unit of this municipality.")}, code="other_municipality")
    if resource is not None:
        resource = Resource.all_objects.select_for_update().get(pk=resource.pk, municipality=municipality)
        _require_manager(by_user, municipality, resource.unit_id)
    service = data.get("service")
    if service is not None and service.municipality_id != municipality.pk:
        raise ValidationError({"service": _("Choose a service of this municipality.")}, code="other_municipality")
    slug = (slug or "").strip()
    if slug:
        if slug in RESERVED_SLUGS:
            raise ValidationError({"slug": _("“%(slug)s” is a word of the booking pages’ addresses. Choose another "
                                             "URL name.") % {"slug": slug}}, code="reserved")
        taken = Resource.all_objects.filter(municipality=municipality, slug=slug)
        if resource is not None:
            taken = taken.exclude(pk=resource.pk)
        if taken.exists():
            raise ValidationError({"slug": _("Another resource has this URL name. Choose another.")}, code="taken")
    if resource is None:
        resource = Resource(municipality=municipality, slug=slug or _free_slug(municipality, data["name"].get("fi", "")))
    elif slug:
        resource.slug = slug
    resource.unit = unit
    for name in RESOURCE_FIELDS:
        if name in data:
            setattr(resource, name, data[name])
    created = resource.pk is None
    resource.save()
    record_event(municipality=municipality, kind="booking.resource_created" if created else "booking.resource_changed",
                 obj=resource, actor=by_user, data={"unit": unit.slug})
    return resource


@transaction.atomic
def add_hours(*, by_user, resource, kind: str, opening: list, valid_from=None, valid_to=None, is_closed=False,
              info=None) -> ResourceHours:
    """Add an opening rule: regular hours by weekday (for a period when dated), or an exceptional date
    or range with other times, or closed (a blackout)."""
    _require_manager(by_user, resource.municipality, resource.unit_id)
    if kind not in (HoursKind.STANDARD, HoursKind.EXCEPTION):
        raise ValidationError({"rule": _("Choose the kind of rule.")}, code="kind")
    if kind == HoursKind.EXCEPTION and valid_from is None:
        raise ValidationError({"valid_from": _("Give the date the exception begins.")}, code="required")
    if valid_from and valid_to and valid_to < valid_from:
        raise ValidationError({"valid_to": _("The last day cannot be before the first.")}, code="order")
    row = ResourceHours.all_objects.create(municipality_id=resource.municipality_id, resource=resource, kind=kind,
                                           opening=[] if is_closed else opening, valid_from=valid_from,
                                           valid_to=valid_to, is_closed=is_closed, info=info or {})
    record_event(municipality=resource.municipality, kind="booking.hours_changed", obj=resource, actor=by_user,
                 data={"added": row.pk})
    return row


@transaction.atomic
def remove_hours(*, by_user, resource, row_id) -> None:
    """Remove an opening rule. Bookings already made keep their times (the day view lists them)."""
    _require_manager(by_user, resource.municipality, resource.unit_id)
    deleted, _rows = ResourceHours.all_objects.filter(resource=resource, pk=row_id).delete()
    if not deleted:
        raise ValidationError(_("That rule was already removed."), code="gone")
    record_event(municipality=resource.municipality, kind="booking.hours_changed", obj=resource, actor=by_user,
                 data={"removed": row_id})


def _local(value) -> str:
    return date_format(timezone.localtime(value, clock.HELSINKI), "j.n.Y H:i")


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time()).replace(tzinfo=clock.HELSINKI)


def _hm(value: dt.datetime, day: dt.date) -> str:
    local = value.astimezone(clock.HELSINKI)
    if local.date() > day:  # the window runs to midnight or over it
        return f"{24 * (local.date() - day).days + local.hour:02d}:{local.minute:02d}"
    return f"{local.hour:02d}:{local.minute:02d}"


@transaction.atomic
def block(*, by_user, resource, day: dt.date, starts_at: dt.datetime | None = None, reason: str = "") -> ResourceHours:
    """Close a day (starts_at None) or one slot of it with an exceptional row of the day. Refused while
    valid bookings are there: the message names them, to be cancelled first (the residents are told)."""
    _require_handler(by_user, resource)
    resource = Resource.all_objects.select_for_update().get(pk=resource.pk)
    if _day_start(day + dt.timedelta(days=1)) <= clock.now():
        raise ValidationError(_("That day has passed."), code="past")
    rows = list(resource.hours.all())
    plan = hours_module.day_plan(rows, day)
    if starts_at is None:
        begin, end = _day_start(day), _day_start(day + dt.timedelta(days=1))
    else:
        begin = starts_at
        step = dt.timedelta(minutes=resource.slot_minutes + resource.buffer_minutes)
        window = next(((a, b) for a, b in plan.intervals if a <= starts_at < b), None)
        if window is None or starts_at.astimezone(clock.HELSINKI).date() != day:
            raise ValidationError(_("There is no time at %(time)s to block.") % {"time": _local(starts_at)},
                                  code="no_slot")
        end = min(starts_at + step, window[1])
    there = list(Booking.all_objects.filter(resource=resource, status__in=access.ACTIVE, starts_at__lt=end,
                                            ends_at__gt=begin).order_by("starts_at"))
    if there:
        raise ValidationError(
            _("There are bookings at that time: %(bookings)s. Cancel them first (the residents are told), then "
              "block the time.") % {"bookings": ", ".join(f"{b.reference} ({_local(b.starts_at)})" for b in there)},
            code="booked")
    info = {"fi": reason.strip()[:200]} if reason.strip() else {}
    if starts_at is None:
        row = ResourceHours.all_objects.create(municipality_id=resource.municipality_id, resource=resource,
                                               kind=HoursKind.EXCEPTION, valid_from=day, valid_to=day, is_closed=True,
                                               info=info)
    else:
        own = [r for r in rows if r.kind == HoursKind.EXCEPTION and r.valid_from == day
               and r.valid_to in (None, day)]
        wider = [r for r in rows if r.kind == HoursKind.EXCEPTION and r not in own
                 and hours_module._covers_exception(r, day)]
        if wider:
            raise ValidationError(_("This day follows an exceptional rule of several days. Change that rule in the "
                                    "resource's opening hours to close this time."), code="range")
        # The day's times without the slot (and the buffer after it, so the later slots stay where they are).
        kept = [(a, b) for a, b in plan.intervals if b <= begin or a >= end]
        kept += [(a, begin) for a, b in plan.intervals if a < begin < b]
        kept += [(end, b) for a, b in plan.intervals if a < end < b]
        kept.sort()
        ResourceHours.all_objects.filter(pk__in=[r.pk for r in own]).delete()
        row = ResourceHours.all_objects.create(
            municipality_id=resource.municipality_id, resource=resource, kind=HoursKind.EXCEPTION, valid_from=day,
            valid_to=day, is_closed=not kept, info=info,
            opening=[{"day_from": None, "day_to": None, "from": _hm(a, day), "to": _hm(b, day)} for a, b in kept])
    record_event(municipality=resource.municipality, kind="booking.blocked", obj=resource, actor=by_user,
                 data={"day": day.isoformat(), "at": starts_at.isoformat() if starts_at else None})
    return row


@transaction.atomic
def new_feed_token(*, by_user, resource) -> str:
    """A new secret for the resource's calendar feed: returned once, only its hash kept; the old link
    stops working."""
    _require_handler(by_user, resource)
    token = secrets.token_urlsafe(32)
    Resource.all_objects.filter(pk=resource.pk).update(feed_token_hash=access.token_hash(token))
    resource.feed_token_hash = access.token_hash(token)
    record_event(municipality=resource.municipality, kind="booking.feed_renewed", obj=resource, actor=by_user)
    return token


def case_types_for(resource):
    """The case types a booking of `resource` may open: those of its unit or its service."""
    from django.db.models import Q

    from luukku.cases.selectors import REVIEW_CASE_TYPE
    from luukku.eservices.models import CaseType

    wanted = Q(unit_id=resource.unit_id)
    if resource.service_id:
        wanted |= Q(service_id=resource.service_id)
    return (CaseType.all_objects.filter(wanted, municipality_id=resource.municipality_id)
            .exclude(slug=REVIEW_CASE_TYPE).order_by("slug"))


CASE_CHANNELS = {"service_point": "service_point", "phone": "phone", "web": "service_point"}


@transaction.atomic
def open_case(*, by_user, booking, case_type, notes: str = ""):
    """Open a case for the booking's resident (cases.services.open_for_person) and link it to the booking."""
    from luukku.cases import services as case_services
    from luukku.core.translation import tr

    _require_handler(by_user, booking.resource)
    booking = Booking.all_objects.select_for_update(of=("self",)).select_related("resource", "person").get(pk=booking.pk)
    if booking.person_id is None:
        raise ValidationError(_("A case needs an identified resident. This booking was made for a caller; start "
                                "the case at the front office with the resident."), code="no_person")
    if booking.case_id is not None:
        raise ValidationError(_("This booking already has a case."), code="has_case")
    if booking.status == BookingStatus.CANCELLED:
        raise ValidationError(_("This booking was cancelled."), code="status")
    if not case_types_for(booking.resource).filter(pk=case_type.pk).exists():
        raise ValidationError({"case_type": _("Choose one of the case types listed.")}, code="case_type")
    data = {"booking": booking.reference, "resource": tr(booking.resource.name),
            "booked_time": _local(booking.starts_at)}
    if notes.strip():
        data["notes"] = notes.strip()[:5000]
    case = case_services.open_for_person(by_user=by_user, person=booking.person, case_type=case_type,
                                         channel=CASE_CHANNELS.get(booking.channel, "service_point"), data=data,
                                         origin=f"booking:{booking.public_id}")
    booking.case = case
    booking.updated_at = clock.now()
    booking.save(update_fields=["case", "updated_at"])
    record_event(municipality=booking.resource.municipality, kind="booking.case_opened", obj=booking, actor=by_user,
                 data={"case": case.reference})
    return case
