"""Speed of booking (issue 18, "Speed").

    python bench/bench_booking.py [--database-url postgres://postgres@127.0.0.1:5432/luukku_bench_booking]
                                  [--resources 1000] [--fill 0.45] [--repeats 40] [--attempts 200] [--reuse]

A PostgreSQL database (dropped and created unless --reuse), migrated; a bench municipality with 20 units
and --resources bookable resources (five kinds of weekly hours, slots of 15–60 min, 1–3 places), and a
year of bookings (half a year back, half ahead) filling --fill of the slots, written with COPY. Then:
(1) free-slot searches through booking.selectors.free_slots, each --repeats times on varying days:
    by date (every resource, one day, the first 20 free times), by unit (50 resources, two weeks, first
    20), the week picker (one resource, seven days, every slot); p50/p95 beside the baseline measured
    in the same run: the one SQL read any search needs (the seats taken, grouped by resource and time,
    in the same window). Target: p95 ≤ 50 ms.
(2) --attempts residents booking one slot of five places at once (50 threads, own connections):
    exactly five bookings, the rest told the time is full, nothing else.
"""

import argparse
import datetime as dt
import os
import random
import secrets
import statistics
import sys
import threading
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "src"))
sys.path.insert(0, HERE)

TARGET_MS = 50.0
TEMPLATES = [
    [{"day_from": 0, "day_to": 4, "from": "08:00", "to": "16:00"}],
    [{"day_from": 0, "day_to": 3, "from": "09:00", "to": "15:00"}],
    [{"day_from": 0, "day_to": 4, "from": "12:00", "to": "20:00"}],
    [{"day_from": 1, "day_to": 5, "from": "10:00", "to": "18:00"}],
    [{"day_from": 0, "day_to": 4, "from": "08:00", "to": "11:30"}, {"day_from": 0, "day_to": 4, "from": "12:30", "to": "16:00"}],
]


def setup(url: str, reuse: bool):
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "luukku.config.settings")
    os.environ.setdefault("LUUKKU_VAR_DIR", os.path.join("/tmp", "luukku-bench-booking"))
    os.makedirs(os.environ["LUUKKU_VAR_DIR"], exist_ok=True)
    if not reuse:
        from _server import recreate_postgres

        recreate_postgres(url)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def world(rng, n_resources: int, fill: float):
    from django.db import connection

    from luukku.booking import slots as slot_module
    from luukku.booking.models import Resource, ResourceHours
    from luukku.core import clock
    from luukku.core.models import Municipality, Unit

    m = Municipality.objects.create(code="989", slug="penkki", name={"fi": "Penkki"}, languages=["fi", "sv", "en"])
    units = [Unit.all_objects.create(municipality=m, slug=f"yksikko-{n}", name={"fi": f"Yksikkö {n}"})
             for n in range(20)]
    resources, hours = [], []
    for n in range(n_resources):
        resources.append(Resource(municipality=m, slug=f"r{n}", unit=units[n % 20], name={"fi": f"Vastaanotto {n}"},
                                  slot_minutes=rng.choice([15, 30, 30, 45, 60]), buffer_minutes=rng.choice([0, 0, 5]),
                                  capacity=rng.choice([1, 1, 2, 3]), notice_minutes=60, horizon_days=365))
    Resource.all_objects.bulk_create(resources, batch_size=1000)
    resources = list(Resource.all_objects.filter(municipality=m).order_by("pk"))
    for n, resource in enumerate(resources):
        hours.append(ResourceHours(municipality=m, resource=resource, opening=TEMPLATES[n % len(TEMPLATES)]))
    ResourceHours.all_objects.bulk_create(hours, batch_size=1000)
    rows = {h.resource_id: [h] for h in ResourceHours.all_objects.filter(municipality=m)}
    today = clock.today()
    start, end = today - dt.timedelta(days=182), today + dt.timedelta(days=182)
    now = clock.now()
    raw = connection.cursor().connection
    bookings = claims = 0
    with raw.cursor() as c, c.copy(
            "COPY booking_booking (municipality_id, public_id, reference, resource_id, starts_at, ends_at, name, "
            "party_size, party_names, email, phone, language, message, channel, status, payment_status, "
            "payment_reference, external_id, created_at, updated_at) FROM STDIN") as copy:
        for resource in resources:
            for slot in slot_module.slots(resource, start, end, hours_rows=rows[resource.pk]):
                for _seat in range(resource.capacity):
                    if rng.random() < fill:
                        bookings += 1
                        copy.write_row((m.pk, uuid.uuid4(), "V-" + secrets.token_hex(3).upper(), resource.pk,
                                        slot.starts_at, slot.ends_at, "Bench", 1, "[]", "", "", "fi", "", "web",
                                        "confirmed", "not_required", "", "", now, now))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE booking_booking")
        # One claim per booking: seat = its rank among the slot's bookings.
        cursor.execute("""
            INSERT INTO booking_slotclaim (municipality_id, resource_id, starts_at, seat, capacity, booking_id)
            SELECT b.municipality_id, b.resource_id, b.starts_at,
                   row_number() OVER (PARTITION BY b.resource_id, b.starts_at ORDER BY b.id), r.capacity, b.id
            FROM booking_booking b JOIN booking_resource r ON r.id = b.resource_id WHERE b.municipality_id = %s""",
                       [m.pk])
        claims = cursor.rowcount
        cursor.execute("ANALYZE booking_slotclaim")
    with connection.cursor() as cursor:  # the visibility map lets index-only scans skip the heap
        cursor.execute("VACUUM ANALYZE booking_slotclaim")
    return m, units, resources, bookings, claims


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def timed(function, repeats):
    out = []
    for n in range(repeats):
        begin = time.perf_counter()
        function(n)
        out.append((time.perf_counter() - begin) * 1000)
    return out


