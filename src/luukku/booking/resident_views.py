"""The resident's booking pages, all without JavaScript: find a time (by service, place or date, with
the first free times), a resource's week of free times as radio buttons with the booking form on the
same POST, the booking's page (what, when, where, the .ics, move, cancel, pay), and My bookings.

Anyone may look for times; booking takes a signed-in resident (an anonymous "Log in and book" keeps the
chosen time through the login). A booking's page opens only to its person, or to anyone holding the
signed link of a booking made by staff for someone without a person (links.booking_path); others get a
404, as does another municipality's resource. A refusal of the services is shown in the error summary
with every choice kept."""

import datetime as dt
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from luukku.catalogue import hours
from luukku.core import clock
from luukku.core.translation import tr
from luukku.notify.channels import email_address, phone_number
from luukku.people.decorators import identify_url, resident_page
from luukku.people.identity import identity_providers
from luukku.people.selectors import current_person

from . import ics, links, selectors, services
from . import slots as slot_module
from .models import Booking, BookingStatus, Resource

FIRST_FREE = 10  # "first free times" on the search page
SEARCH_DAYS = 14  # how far the search looks from the chosen day
PAST_SHOWN = 50


# --- small helpers ---------------------------------------------------------------------------------

def _check_language(request, lang):
    if lang not in request.municipality.languages:
        raise Http404("language not offered")


def _url(request, lang, name, *args) -> str:
    return reverse(f"booking:{name}", args=[request.municipality.slug, lang, *args])


def _int(value):
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def _date(value) -> dt.date | None:
    """2026-12-14 (a date field) or 14.12.2026 (typed by hand)."""
    value = str(value or "").strip()
    if not value:
        return None
    try:
        if "." in value:
            day, month, year = (int(p) for p in value.strip(".").split("."))
            return dt.date(year, month, day)
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def slot_value(starts_at: dt.datetime) -> str:
    """A slot's start in a form or a link: UTC, to the minute (never ambiguous at the autumn change)."""
    return starts_at.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%MZ")


def _slot_time(value) -> dt.datetime | None:
    try:
        parsed = dt.datetime.fromisoformat(str(value or "").strip())
    except ValueError:
        return None
    if parsed.tzinfo is None or not 2000 <= parsed.year <= 2200:  # a year 9999 would overflow in local time
        return None
    return parsed


def _local_day(value: dt.datetime) -> dt.date:
    return value.astimezone(clock.HELSINKI).date()


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _week_of(params, fallback: dt.date, resource) -> dt.date:
    """The Monday of ?viikko=2026-W51 or ?alkaen=2026-12-14, else of `fallback`; kept between a year
    back and the resource's horizon (a typed year 9999 must not overflow the next week's link)."""
    monday = None
    week = str(params.get("viikko") or "").strip()
    if week:
        try:
            year, number = week.upper().split("-W")
            monday = dt.date.fromisocalendar(int(year), int(number), 1)
        except (ValueError, TypeError):
            pass
    monday = monday or _monday(_date(params.get("alkaen")) or fallback)
    earliest = _monday(clock.today() - dt.timedelta(days=366))
    return min(max(monday, earliest), _monday(slot_module.bookable_until(resource)))


def slot_label(slot, resource, language=None) -> str:
    """"Mon 14.12. 9.30–10.00, 3 places left" (the places when more than one can book the slot)."""
    day = _local_day(slot.starts_at)
    text = f"{hours.weekday_abbr(day)} {hours.format_date(day)} {hours.format_interval(slot.starts_at, slot.ends_at, language)}"
    if resource.capacity > 1:
        from django.utils.translation import ngettext

        text += ", " + ngettext("%(n)s place left", "%(n)s places left", slot.free) % {"n": slot.free}
    return text


def _picker(resource, monday: dt.date, *, seats: int, chosen: dt.datetime | None, exclude=None) -> list[dict]:
    """The week's days, each with its free slots as choices (the chosen one kept even if it is gone)."""
    sunday = monday + dt.timedelta(days=6)
    free = selectors.free_slots([resource], monday, sunday, seats=seats)
    days = []
    for offset in range(7):
        day = monday + dt.timedelta(days=offset)
        choices = [{"value": slot_value(s.starts_at), "label": slot_label(s, resource),
                    "checked": chosen == s.starts_at}
                   for s in free if _local_day(s.starts_at) == day and s.starts_at != exclude]
        if chosen is not None and _local_day(chosen) == day and not any(c["checked"] for c in choices):
            ends = chosen + dt.timedelta(minutes=resource.slot_minutes)
            label = (f"{hours.weekday_abbr(day)} {hours.format_date(day)} {hours.format_interval(chosen, ends)}, "
                     + _("not available"))
            choices.append({"value": slot_value(chosen), "label": label, "checked": True, "gone": True})
            choices.sort(key=lambda c: c["value"])
        days.append({"date": day, "name": f"{hours.weekday_name(day)} {hours.format_date(day)}",
                     "choices": choices})
    return days


