"""Mobile units' pages. Public, without signing in: /<m>/<lang>/ajanvaraus/liikkuvat/ (the units with
their next stops, and the stops near an address), …/liikkuvat/<slug>/ (a unit's timetable for eight
weeks) and …/liikkuvat/<slug>/aikataulu.ics (the same as iCalendar). Staff:
…/virkailija/ajanvaraus/liikkuvat/ (the units of their units) and …/<slug>/ (add and cancel stops).

The address search works without JavaScript: a GET form; an address the register has several of lists
them as links to choose from; an unknown one says so and keeps what was typed."""

import datetime as dt

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from icalendar import Event

from luukku.core import clock
from luukku.core import selectors as core_selectors
from luukku.core.decorators import staff_page
from luukku.core.models import AddressPoint, Role
from luukku.core.translation import tr
from luukku.web.staff import nav
from luukku.web.staff.pages import add_service_errors, page_url, summary

from . import ics, mobile, stops
from .models import Stop

STAFF_ROLES = (Role.MANAGER, Role.CASE_HANDLER)
gate = staff_page(STAFF_ROLES)
nav.register("booking-mobile", gettext_lazy("Mobile units"), "booking:staff_mobile_units", gate.may, order=62)


def _check_language(request, lang):
    if lang not in request.municipality.languages:
        raise Http404("language not offered")


def _unit_or_404(request, slug):
    resource = mobile.unit_by_slug(request.municipality, slug)
    if resource is None:
        raise Http404("no such mobile unit")
    return resource


def booking_url(request, lang, stop) -> str:
    """The resident's booking page of the stop's unit on the stop's day (resident pages: bk-resident)."""
    from .urls import ROOT

    day = stop.starts_at.astimezone(clock.HELSINKI).date().isoformat()
    return f"/{request.municipality.slug}/{lang}/{ROOT}{stop.resource.slug}/?paiva={day}"


def _rows(request, lang, found, now):
    """What the templates show of a stop: the stop, its day in Helsinki time, its booking link."""
    rows = []
    for item in found:
        stop, distance = item if isinstance(item, tuple) else (item, None)
        rows.append({"stop": stop, "day": stop.starts_at.astimezone(clock.HELSINKI).date(), "distance": distance,
                     "book": booking_url(request, lang, stop) if mobile.is_bookable(stop, now) else ""})
    return rows


def _km(value) -> int:
    try:
        km = int(value)
    except (TypeError, ValueError):
        return mobile.DEFAULT_KM
    return km if km in mobile.DISTANCES_KM else mobile.DEFAULT_KM


def _point(request, raw_id):
    try:
        pk = int(raw_id)
    except (TypeError, ValueError):
        return None
    return AddressPoint.all_objects.filter(municipality=request.municipality, pk=pk).first()


@require_safe
def mobile_units(request, municipality, lang):
    _check_language(request, lang)
    now = clock.now()
    units = list(mobile.units(request.municipality))
    upcoming = mobile.next_stops(units, now=now)
    typed = request.GET.get("osoite", "").strip()[:200]
    km = _km(request.GET.get("etaisyys"))
    point, choices, more, error = None, [], False, ""
    if request.GET.get("piste"):
        point = _point(request, request.GET["piste"])
        if point is None:
            error = _("Choose the address again: that one is no longer in the register.")
    elif typed:
        found = core_selectors.addresses_matching(request.municipality, typed)
        if len(found) == 1:
            point = found[0]
        elif found:
            choices, more = found[:core_selectors.ADDRESS_CHOICES_MAX], len(found) > core_selectors.ADDRESS_CHOICES_MAX
        else:
            error = _("We did not find the address “%(address)s” in %(municipality)s. Check the spelling and "
                      "write the street and the house number, e.g. Koulukatu 8.") % {
                "address": typed, "municipality": tr(request.municipality.name)}
    elif "osoite" in request.GET:
        error = _("Write a street address, e.g. Koulukatu 8.")
    near = None
    if point is not None:
        typed = typed or point.label(lang)
        near = _rows(request, lang, mobile.stops_near(request.municipality, point.latitude, point.longitude, km,
                                                      now=now), now)
    return render(request, "booking/mobile/units.html", {
        "units": [{"resource": r, "stops": _rows(request, lang, upcoming.get(r.pk, []), now)} for r in units],
        "typed": typed, "km": km, "distances": mobile.DISTANCES_KM, "point": point,
        "point_label": point.label(lang) if point else "", "choices": choices, "more": more, "error": error,
        "near": near, "searched": bool(typed or error)}, status=200)


@require_safe
def mobile_unit(request, municipality, lang, slug):
    _check_language(request, lang)
    resource = _unit_or_404(request, slug)
    now = clock.now()
    rows = _rows(request, lang, mobile.timetable(resource, now=now), now)
    return render(request, "booking/mobile/unit.html", {
        "resource": resource, "rows": rows, "weeks": mobile.WEEKS,
        "any_bookable": any(r["book"] for r in rows)})


