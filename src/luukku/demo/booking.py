"""Demo booking: Koivula's bookable resources (building control's advice, the service point's advice,
the sports hall, the library's group room), the health bus and the mobile library with their stops
for the coming eight weeks, and bookings around the demo's today.

Resources are keyed by their URL name and updated in place; their regular opening rules are written
anew on every load (the exceptional ones, such as the blocked day, are kept); a stop is keyed by its
resource and start. The bookings, the blocked day and the cancelled stop are made once, when the demo
resources have no bookings yet, through booking.services and booking.staff_services with the clock
moved to the moment each happened: Aino Asukas (demo account asukas) has an upcoming building-control
appointment and a past visit to the service point; the service-point agent (palvelupiste) booked one
caller's time by phone; one resident did not come; other residents of the demo register take a part of
the times of the first week or two (and of a few days back at the service point), so that the pickers
show full and free times and the agent's day has its bookings.
"""

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from luukku.booking import services, staff_services, stops
from luukku.booking import slots as slot_module
from luukku.booking.models import Booking, BookingStatus, Channel, Resource, ResourceHours, Stop
from luukku.catalogue import hours as hours_module
from luukku.catalogue.models import HoursKind, Service, ServiceHours
from luukku.core import clock
from luukku.core.models import Unit
from luukku.people.models import Person

from .data.booking import HEALTH_BUS_STOPS, RESOURCES
from .data.channels import CHANNELS

SEED = 1812
WEEKS = 8  # stops this far ahead
AGENT, MANAGER = "palvelupiste", "johtaja"
# The other residents' bookings: (share of the seats taken, days back, days ahead) per resource (the
# mobile library is not booked). A booking through the services costs some 15 ms and every browser test
# loads the demo, so they fill the days a visitor sees first, not the whole horizon.
FILL = {"asiointipisteen-neuvonta": (0.45, 3, 7), "rakennusvalvonnan-neuvonta": (0.35, 0, 14),
        "areena-liikuntasali": (0.35, 0, 7), "kirjaston-ryhmatila": (0.2, 0, 7), "terveysbussi": (0.3, 0, 14)}
PHONE_CALLER = {"name": "Raili Nieminen", "phone": "+358 40 555 0142",
                "message": "Tarvitsee apua asumistukihakemuksen liitteiden kanssa. Tulee tyttären kanssa."}


def load(municipality) -> dict[str, Resource]:
    resources = _resources(municipality)
    _stops(municipality, resources)
    if not Booking.all_objects.filter(resource__in=resources.values()).exists():
        _bookings(municipality, resources)
    return resources


# --- resources, hours and stops (every load) ----------------------------------------------------

def _resources(m) -> dict[str, Resource]:
    units = {u.slug: u for u in Unit.all_objects.filter(municipality=m)}
    service_slugs = {row["service"] for row in RESOURCES.values() if row["service"]}
    services_ = {s.slug: s for s in Service.all_objects.filter(municipality=m, slug__in=service_slugs)}
    out = {}
    for slug, row in RESOURCES.items():
        fields = {k: v for k, v in row.items() if k not in ("unit", "service", "hours")}
        fields.setdefault("is_active", True)
        resource, _ = Resource.all_objects.update_or_create(
            municipality=m, slug=slug,
            defaults={**fields, "unit": units[row["unit"]], "service": services_.get(row["service"])})
        ResourceHours.all_objects.filter(resource=resource, kind=HoursKind.STANDARD).delete()
        ResourceHours.all_objects.bulk_create(
            ResourceHours(municipality=m, resource=resource, kind=HoursKind.STANDARD, opening=[opening])
            for opening in row["hours"])
        out[slug] = resource
    return out


def _at(day: dt.date, hhmm: str) -> dt.datetime:
    hour, minute = (int(p) for p in hhmm.split(":"))
    return dt.datetime.combine(day, dt.time(hour, minute)).replace(tzinfo=clock.HELSINKI)