def _week_links(request, resource, monday: dt.date, base_url: str, extra: dict | None = None) -> dict:
    """Previous / next week (none before this week, none past the horizon)."""
    today = clock.today()
    extra = extra or {}

    def link(day):
        return f"{base_url}?{urlencode({**extra, 'alkaen': day.isoformat()})}#slots"

    return {"previous": link(monday - dt.timedelta(days=7)) if monday > _monday(today) else "",
            "next": link(monday + dt.timedelta(days=7))
            if monday + dt.timedelta(days=7) <= slot_module.bookable_until(resource) else "",
            "monday": monday, "sunday": monday + dt.timedelta(days=6)}


def _errors(exc: ValidationError) -> list[tuple[str, str]]:
    """(anchor, message) of a service's refusal: a field's message links to the field."""
    if hasattr(exc, "error_dict"):
        return [(field, message) for field, errors in exc.message_dict.items() for message in errors]
    return [("slots", message) for message in exc.messages]


def _login_redirect(request, lang, next_url: str):
    if identity_providers["oidc"].configured():
        url = identify_url(request)
    else:
        url = identity_providers["local"].login_url(request.municipality.slug, lang)
    return redirect(f"{url}?{urlencode({'next': next_url})}")


def payment_deadline(booking) -> dt.datetime:
    return booking.created_at + dt.timedelta(minutes=getattr(settings, "LUUKKU_BOOKING_PAYMENT_MINUTES", 30))


def change_deadline(booking) -> dt.datetime:
    return booking.starts_at - dt.timedelta(minutes=booking.resource.cancel_minutes)


def _resource(request, slug) -> Resource:
    resource = (Resource.all_objects.filter(municipality=request.municipality, slug=slug, is_active=True)
                .select_related("unit", "service").first())
    if resource is None:
        raise Http404("no such bookable resource here")
    return resource


# --- finding a time --------------------------------------------------------------------------------

@never_cache
@require_safe
def find(request, municipality, lang):
    """Resources grouped by their service, the search by service, place and date, the first free times."""
    _check_language(request, lang)
    resources = list(selectors.bookable_resources(request.municipality))
    services_ = {r.service.slug: r.service for r in resources if r.service is not None}
    units = {r.unit.slug: r.unit for r in resources}
    service_slug, unit_slug = request.GET.get("palvelu", ""), request.GET.get("paikka", "")
    typed_day = request.GET.get("pvm", "").strip()[:20]
    errors, day = [], _date(typed_day)
    if day is not None and not dt.date(2000, 1, 1) <= day <= clock.today() + dt.timedelta(days=3 * 366):
        day = None
    if typed_day and day is None:
        errors.append(("pvm", _("Give the date as day.month.year, for example 14.12.2026.")))
    chosen = [r for r in resources if (not service_slug or (r.service and r.service.slug == service_slug))
              and (not unit_slug or r.unit.slug == unit_slug)]
    searched = bool(service_slug or unit_slug or typed_day)
    start = max(day or clock.today(), clock.today())
    first = []
    if searched and chosen and not errors:
        by_id = {r.pk: r for r in chosen}
        for slot in selectors.free_slots(chosen, start, start + dt.timedelta(days=SEARCH_DAYS - 1), limit=FIRST_FREE):
            resource = by_id[slot.resource_id]
            first.append({"slot": slot, "resource": resource, "label": slot_label(slot, resource),
                          "url": _url(request, lang, "resource", resource.slug) + "?" + urlencode(
                              {"alkaen": _local_day(slot.starts_at).isoformat(), "aika": slot_value(slot.starts_at)})
                          + "#slots"})
    groups: dict = {}
    for resource in chosen:
        key = resource.service.slug if resource.service else ""
        groups.setdefault(key, {"service": resource.service, "resources": []})["resources"].append(resource)
    ordered = sorted(groups.values(), key=lambda g: (g["service"] is None, tr(g["service"].name) if g["service"] else ""))
    return render(request, "booking/resident/find.html", {
        "groups": ordered, "services": sorted(services_.values(), key=lambda s: tr(s.name)),
        "units": sorted(units.values(), key=lambda u: tr(u.name)), "service_slug": service_slug,
        "unit_slug": unit_slug, "typed_day": typed_day, "errors": errors, "searched": searched, "first": first,
        "start": start, "search_days": SEARCH_DAYS}, status=400 if errors else 200)