def searches(m, units, resources, repeats, rng):
    from django.db import connection

    from luukku.booking import selectors
    from luukku.booking.models import Resource
    from luukku.core import clock

    today = clock.today()
    from luukku.catalogue.hours import holiday_name

    days = []
    while len(days) < repeats:  # working days: the date search asks for a day something is open
        day = today + dt.timedelta(days=rng.randrange(1, 150))
        if day.weekday() < 5 and not holiday_name(day, "fi"):
            days.append(day)
    unit_ids = [units[rng.randrange(len(units))].pk for _ in range(repeats)]
    one = [resources[rng.randrange(len(resources))].pk for _ in range(repeats)]

    def by_date(n):
        qs = Resource.all_objects.filter(municipality=m, is_active=True)
        return selectors.free_slots(qs, days[n], days[n], limit=20)

    def by_unit(n):
        qs = Resource.all_objects.filter(municipality=m, unit_id=unit_ids[n], is_active=True)
        return selectors.free_slots(qs, days[n], days[n] + dt.timedelta(days=13), limit=20)

    def week(n):
        resource = Resource.all_objects.get(pk=one[n])
        return selectors.all_slots([resource], days[n], days[n] + dt.timedelta(days=6))

    def baseline(n):
        begin = dt.datetime.combine(days[n], dt.time()).replace(tzinfo=clock.HELSINKI)
        with connection.cursor() as cursor:
            cursor.execute("SELECT resource_id, starts_at, count(*) FROM booking_slotclaim WHERE municipality_id = %s "
                           "AND starts_at >= %s AND starts_at < %s GROUP BY 1, 2",
                           [m.pk, begin, begin + dt.timedelta(days=1)])
            return cursor.fetchall()

    for f in (by_date, by_unit, week, baseline):  # warm the caches and the connection
        f(0)
    found = by_date(0)
    assert found and all(s.free >= 1 for s in found), "the date search found no free time"
    out = {name: timed(f, repeats) for name, f in
           (("baseline: seats taken on a day, raw SQL", baseline), ("by date: 1000 resources, one day, first 20", by_date),
            ("by unit: 50 resources, two weeks, first 20", by_unit), ("week picker: one resource, 7 days", week))}
    return out