def _stops(m, resources) -> None:
    """The health bus every week and the mobile library every other week (as its channel says), from two
    weeks back to eight ahead, on the days their rules keep open; each at an address of the register."""
    library = next(row for row in CHANNELS if row["key"] == "m-kirjastoauto")
    library_rows = [slot_module.hours_row(r.kind, r.valid_from, r.valid_to, r.is_closed, r.is_always_open, r.opening,
                                          r.info)
                    for r in ServiceHours.all_objects.filter(municipality=m, channel__source_id="demo:m-kirjastoauto")]
    existing = {(s.resource_id, s.starts_at): s for s in Stop.all_objects.filter(resource__in=resources.values())}
    today = clock.today()
    monday = today - dt.timedelta(days=today.weekday())
    for week in range(-2, WEEKS + 1):
        start = monday + dt.timedelta(weeks=week)
        for weekday, frm, to, place, address in HEALTH_BUS_STOPS:
            day = start + dt.timedelta(days=weekday)
            if hours_module.holiday_name(day) is None:
                _stop(resources["terveysbussi"], day, frm, to, place, address, None, existing, bookable=True)
        if start.isocalendar().week % 2:
            continue
        for row in library["stops"]:
            day = start + dt.timedelta(days=row["weekday"])
            if hours_module.day_plan(library_rows, day).is_closed:  # holidays, Christmas, the summer break
                continue
            _stop(resources["kirjastoauto"], day, row["from"], row["to"], row["place"]["fi"], row["address"]["fi"],
                  (row["latitude"], row["longitude"]), existing, bookable=False)


def _stop(resource, day, frm, to, place, address, point, existing, *, bookable) -> None:
    """A new stop through booking.stops (which places it by the address register), added a fortnight
    before it; one already there keeps its id and its cancellation. `point`: where the register has
    no such address (the service home on its own road)."""
    starts_at, ends_at = _at(day, frm), _at(day, to)
    stop = existing.get((resource.pk, starts_at))
    if stop is None:
        with clock.frozen_at(min(clock.now(), starts_at - dt.timedelta(days=14))):
            stop = stops.add_stop(resource, place=place, address=address, starts_at=starts_at, ends_at=ends_at,
                                  bookable=bookable)
    elif (stop.ends_at, stop.place, stop.address, stop.bookable) != (ends_at, place, address, bookable):
        Stop.all_objects.filter(pk=stop.pk).update(ends_at=ends_at, place=place, address=address, bookable=bookable)
    if stop.latitude is None and point is not None:
        Stop.all_objects.filter(pk=stop.pk).update(latitude=point[0], longitude=point[1])


# --- bookings (once) -----------------------------------------------------------------------------

class _Booker:
    """Books through booking.services at the moment the booking was made (never later than now)."""

    def __init__(self):
        self.now = clock.now()
        self.rng = random.Random(SEED)
        users = get_user_model().objects.filter(username__in=[AGENT, MANAGER])
        self.users = {u.username: u for u in users}

    def slots(self, resource, start: dt.date, end: dt.date):
        return slot_module.slots(resource, start, end, stops=Stop.all_objects.filter(resource=resource))

    def slot_at(self, resource, first_day: dt.date, hhmm: str | None = None):
        """The first slot at `hhmm` (or any) on `first_day` or the three weeks after it."""
        for n in range(21):
            day = first_day + dt.timedelta(days=n)
            for slot in self.slots(resource, day, day):
                if hhmm is None or slot.starts_at.astimezone(clock.HELSINKI).strftime("%H:%M") == hhmm:
                    return slot
        return None

    def book(self, resource, slot, *, booked_at=None, **kwargs):
        """book() as of `booked_at` (default: a few days before, and before the resource's notice)."""
        latest = slot.starts_at - dt.timedelta(minutes=resource.notice_minutes + 5)
        booked_at = booked_at or min(self.now - dt.timedelta(hours=self.rng.uniform(1, 30)),
                                     slot.starts_at - dt.timedelta(days=self.rng.uniform(1, 8)))
        booked_at = min(booked_at, latest, self.now)
        with clock.frozen_at(booked_at):
            booking = services.book(resource, slot.starts_at, **kwargs)
        if booking.status == BookingStatus.AWAITING_PAYMENT:  # paid at once through the test provider
            with clock.frozen_at(booked_at + dt.timedelta(minutes=3)):
                booking = services.confirm_payment(booking, reference=f"demo-{booking.reference}")
        return booking

    def mark(self, booking, status, username):
        with clock.frozen_at(min(booking.ends_at + dt.timedelta(minutes=10), self.now)):
            return services.mark(booking, status, by_user=self.users.get(username))