# --- booking a time --------------------------------------------------------------------------------

@never_cache
@require_http_methods(["GET", "POST"])
def resource_page(request, municipality, lang, slug):
    """The week's free times and the booking form, one POST. Without a login the form offers "Log in
    and book", which comes back here with the chosen time."""
    _check_language(request, lang)
    resource = _resource(request, slug)
    signed_in = request.user.is_authenticated
    person = current_person(request) if signed_in else None
    data = request.POST if request.method == "POST" else request.GET
    chosen = _slot_time(data.get("aika"))
    errors: list[tuple[str, str]] = []
    party_names = [str(n).strip()[:200] for n in data.getlist("party_name")][: max(resource.party_max - 1, 0)]
    if request.method == "POST":
        if not signed_in:
            keep = {"aika": data.get("aika", "")[:40]} if chosen else {}
            if chosen:
                keep["alkaen"] = _local_day(chosen).isoformat()
            return _login_redirect(request, lang, request.path + ("?" + urlencode(keep) if keep else ""))
        if person is None:
            return render(request, "people/no_person.html", {"identify_url": identify_url(request)}, status=403)
        party_size = _int(data.get("party_size")) if resource.party_max > 1 else 1
        phone, email = data.get("phone", "").strip()[:40], data.get("email", "").strip()[:254]
        if chosen is None:
            errors.append(("slots", _("Choose a time.")))
        if party_size is None:
            errors.append(("party_size", _("Give the number of people as a number.")))
        if phone and phone_number(phone) is None:
            errors.append(("phone", _("Give the phone number in the form 040 123 4567 or +358 40 123 4567.")))
        if email and email_address(email) is None:
            errors.append(("email", _("Give the email address in the form name@example.fi.")))
        if not errors:
            try:
                booking = services.book(resource, chosen, person=person, party_size=party_size,
                                        party_names=party_names, phone=phone, email=email, language=lang,
                                        message=data.get("message", ""))
            except ValidationError as exc:
                errors = _errors(exc)
            else:
                if booking.status == BookingStatus.AWAITING_PAYMENT:
                    messages.success(request, _("The time is held for you. Pay for it to confirm the booking."))
                else:
                    messages.success(request, _("The booking is confirmed. We have sent you a confirmation."))
                return redirect(_url(request, lang, "booking", booking.public_id))
    start = _local_day(chosen) if chosen else _local_day(slot_module.bookable_from(resource))
    monday = _week_of({} if chosen else data, start, resource)
    form = {"party_size": data.get("party_size", "1"), "message": data.get("message", ""),
            "party_names": party_names + [""] * (max(resource.party_max - 1, 0) - len(party_names)),
            "phone": data.get("phone", "") if request.method == "POST" else (person.phone if person else ""),
            "email": data.get("email", "") if request.method == "POST" else (person.email if person else "")}
    base = _url(request, lang, "resource", resource.slug)
    return render(request, "booking/resident/resource.html", {
        "resource": resource, "days": _picker(resource, monday, seats=1, chosen=chosen),
        "week": _week_links(request, resource, monday, base), "errors": errors, "form": form,
        "error_fields": {anchor for anchor, _message in errors},
        "signed_in": signed_in, "person": person, "party_range": range(1, resource.party_max + 1),
        "payment_minutes": getattr(settings, "LUUKKU_BOOKING_PAYMENT_MINUTES", 30)},
        status=400 if errors else 200)


# --- the booking's own pages -----------------------------------------------------------------------

