"""/<municipality>/<lang>/virkailija/ajanvaraus/…: the staff's side of booking.

Service-point agents, case handlers and managers of a resource's unit see its days and weeks, book for
a resident (at the service point, from the front office's resident card) or for a caller, mark
whether the resident came, cancel with a reason, move, block a time, open a case and take a calendar
feed; managers also create and edit resources and their opening rules. A resource of a unit the user
does not work for is a 404 (as another municipality's); an action the role does not have is a 403.
Every page showing a booking's personal data writes its audit trace first (staff_selectors)."""

import datetime as dt
import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from luukku.catalogue.selectors import published_services
from luukku.cases import access as case_access
from luukku.core import clock
from luukku.core import selectors as core_selectors
from luukku.core.decorators import staff_page
from luukku.core.models import Role
from luukku.core.translation import tr
from luukku.frontoffice import selectors as front
from luukku.web.staff import nav
from luukku.web.staff.pages import add_service_errors, summary

from . import ics, selectors, services, staff_services
from . import staff_selectors as access
from .forms import WEEKDAY_CHOICES
from .forms import (BlockForm, BookForm, CancelForm, CaseForm, HoursForm, MarkForm, MoveForm, ResourceForm,
                    day_param, parse_start)
from .models import BookingStatus, Channel, ResourceHours

gate = staff_page(access.HANDLE_ROLES)
nav.register("booking", gettext_lazy("Bookings"), "booking:staff_resources", gate.may, order=45)
PICKER_DAYS = 7
WEEKDAY_NAMES = [(int(n), name) for n, name in WEEKDAY_CHOICES]


def _url(request, name, *args, query=None) -> str:
    url = reverse(f"booking:{name}", args=[request.municipality.slug, request.LANGUAGE_CODE, *args])
    if query:
        from urllib.parse import urlencode

        url += "?" + urlencode(query)
    return url


def _local(value) -> str:
    return date_format(timezone.localtime(value, clock.HELSINKI), "j.n.Y H:i")


def _person_param(request):
    """The resident being served at the front office (?henkilo=<public id>), audited; None without one.
    Only those who serve residents may book for an identified person here."""
    value = request.GET.get("henkilo", "")
    if not value:
        return None
    if not case_access.may_serve_residents(request.user, request.municipality):
        raise PermissionDenied
    try:
        person_id = uuid.UUID(value)
    except ValueError:
        raise Http404("no such person") from None
    person = front.person_of(request.municipality, person_id)
    front.audit_read(municipality=request.municipality, user=request.user, person=person,
                     purpose="front office: booking a time")
    return person


# --- resources -----------------------------------------------------------------------------------

@gate
@require_safe
def resources(request, municipality, lang):
    person = _person_param(request)
    rows = list(access.resources_of(request.user, request.municipality))
    if person is not None:
        rows = [r for r in rows if r.is_active]
    units = {}
    for resource in rows:
        units.setdefault(resource.unit, []).append(resource)
    return render(request, "booking/staff/resources.html", {
        "units": list(units.items()), "person": person, "today": clock.today(),
        "may_create": access.may_manage(request.user, request.municipality),
        "managed": {u.pk for u in access.managed_units(request.user, request.municipality)},
    })


def _resource_form(request, resource, data=None):
    units = access.managed_units(request.user, request.municipality)
    services_ = sorted(published_services(), key=lambda s: tr(s.name, request.LANGUAGE_CODE).casefold())
    if resource is not None and resource.service_id and resource.service not in services_:
        services_.append(resource.service)
    return ResourceForm(data, units=units, services=services_, language=request.LANGUAGE_CODE,
                        initial=ResourceForm.initial_of(resource))


def _edit_page(request, resource, *, form=None, hours_form=None, status=200):
    form = form or _resource_form(request, resource)
    hours_form = hours_form or HoursForm(initial={"rule": "weekly", "day_from": "0", "day_to": "4"})
    errors = summary("resource", form) + summary("hours", hours_form) if status != 200 else []
    rows = list(ResourceHours.all_objects.filter(resource=resource).order_by("kind", "valid_from", "pk")) \
        if resource else []
    return render(request, "booking/staff/resource_form.html", {
        "resource": resource, "weekdays": WEEKDAY_NAMES, "form": form, "hours_form": hours_form, "errors": errors, "hours_rows": rows,
    }, status=status)


@gate
@require_http_methods(["GET", "POST"])
def new_resource(request, municipality, lang):
    if not access.may_manage(request.user, request.municipality):
        raise PermissionDenied
    return _save_resource(request, None)