def _bookings(m, resources) -> None:
    booker = _Booker()
    today = clock.today()
    people = list(Person.all_objects.filter(municipality=m, user__isnull=True, moved_away_on__isnull=True,
                                            protected_address=False).order_by("id"))
    aino = Person.all_objects.filter(municipality=m, user__username="asukas").first()
    advice, point = resources["rakennusvalvonnan-neuvonta"], resources["asiointipisteen-neuvonta"]
    manager, agent = booker.users.get(MANAGER), booker.users.get(AGENT)

    # Exceptions: the library's group room is closed for a training day (a public holiday closes by itself).
    room = resources["kirjaston-ryhmatila"]
    closed = booker.slot_at(room, today + dt.timedelta(days=9))
    if closed is not None and manager is not None:
        staff_services.block(by_user=manager, resource=room, day=closed.starts_at.astimezone(clock.HELSINKI).date(),
                             reason="Henkilökunnan koulutuspäivä: ryhmätila on kirjaston käytössä.")
    # One of the health bus's coming stops is cancelled by the agent (before anyone booked it).
    bus_stop = (Stop.all_objects.filter(resource=resources["terveysbussi"],
                                        starts_at__gt=booker.now + dt.timedelta(days=15))
                .order_by("starts_at").first())
    if bus_stop is not None and agent is not None:
        with clock.frozen_at(booker.now - dt.timedelta(days=2)):
            stops.cancel_stop(bus_stop, reason="Terveydenhoitaja on koulutuksessa.", by_user=agent)

    if aino is not None:
        upcoming = booker.slot_at(advice, today + dt.timedelta(days=3), "10:00")
        if upcoming is not None:
            booker.book(advice, upcoming, person=aino, email=aino.email, phone=aino.phone,
                        message="Haluaisin kattaa terassin ja lasittaa sen. Tarvitaanko siihen lupa?")
        past = booker.slot_at(point, today - dt.timedelta(days=12), "13:00")
        if past is not None:
            booking = booker.book(point, past, person=aino, message="Apua Suomi.fi-valtuuksien kanssa.")
            booker.mark(booking, BookingStatus.ATTENDED, AGENT)
    if agent is not None:  # a caller without an account, booked by the agent on the phone yesterday
        call = booker.slot_at(point, today + dt.timedelta(days=1), "13:30")
        if call is not None:
            booker.book(point, call, booked_at=booker.now - dt.timedelta(days=1), by_user=agent,
                        channel=Channel.PHONE, **PHONE_CALLER)
    no_show = booker.slot_at(point, today - dt.timedelta(days=6), "10:30")
    if no_show is not None and no_show.starts_at < booker.now and people:
        booking = booker.book(point, no_show, person=people[7])
        booker.mark(booking, BookingStatus.NO_SHOW, AGENT)

    for slug, (share, back, ahead) in FILL.items():
        _fill(booker, resources[slug], share, people, today - dt.timedelta(days=back), today + dt.timedelta(days=ahead))


def _fill(booker, resource, share, people, first: dt.date, last: dt.date) -> None:
    """Other residents take about `share` of the seats from `first` to `last`; the past ones at the
    service point are marked as come (its agent is a demo account)."""
    rng = booker.rng
    existing = {}
    for start, n in Booking.all_objects.filter(resource=resource).values_list("starts_at", "party_size"):
        existing[start] = existing.get(start, 0) + (n if resource.counts_people else 1)
    for slot in booker.slots(resource, first, last):
        seats = resource.capacity - existing.get(slot.starts_at, 0)
        wanted = sum(rng.random() < share for _seat in range(1 if resource.counts_people else resource.capacity))
        for _n in range(wanted):
            party = rng.randint(2, resource.party_max) if resource.party_max > 1 else 1
            need = party if resource.counts_people else 1
            if need > seats:
                break
            person = rng.choice(people)
            try:
                booking = booker.book(resource, slot, person=person, party_size=party,
                                      channel=Channel.WEB, language=person.language or "fi")
            except ValidationError:
                continue  # that resident already has a time then
            seats -= need
            if slot.ends_at < booker.now and resource.slug == "asiointipisteen-neuvonta":
                booker.mark(booking, BookingStatus.ATTENDED, AGENT)