def booking_view(view):
    """Resolve the booking of the URL for its person (signed in) or the holder of its signed link."""

    @never_cache
    @wraps(view)
    def wrapper(request, municipality, lang, public_id):
        _check_language(request, lang)
        booking = (Booking.all_objects.filter(municipality=request.municipality, public_id=public_id)
                   .select_related("resource", "resource__unit", "resource__municipality").first())
        if booking is None:
            raise Http404("no such booking")
        request.person, request.booking_token = None, ""
        if booking.person_id is None:
            token = str(request.GET.get("t") or request.POST.get("t") or "")
            try:
                valid = signing.loads(token, salt=links.LINK_SALT) == str(booking.public_id)
            except signing.BadSignature:
                valid = False
            if not valid:
                raise Http404("no such booking")
            request.booking_token = token
        else:
            if not request.user.is_authenticated:
                return _login_redirect(request, lang, request.get_full_path())
            person = current_person(request)
            if person is None or person.pk != booking.person_id:
                raise Http404("no such booking")
            request.person = person
        return view(request, municipality, lang, booking)

    return wrapper


def _booking_url(request, lang, name, booking, **params) -> str:
    if request.booking_token:
        params["t"] = request.booking_token
    url = _url(request, lang, name, booking.public_id)
    return url + ("?" + urlencode(params) if params else "")


def _booking_context(request, lang, booking) -> dict:
    now = clock.now()
    active = booking.status in selectors.ACTIVE and booking.ends_at > now
    deadline = change_deadline(booking)
    return {"booking": booking, "resource": booking.resource, "unit": booking.resource.unit,
            "active": active, "changeable": active and now <= deadline, "deadline": deadline,
            "awaiting_payment": booking.status == BookingStatus.AWAITING_PAYMENT,
            "payment_deadline": payment_deadline(booking), "token": request.booking_token,
            "urls": {name: _booking_url(request, lang, name, booking)
                     for name in ("booking", "booking_ics", "move", "cancel", "pay")}}


@booking_view
@require_safe
def booking_page(request, municipality, lang, booking):
    return render(request, "booking/resident/booking.html", _booking_context(request, lang, booking))


@booking_view
@require_safe
def booking_calendar(request, municipality, lang, booking):
    response = HttpResponse(ics.booking_ics(booking, lang), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{booking.reference}.ics"'
    return response


@booking_view
@require_http_methods(["GET", "POST"])
def move(request, municipality, lang, booking):
    """The same week picker, posting to services.reschedule; a refusal keeps the chosen time."""
    context = _booking_context(request, lang, booking)
    data = request.POST if request.method == "POST" else request.GET
    chosen = _slot_time(data.get("aika"))
    errors: list[tuple[str, str]] = []
    if request.method == "POST":
        if chosen is None:
            errors.append(("slots", _("Choose a new time.")))
        else:
            try:
                services.reschedule(booking, chosen, by_person=request.person)
            except ValidationError as exc:
                errors = _errors(exc)
            else:
                messages.success(request, _("The booking has a new time. We have sent you a confirmation."))
                return redirect(context["urls"]["booking"])
    resource = booking.resource
    start = _local_day(chosen) if chosen else max(_local_day(slot_module.bookable_from(resource)),
                                                  _local_day(booking.starts_at))
    monday = _week_of({} if chosen else data, start, resource)
    extra = {"t": request.booking_token} if request.booking_token else {}
    seats = booking.party_size if resource.counts_people else 1
    context.update({"days": _picker(resource, monday, seats=seats, chosen=chosen, exclude=booking.starts_at),
                    "week": _week_links(request, resource, monday, _url(request, lang, "move", booking.public_id), extra),
                    "errors": errors})
    return render(request, "booking/resident/move.html", context, status=400 if errors else 200)


@booking_view
@require_http_methods(["GET", "POST"])
def cancel(request, municipality, lang, booking):
    """A confirmation step, then services.cancel."""
    context = _booking_context(request, lang, booking)
    errors = []
    if request.method == "POST":
        try:
            services.cancel(booking, by_person=request.person)
        except ValidationError as exc:
            errors = _errors(exc)
        else:
            messages.success(request, _("The booking is cancelled. The time is free for others."))
            return redirect(context["urls"]["booking"])
    context["errors"] = errors
    return render(request, "booking/resident/cancel.html", context, status=400 if errors else 200)


@resident_page
@require_safe
def my_bookings(request, municipality, lang):
    return render(request, "booking/resident/my_bookings.html", {
        "upcoming": list(selectors.bookings_of(request.person)),
        "past": list(selectors.bookings_of(request.person, upcoming=False)[:PAST_SHOWN])})
