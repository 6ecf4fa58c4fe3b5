"""Forms of the staff's booking pages. Each says what is wrong in plain words next to the field and
keeps what was typed; the services check again (a form is not the guarantee)."""

import datetime as dt
from decimal import Decimal

from django import forms
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _

from luukku.catalogue.models import HoursKind
from luukku.core import clock
from luukku.core.translation import tr
from luukku.web.staff.forms import DecimalField

from .models import ResourceKind

DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y"]
TIME_FORMATS = ["%H:%M", "%H.%M", "%H"]


def _int(label, *, minimum, maximum, required=True, messages=None):
    return forms.IntegerField(label=label, min_value=minimum, max_value=maximum, required=required, error_messages={
        "required": _("Give a number."), "invalid": _("Give a whole number, such as 30."),
        "min_value": _("Give at least %(limit_value)s."), "max_value": _("Give at most %(limit_value)s."),
        **(messages or {})})


class ResourceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ResourceKind.choices,
                             error_messages={"invalid_choice": _("Choose the kind.")})
    unit = forms.ChoiceField(label=_("Unit"), error_messages={"required": _("Choose the unit."),
                                                               "invalid_choice": _("Choose one of your units.")})
    name_fi = forms.CharField(label=_("Name in Finnish"), max_length=200,
                              error_messages={"required": _("Give the name in Finnish.")})
    name_sv = forms.CharField(label=_("Name in Swedish"), max_length=200, required=False)
    name_en = forms.CharField(label=_("Name in English"), max_length=200, required=False)
    slug = forms.SlugField(label=_("URL name"), max_length=80, required=False, error_messages={
        "invalid": _("Use only letters a–z, digits and hyphens, such as “building-advice”.")})
    service = forms.ChoiceField(label=_("Service"), required=False,
                                error_messages={"invalid_choice": _("Choose one of the services listed.")})
    place = forms.CharField(label=_("Place (address)"), max_length=200, required=False)
    slot_minutes = _int(_("Length of a slot (minutes)"), minimum=5, maximum=24 * 60,
                        messages={"min_value": _("A slot is at least 5 minutes long.")})
    buffer_minutes = _int(_("Buffer between slots (minutes)"), minimum=0, maximum=24 * 60)
    capacity = _int(_("Bookings per slot"), minimum=1, maximum=1000)
    counts_people = forms.BooleanField(label=_("Capacity counts people, not bookings"), required=False)
    party_max = _int(_("People in one booking at most"), minimum=1, maximum=100)
    horizon_days = _int(_("Bookable this many days ahead"), minimum=1, maximum=730)
    notice_minutes = _int(_("Booked at least this many minutes before"), minimum=0, maximum=60 * 24 * 60)
    cancel_minutes = _int(_("Cancelled or moved at least this many minutes before"), minimum=0,
                          maximum=60 * 24 * 60)
    price = DecimalField(label=_("Price (€)"), required=False, min_value=Decimal("0"), max_digits=8,
                         decimal_places=2, error_messages={
                             "invalid": _("Give the price in euros, such as 12,50, or leave it empty if it is free."),
                             "min_value": _("The price cannot be negative."),
                             "max_decimal_places": _("Give the price in euros and cents, such as 12,50.")})
    is_active = forms.BooleanField(label=_("Bookable"), required=False)

    def __init__(self, data=None, *, units, services, language, **kwargs):
        super().__init__(data, **kwargs)
        self.units = {str(u.public_id): u for u in units}
        self.services = {str(s.public_id): s for s in services}
        self.fields["unit"].choices = [("", _("Choose…"))] + [(k, tr(u.name, language)) for k, u in self.units.items()]
        self.fields["service"].choices = [("", _("No service"))] + [
            (k, tr(s.name, language)) for k, s in self.services.items()]

    @classmethod
    def initial_of(cls, resource) -> dict:
        if resource is None:
            return {"kind": ResourceKind.APPOINTMENT, "slot_minutes": 30, "buffer_minutes": 0, "capacity": 1,
                    "party_max": 1, "horizon_days": 60, "notice_minutes": 60, "cancel_minutes": 24 * 60,
                    "is_active": True}
        name = resource.name or {}
        return {"kind": resource.kind, "unit": str(resource.unit.public_id), "name_fi": name.get("fi", ""),
                "name_sv": name.get("sv", ""), "name_en": name.get("en", ""), "slug": resource.slug,
                "service": str(resource.service.public_id) if resource.service_id else "", "place": resource.place,
                **{n: getattr(resource, n) for n in ("slot_minutes", "buffer_minutes", "capacity", "counts_people",
                                                      "party_max", "horizon_days", "notice_minutes",
                                                      "cancel_minutes", "is_active")},
                "price": (Decimal(resource.price_cents) / 100).quantize(Decimal("0.01"))
                if resource.price_cents is not None else ""}

    def clean(self):
        data = super().clean()
        capacity, party_max = data.get("capacity"), data.get("party_max")
        if capacity and party_max and data.get("counts_people") and party_max > capacity:
            self.add_error("party_max", _("A booking cannot include more people than a slot has places (%(n)s).")
                           % {"n": capacity})
        return data

    def values(self) -> dict:
        """The service's data (booking.staff_services.RESOURCE_FIELDS)."""
        d = self.cleaned_data
        name = {lang: d[f"name_{lang}"].strip() for lang in ("fi", "sv", "en") if d.get(f"name_{lang}", "").strip()}
        price = d.get("price")
        return {"kind": d["kind"], "name": name, "service": self.services.get(d.get("service") or ""),
                "place": d.get("place", "").strip(), "price_cents": int(price * 100) if price else None,
                **{n: d[n] for n in ("slot_minutes", "buffer_minutes", "capacity", "counts_people", "party_max",
                                      "horizon_days", "notice_minutes", "cancel_minutes", "is_active")}}

    def chosen_unit(self):
        return self.units.get(self.cleaned_data.get("unit") or "")