@require_safe
def mobile_unit_ics(request, municipality, lang, slug):
    """The timetable for calendar apps: one event per stop, a cancelled one marked CANCELLED."""
    _check_language(request, lang)
    resource = _unit_or_404(request, slug)
    name = tr(resource.name, lang)
    calendar = ics._calendar(name)
    stamp = clock.now().astimezone(dt.timezone.utc)
    for stop in mobile.timetable(resource):
        event = Event()
        event.add("uid", f"{stop.public_id}@luukku")
        event.add("dtstamp", stamp)
        event.add("dtstart", stop.starts_at.astimezone(dt.timezone.utc))
        event.add("dtend", stop.ends_at.astimezone(dt.timezone.utc))
        event.add("summary", f"{name}: {stop.place}")
        event.add("location", ", ".join(p for p in (stop.place, stop.address) if p))
        if stop.latitude is not None and stop.longitude is not None:
            event.add("geo", (stop.latitude, stop.longitude))
        event.add("status", "CANCELLED" if stop.cancelled else "CONFIRMED")
        calendar.add_component(event)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{resource.slug}.ics"'
    return response


# --- staff: a unit's mobile unit's stops ------------------------------------------------------------

class StopForm(forms.Form):
    place = forms.CharField(label=gettext_lazy("Place"), max_length=200, required=False)
    address = forms.CharField(label=gettext_lazy("Street address"), max_length=200, required=False,
                              help_text=gettext_lazy("Residents find the stop by this address when the register "
                                                     "has it, e.g. Koulukatu 8."))
    day = forms.DateField(label=gettext_lazy("Day"), error_messages={
        "required": gettext_lazy("Give the day, e.g. 14.12.2026."),
        "invalid": gettext_lazy("Give the day as a date, e.g. 14.12.2026.")},
        input_formats=["%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y"])
    starts = forms.TimeField(label=gettext_lazy("Arrives"), input_formats=["%H:%M", "%H.%M"], error_messages={
        "required": gettext_lazy("Give the time the unit arrives, e.g. 9:30."),
        "invalid": gettext_lazy("Give the time as hours and minutes, e.g. 9:30.")})
    ends = forms.TimeField(label=gettext_lazy("Leaves"), input_formats=["%H:%M", "%H.%M"], error_messages={
        "required": gettext_lazy("Give the time the unit leaves, e.g. 11:00."),
        "invalid": gettext_lazy("Give the time as hours and minutes, e.g. 11:00.")})
    bookable = forms.BooleanField(label=gettext_lazy("Residents book times at this stop"), required=False)


class CancelStopForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Why is the stop cancelled?"), max_length=1000, required=False)


def _staff_units(request):
    """The mobile units of the units where the user is a manager or a case handler."""
    units = core_selectors.units_for(request.user, request.municipality, STAFF_ROLES)
    qs = mobile.units(request.municipality)
    return qs if units is None else qs.filter(unit__in=units)


def _staff_unit_or_404(request, slug):
    resource = _staff_units(request).filter(slug=slug).first()
    if resource is None:
        raise Http404("no such mobile unit of yours")
    return resource


@gate
@require_safe
def staff_mobile_units(request, municipality, lang):
    return render(request, "booking/mobile/staff_units.html", {"units": list(_staff_units(request))})


def _local(day, time):
    return dt.datetime.combine(day, time).replace(tzinfo=clock.HELSINKI)


def _render_stops(request, resource, *, form=None, cancel_form=None, cancel_stop=None, status=200):
    timetable = mobile.timetable(resource)
    counts = mobile.booking_counts(timetable)
    form = form or StopForm()
    errors = summary("stop", form) if form.is_bound else []
    if cancel_form is not None and cancel_form.errors:
        errors += [(str(e), f"#cancel-{cancel_stop.public_id}-reason") for e in cancel_form.errors.get("reason", [])]
        errors += [(str(e), f"#cancel-{cancel_stop.public_id}") for e in cancel_form.non_field_errors()]
    return render(request, "booking/mobile/staff_stops.html", {
        "resource": resource, "form": form, "errors": errors,
        "rows": [{"stop": s, "day": s.starts_at.astimezone(clock.HELSINKI).date(), "bookings": counts.get(s.pk, 0),
                  "cancel_form": cancel_form if cancel_stop is not None and cancel_stop.pk == s.pk else None}
                 for s in timetable]}, status=status)


@gate
@require_http_methods(["GET", "POST"])
def staff_stops(request, municipality, lang, slug):
    resource = _staff_unit_or_404(request, slug)
    if request.method == "GET":
        return _render_stops(request, resource)
    form = StopForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            stop = stops.add_stop(resource, place=data["place"], address=data["address"],
                                  starts_at=_local(data["day"], data["starts"]),
                                  ends_at=_local(data["day"], data["ends"]), bookable=data["bookable"],
                                  by_user=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            text = _("The stop was added.")
            if stop.address and stop.latitude is None:
                text += " " + _("The address is not in the register, so the stop is not found by an address search.")
            messages.success(request, text)
            return redirect(page_url(request, lang, "booking:staff_stops", slug=slug))
    return _render_stops(request, resource, form=form, status=400)


@gate
@require_POST
def staff_cancel_stop(request, municipality, lang, slug, stop_id):
    resource = _staff_unit_or_404(request, slug)
    stop = Stop.all_objects.filter(resource=resource, public_id=stop_id).first()
    if stop is None:
        raise Http404("no such stop")
    form = CancelStopForm(request.POST)
    if form.is_valid():
        try:
            n = stops.cancel_stop(stop, reason=form.cleaned_data["reason"], by_user=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            text = _("The stop was cancelled.")
            if n:
                text += " " + ngettext("%(n)s booking was cancelled and the resident was told.",
                                       "%(n)s bookings were cancelled and the residents were told.", n) % {"n": n}
            messages.success(request, text)
            return redirect(page_url(request, lang, "booking:staff_stops", slug=slug))
    return _render_stops(request, resource, cancel_form=form, cancel_stop=stop, status=400)