@gate
@require_http_methods(["GET", "POST"])
def edit_resource(request, municipality, lang, slug):
    resource = access.resource_for(request.user, request.municipality, slug)
    if not access.may_manage(request.user, request.municipality, resource.unit):
        raise PermissionDenied
    return _save_resource(request, resource)


def _save_resource(request, resource):
    if request.method != "POST":
        return _edit_page(request, resource)
    form = _resource_form(request, resource, request.POST)
    if form.is_valid():
        try:
            saved = staff_services.save_resource(by_user=request.user, municipality=request.municipality,
                                                 unit=form.chosen_unit(), data=form.values(), resource=resource,
                                                 slug=form.cleaned_data.get("slug", ""))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The resource was saved."))
            return redirect(_url(request, "staff_edit_resource", saved.slug))
    return _edit_page(request, resource, form=form, status=400)


@gate
@require_POST
def add_hours(request, municipality, lang, slug):
    resource = access.resource_for(request.user, request.municipality, slug)
    if not access.may_manage(request.user, request.municipality, resource.unit):
        raise PermissionDenied
    form = HoursForm(request.POST)
    if form.is_valid():
        try:
            staff_services.add_hours(by_user=request.user, resource=resource, **form.values())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The opening rule was added."))
            return redirect(_url(request, "staff_edit_resource", slug) + "#hours")
    return _edit_page(request, resource, hours_form=form, status=400)


@gate
@require_POST
def remove_hours(request, municipality, lang, slug, row_id):
    resource = access.resource_for(request.user, request.municipality, slug)
    if not access.may_manage(request.user, request.municipality, resource.unit):
        raise PermissionDenied
    try:
        staff_services.remove_hours(by_user=request.user, resource=resource, row_id=row_id)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("The opening rule was removed."))
    return redirect(_url(request, "staff_edit_resource", slug) + "#hours")


# --- the day and the week ------------------------------------------------------------------------

def _day_page(request, resource, day, *, block_form=None, status=200):
    view = access.days(resource, day, day)[0]
    access.audit_bookings(request.user, resource, view.bookings, action="booking.list")
    errors = summary("block", block_form) if block_form is not None else []
    return render(request, "booking/staff/day.html", {
        "resource": resource, "day": day, "view": view, "now": clock.now(), "errors": errors,
        "prev": day - dt.timedelta(days=1), "next": day + dt.timedelta(days=1), "week": access.week_of(day)[0],
        "may_manage": access.may_manage(request.user, request.municipality, resource.unit),
        "past": day < clock.today(),
    }, status=status)


@gate
@require_safe
def day_view(request, municipality, lang, slug):
    resource = access.resource_for(request.user, request.municipality, slug)
    return _day_page(request, resource, day_param(request.GET.get("paiva")))


@gate
@require_safe
def week_view(request, municipality, lang, slug):
    resource = access.resource_for(request.user, request.municipality, slug)
    monday, sunday = access.week_of(day_param(request.GET.get("paiva")))
    week = access.days(resource, monday, sunday)
    access.audit_bookings(request.user, resource, [b for d in week for b in d.bookings], action="booking.list")
    return render(request, "booking/staff/week.html", {
        "resource": resource, "week": week, "monday": monday, "sunday": sunday,
        "prev": monday - dt.timedelta(days=7), "next": monday + dt.timedelta(days=7),
    })