RULES = [("weekly", _("Regular hours by weekday")), ("other_times", _("Exceptional day(s) with other times")),
         ("closed", _("Closed (a blackout)"))]
WEEKDAY_CHOICES = [(str(n), WEEKDAYS[n]) for n in range(7)]


class HoursForm(forms.Form):
    rule = forms.ChoiceField(label=_("Rule"), choices=RULES, error_messages={
        "required": _("Choose the kind of rule."), "invalid_choice": _("Choose the kind of rule.")})
    day_from = forms.ChoiceField(label=_("From weekday"), choices=WEEKDAY_CHOICES, required=False)
    day_to = forms.ChoiceField(label=_("To weekday"), choices=WEEKDAY_CHOICES, required=False)
    opens = forms.TimeField(label=_("Opens"), input_formats=TIME_FORMATS, required=False,
                            error_messages={"invalid": _("Give the time as hours and minutes, such as 9:00.")})
    closes = forms.TimeField(label=_("Closes"), input_formats=TIME_FORMATS, required=False,
                             error_messages={"invalid": _("Give the time as hours and minutes, such as 16:00.")})
    valid_from = forms.DateField(label=_("First day"), input_formats=DATE_FORMATS, required=False,
                                 error_messages={"invalid": _("Give the date as day.month.year, such as 24.12.2026.")})
    valid_to = forms.DateField(label=_("Last day"), input_formats=DATE_FORMATS, required=False,
                               error_messages={"invalid": _("Give the date as day.month.year, such as 24.12.2026.")})
    info = forms.CharField(label=_("Note (shown with the hours)"), max_length=200, required=False)

    def clean(self):
        data = super().clean()
        rule = data.get("rule")
        if rule in ("weekly", "other_times") and not self.has_error("opens") and not self.has_error("closes"):
            opens, closes = data.get("opens"), data.get("closes")
            if opens is None:
                self.add_error("opens", _("Give the opening time."))
            if closes is None:
                self.add_error("closes", _("Give the closing time."))
            if opens is not None and closes is not None and closes <= opens:
                self.add_error("closes", _("The closing time must be after the opening time."))
        if rule in ("other_times", "closed") and data.get("valid_from") is None and not self.has_error("valid_from"):
            self.add_error("valid_from", _("Give the date the exception begins."))
        first, last = data.get("valid_from"), data.get("valid_to")
        if first and last and last < first:
            self.add_error("valid_to", _("The last day cannot be before the first."))
        if rule == "weekly" and (data.get("day_from") in (None, "") or data.get("day_to") in (None, "")):
            self.add_error("day_from", _("Choose the weekdays."))
        return data

    def values(self) -> dict:
        """The service's arguments (booking.staff_services.add_hours)."""
        d = self.cleaned_data
        rule = d["rule"]
        opening = []
        if rule != "closed":
            entry = {"from": d["opens"].strftime("%H:%M"), "to": d["closes"].strftime("%H:%M")}
            if rule == "weekly":
                entry = {"day_from": int(d["day_from"]), "day_to": int(d["day_to"]), **entry}
            opening = [entry]
        return {"kind": HoursKind.STANDARD if rule == "weekly" else HoursKind.EXCEPTION, "opening": opening,
                "valid_from": d.get("valid_from"), "valid_to": d.get("valid_to") or (
                    d.get("valid_from") if rule != "weekly" else None),
                "is_closed": rule == "closed", "info": {"fi": d["info"].strip()} if d.get("info", "").strip() else {}}