def concurrent(m, units, attempts, rng):
    from django.core.exceptions import ValidationError
    from django.db import connections

    from luukku.booking import services
    from luukku.booking.models import Booking, Resource, ResourceHours, SlotClaim
    from luukku.core import clock
    from luukku.people import hetu as hetu_module
    from luukku.people.models import Person

    resource = Resource.all_objects.create(municipality=m, slug=f"kilpa-{secrets.token_hex(3)}", unit=units[0],
                                           name={"fi": "Kilpailtu aika"}, capacity=5, notice_minutes=0)
    ResourceHours.all_objects.create(municipality=m, resource=resource,
                                     opening=[{"day_from": 0, "day_to": 6, "from": "08:00", "to": "16:00"}])
    day = clock.today() + dt.timedelta(days=7)
    while day.weekday() > 4 or day.isoformat()[5:] in ("12-24", "12-25", "12-26", "01-01", "01-06"):
        day += dt.timedelta(days=1)
    starts = dt.datetime.combine(day, dt.time(10)).replace(tzinfo=clock.HELSINKI)
    people, codes = [], set()
    fresh = random.Random()  # unseeded: a rerun on the same database meets no earlier person
    while len(people) < attempts:
        birth = dt.date(1930, 1, 1) + dt.timedelta(days=fresh.randrange(27000))
        code = hetu_module.compose(birth, fresh.randrange(2, 899))
        if code in codes:
            continue
        codes.add(code)
        person = Person(municipality=m, first_names=f"V{len(people)}", last_name="Bench", birth_date=birth)
        person.set_hetu(code)
        people.append(person)
    Person.all_objects.bulk_create(people)
    threads_n = min(50, attempts)
    barrier = threading.Barrier(threads_n)
    won, full, other = [], [], []
    lock = threading.Lock()

    def run(batch):
        try:
            barrier.wait(timeout=60)
        except threading.BrokenBarrierError:
            pass
        for person in batch:
            try:
                booking = services.book(resource, starts, person=person)
                with lock:
                    won.append(booking.pk)
            except ValidationError:
                with lock:
                    full.append(person.pk)
            except Exception as exc:  # noqa: BLE001 (reported)
                with lock:
                    other.append(repr(exc))
        connections.close_all()

    threads = [threading.Thread(target=run, args=(people[i::threads_n],)) for i in range(threads_n)]
    begin = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - begin
    booked = Booking.all_objects.filter(resource=resource).count()
    seats = sorted(SlotClaim.all_objects.filter(resource=resource).values_list("seat", flat=True))
    ok = not other and len(won) == booked == 5 and seats == [1, 2, 3, 4, 5] and len(full) == attempts - 5
    return ok, seconds, booked, len(full), other[:3]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/luukku_bench_booking")
    parser.add_argument("--resources", type=int, default=1000)
    parser.add_argument("--fill", type=float, default=0.45)
    parser.add_argument("--repeats", type=int, default=40)
    parser.add_argument("--attempts", type=int, default=200)
    parser.add_argument("--reuse", action="store_true", help="keep the database of an earlier run")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    setup(args.database_url, args.reuse)
    from luukku.booking.models import Booking, Resource
    from luukku.core.models import Municipality, Unit

    m = Municipality.objects.filter(slug="penkki").first() if args.reuse else None
    if m is None:
        begin = time.perf_counter()
        m, units, resources, bookings, claims = world(rng, args.resources, args.fill)
        print(f"world: {len(resources)} resources, {bookings} bookings, {claims} claims "
              f"in {time.perf_counter() - begin:.0f} s")
    else:
        units = list(Unit.all_objects.filter(municipality=m).order_by("pk"))
        resources = list(Resource.all_objects.filter(municipality=m, slug__startswith="r").order_by("pk"))
        print(f"reused: {len(resources)} resources, {Booking.all_objects.filter(municipality=m).count()} bookings")
    import gc

    gc.collect()
    gc.freeze()  # as the web server's process does once loaded (luukku/config/wsgi.py)
    results = searches(m, units, resources, args.repeats, rng)
    base95 = percentile(next(iter(results.values())), 95)
    worst = 0.0
    for name, values in results.items():
        p50, p95 = statistics.median(values), percentile(values, 95)
        if not name.startswith("baseline"):
            worst = max(worst, p95)
        print(f"{name:48s} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  ratio {p95 / base95:5.2f}")
    print(f"worst search p95 {worst:.1f} ms (target ≤ {TARGET_MS:.0f} ms: {'OK' if worst <= TARGET_MS else 'SLOW'})")
    ok, seconds, booked, refused, other = concurrent(m, units, args.attempts, rng)
    print(f"{args.attempts} concurrent attempts on a slot of 5: {booked} booked, {refused} told it is full, "
          f"in {seconds:.1f} s: {'OK' if ok else 'FAILED'} {other or ''}")
    return 0 if ok and worst <= TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