@gate
@require_POST
def block(request, municipality, lang, slug):
    resource = access.resource_for(request.user, request.municipality, slug)
    form = BlockForm(request.POST)
    day = day_param(request.POST.get("day"))
    if form.is_valid():
        try:
            staff_services.block(by_user=request.user, resource=resource, day=form.cleaned_data["day"],
                                 starts_at=form.cleaned_data["starts_at"], reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The time was blocked: it can no longer be booked."))
            return redirect(_url(request, "staff_day", slug, query={"paiva": form.cleaned_data["day"].isoformat()}))
    return _day_page(request, resource, day, block_form=form, status=400)


# --- booking for a resident ----------------------------------------------------------------------

def picker(resource, start: dt.date, *, seats=1, days=PICKER_DAYS):
    """[(day, [free slots])] from `start`: every future time with a free seat (staff see them all)."""
    found = selectors.free_slots([resource], start, start + dt.timedelta(days=days - 1), seats=seats, staff=True)
    out = {start + dt.timedelta(days=n): [] for n in range(days)}
    for slot in found:
        out[slot.starts_at.astimezone(clock.HELSINKI).date()].append(slot)
    return list(out.items())


@gate
@require_http_methods(["GET", "POST"])
def book(request, municipality, lang, slug):
    resource = access.resource_for(request.user, request.municipality, slug)
    person = _person_param(request)
    start = max(day_param(request.GET.get("paiva")), clock.today())
    form = BookForm(request.POST if request.method == "POST" else None, person=person,
                    initial={"party_size": 1, "starts_at": request.GET.get("aika", ""),
                             "language": lang if lang in ("fi", "sv", "en") else "fi"})
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        try:
            if person is not None:
                booking = services.book(resource, d["starts_at"], person=person, by_user=request.user,
                                        channel=Channel.SERVICE_POINT, party_size=d["party_size"],
                                        party_names=form.names(), language=person.language or lang,
                                        message=d["message"])
            else:
                booking = services.book(resource, d["starts_at"], by_user=request.user, channel=Channel.PHONE,
                                        party_size=d["party_size"], party_names=form.names(),
                                        name=d["name"].strip(), phone=d["phone"].strip(), email=d["email"],
                                        language=d.get("language") or "fi", message=d["message"])
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                add_service_errors(form, exc)
            else:
                for error in exc.error_list:
                    form.add_error("starts_at" if error.code in ("past", "no_slot", "full", "inactive", "overlap")
                                   else None, error)
        else:
            messages.success(request, _("Booked: %(reference)s, %(time)s.") % {
                "reference": booking.reference, "time": _local(booking.starts_at)})
            return redirect(_url(request, "staff_booking", booking.public_id))
    chosen = form.data.get("starts_at", "") if form.is_bound else request.GET.get("aika", "")
    at = parse_start(chosen) if chosen and not request.GET.get("paiva") else None
    if at is not None and at.astimezone(clock.HELSINKI).date() >= clock.today():
        start = at.astimezone(clock.HELSINKI).date()  # the picker opens at the time chosen
    query = {"henkilo": str(person.public_id)} if person else {}
    return render(request, "booking/staff/book.html", {
        "resource": resource, "person": person, "form": form, "days": picker(resource, start), "chosen": chosen,
        "errors": summary("book", form) if form.is_bound else [],
        "prev": _url(request, "staff_book", slug, query={**query, "paiva": (start - dt.timedelta(days=PICKER_DAYS))
                                                          .isoformat()}) if start > clock.today() else "",
        "next": _url(request, "staff_book", slug, query={**query, "paiva": (start + dt.timedelta(days=PICKER_DAYS))
                                                          .isoformat()}),
        "action": _url(request, "staff_book", slug, query=query),
    }, status=400 if form.is_bound else 200)


# --- a booking -----------------------------------------------------------------------------------

def _case_types(request, booking):
    user, municipality = request.user, request.municipality
    agent = case_access.may_serve_residents(user, municipality)
    return [c for c in staff_services.case_types_for(booking.resource)
            if agent or core_selectors.has_role(user, municipality, (Role.CASE_HANDLER,), unit=c.unit_id)]


def _history(booking) -> list:
    labels = dict(BookingStatus.choices)
    rows = list(access.history_of(booking))
    for row in rows:
        row.to_label = labels.get(row.to_status, row.to_status)
    return rows


def _booking_page(request, booking, *, forms=None, status=200):
    access.audit_bookings(request.user, booking.resource, [booking], action="booking.read")
    forms = forms or {}
    now = clock.now()
    active = booking.status in access.ACTIVE
    case_types = _case_types(request, booking) if booking.person_id and not booking.case_id \
        and booking.status != BookingStatus.CANCELLED else []
    start = day_param(request.GET.get("paiva"), default=max(booking.starts_at.astimezone(clock.HELSINKI).date(),
                                                            clock.today()))
    start = max(start, clock.today())
    mark = forms.get("mark") or MarkForm()
    cancel = forms.get("cancel") or CancelForm()
    move = forms.get("move") or MoveForm()
    case = forms.get("case") or CaseForm(case_types=case_types, language=request.LANGUAGE_CODE)
    errors = [e for key, f in (("mark", mark), ("cancel", cancel), ("move", move), ("case", case))
              if f.is_bound for e in summary(key, f)]
    moving = forms.get("move") is not None or "paiva" in request.GET
    return render(request, "booking/staff/booking.html", {
        "booking": booking, "resource": booking.resource, "history": _history(booking),
        "may_mark": booking.status in (BookingStatus.CONFIRMED, BookingStatus.NO_SHOW, BookingStatus.ATTENDED)
        and now >= booking.starts_at,
        "may_cancel": active, "may_move": active, "may_open_case": bool(case_types),
        "may_see_person": booking.person_id and case_access.may_serve_residents(request.user, request.municipality),
        "mark": mark, "cancel": cancel, "move": move, "case": case, "errors": errors, "moving": moving,
        "days": picker(booking.resource, start, seats=booking.party_size) if active else [],
        "chosen": move.data.get("starts_at", "") if move.is_bound else "",
        "prev": _url(request, "staff_booking", booking.public_id, query={
            "paiva": (start - dt.timedelta(days=PICKER_DAYS)).isoformat()}) if start > clock.today() else "",
        "next": _url(request, "staff_booking", booking.public_id, query={
            "paiva": (start + dt.timedelta(days=PICKER_DAYS)).isoformat()}),
    }, status=status)


@gate
@require_safe
def booking_page(request, municipality, lang, booking_id):
    booking = access.booking_for(request.user, request.municipality, booking_id)
    return _booking_page(request, booking)


def _action(name, make_form, run):
    """A POST on a booking: its form, then the service; back to the booking with a message, or the
    page again (400) with the refusal by its field and what was typed."""

    @gate
    @require_POST
    def view(request, municipality, lang, booking_id):
        booking = access.booking_for(request.user, request.municipality, booking_id)
        form = make_form(request, booking)
        if form.is_valid():
            try:
                text = run(request, booking, form)
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    add_service_errors(form, exc)
                else:
                    form.add_error(None, exc)
                booking.refresh_from_db()
            else:
                messages.success(request, text)
                return redirect(_url(request, "staff_booking", booking.public_id))
        return _booking_page(request, booking, forms={name: form}, status=400)

    view.__name__ = f"{name}_booking"
    return view


def _mark(request, booking, form):
    services.mark(booking, form.cleaned_data["status"], by_user=request.user)
    return _("Marked: the resident came.") if form.cleaned_data["status"] == BookingStatus.ATTENDED \
        else _("Marked: the resident did not come.")


def _cancel(request, booking, form):
    services.cancel(booking, by_user=request.user, reason=form.cleaned_data["reason"])
    return _("The booking was cancelled and the resident told.")


def _move(request, booking, form):
    moved = services.reschedule(booking, form.cleaned_data["starts_at"], by_user=request.user)
    return _("The booking was moved to %(time)s and the resident told.") % {"time": _local(moved.starts_at)}


def _open_case(request, booking, form):
    case = staff_services.open_case(by_user=request.user, booking=booking, case_type=form.chosen(),
                                    notes=form.cleaned_data["notes"])
    return _("Case %(reference)s was opened.") % {"reference": case.reference}


mark = _action("mark", lambda r, b: MarkForm(r.POST), _mark)
cancel = _action("cancel", lambda r, b: CancelForm(r.POST), _cancel)
move = _action("move", lambda r, b: MoveForm(r.POST), _move)
open_case = _action("case", lambda r, b: CaseForm(r.POST, case_types=_case_types(r, b),
                                                  language=r.LANGUAGE_CODE), _open_case)


# --- the calendar feed ---------------------------------------------------------------------------

@gate
@require_http_methods(["GET", "POST"])
def feed_link(request, municipality, lang, slug):
    """The feed's page: a button makes a new secret link, shown this once (the old one stops working)."""
    resource = access.resource_for(request.user, request.municipality, slug)
    link = ""
    if request.method == "POST":
        token = staff_services.new_feed_token(by_user=request.user, resource=resource)
        link = request.build_absolute_uri(_url(request, "staff_feed", slug, token))
    return render(request, "booking/staff/feed.html", {"resource": resource, "link": link})


@require_safe
def feed(request, municipality, lang, slug, token):
    """The resource's bookings for a staff calendar app, opened by the secret link alone (calendar
    apps do not log in). Names no resident: only that a time is booked and its reference."""
    if lang not in request.municipality.languages:
        raise Http404("language not offered")
    resource = access.feed_resource(request.municipality, slug, token)
    if resource is None:
        raise Http404("no such feed")
    body = ics.resource_feed(resource, access.feed_bookings(resource), lang, booked_word=_("Booked"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    response["Content-Disposition"] = f'inline; filename="{resource.slug}.ics"'
    return response