def parse_start(value) -> dt.datetime | None:
    """A slot's start as the pages send it (ISO 8601 with the offset); None for anything else."""
    try:
        at = dt.datetime.fromisoformat(str(value or "").strip())
    except ValueError:
        return None
    return at if at.tzinfo is not None else None


class SlotField(forms.CharField):
    """A slot's start chosen in the picker (a radio button's value)."""

    default_error_messages = {"required": _("Choose a time."), "invalid": _("Choose one of the times listed.")}

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        at = parse_start(value)
        if at is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return at


class BlockForm(forms.Form):
    day = forms.DateField(input_formats=DATE_FORMATS, error_messages={"required": _("Give the day."),
                                                                      "invalid": _("Give the day.")})
    starts_at = SlotField(required=False)
    reason = forms.CharField(label=_("Reason (optional)"), max_length=200, required=False)

    def clean_day(self):
        day = self.cleaned_data["day"]
        if not dt.date(2000, 1, 1) <= day <= dt.date(2100, 12, 31):
            raise forms.ValidationError(_("Give the day."), code="invalid")
        return day


class BookForm(forms.Form):
    """Booking for a resident: a time, the party; for a caller without an identified person, the name
    and a phone number or an email address for the confirmation."""

    starts_at = SlotField(label=_("Time"))
    party_size = _int(_("People"), minimum=1, maximum=100)
    party_names = forms.CharField(label=_("Names of the others (one a line)"), required=False, max_length=2000,
                                  widget=forms.Textarea)
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("Email"), required=False,
                             error_messages={"invalid": _("Give an email address such as name@example.fi.")})
    language = forms.ChoiceField(label=_("Language of the messages"), choices=[("fi", "suomi"), ("sv", "svenska"),
                                                                             ("en", "English")], required=False)
    message = forms.CharField(label=_("Message to the staff"), max_length=2000, required=False, widget=forms.Textarea)

    def __init__(self, data=None, *, person=None, **kwargs):
        super().__init__(data, **kwargs)
        self.person = person
        if person is not None:
            for name in ("name", "phone", "email", "language"):
                del self.fields[name]

    def clean(self):
        data = super().clean()
        if self.person is None:
            if not data.get("name", "").strip() and not self.has_error("name"):
                self.add_error("name", _("Give the caller’s name."))
            if not data.get("phone", "").strip() and not data.get("email") and not self.has_error("email"):
                self.add_error("phone", _("Give a phone number or an email address for the confirmation."))
        return data

    def names(self) -> list[str]:
        return [n.strip() for n in self.cleaned_data.get("party_names", "").splitlines() if n.strip()]


class MarkForm(forms.Form):
    status = forms.ChoiceField(choices=[("attended", _("Came")), ("no_show", _("Did not come"))],
                               error_messages={"required": _("Choose whether the resident came."),
                                               "invalid_choice": _("Choose whether the resident came.")})


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason (the resident is told)"), max_length=1000, widget=forms.Textarea,
                             error_messages={"required": _("Say why the booking is cancelled: the resident is told.")})


class MoveForm(forms.Form):
    starts_at = SlotField(label=_("New time"))


class CaseForm(forms.Form):
    case_type = forms.ChoiceField(label=_("Case type"), error_messages={
        "required": _("Choose the case type."), "invalid_choice": _("Choose one of the case types listed.")})
    notes = forms.CharField(label=_("What the case is about"), max_length=5000, required=False, widget=forms.Textarea)

    def __init__(self, data=None, *, case_types, language, **kwargs):
        super().__init__(data, **kwargs)
        self.case_types = {str(c.public_id): c for c in case_types}
        self.fields["case_type"].choices = [("", _("Choose…"))] + [
            (k, tr(c.name, language)) for k, c in self.case_types.items()]

    def chosen(self):
        return self.case_types.get(self.cleaned_data["case_type"])


def day_param(value, default=None) -> dt.date:
    """?paiva=YYYY-MM-DD (or d.m.yyyy); today for anything else."""
    for fmt in DATE_FORMATS:
        try:
            day = dt.datetime.strptime(str(value or "").strip(), fmt).date()
        except ValueError:
            continue
        if dt.date(2000, 1, 1) <= day <= dt.date(2100, 12, 31):
            return day
    return default or clock.today()
