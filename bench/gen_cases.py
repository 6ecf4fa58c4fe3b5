"""Residents and cases at scale, for the back-office benchmark (issue 4, "Speed").

    DATABASE_URL=postgres://… python bench/gen_cases.py --scale 1.0 [--reset] [--seed 1]

--scale 1.0 makes 1 000 000 residents (18 % children, each with one or two guardians' mandates)
and 5 000 000 cases of the demo municipality's case types, submitted over five years, with their
status history, some messages and the decisions of decided cases. Run the demo loader first.

PostgreSQL is loaded with COPY in one transaction (a failed run leaves nothing), then VACUUM
ANALYZE; on SQLite (the test suite) the same rows go in with executemany. Generated residents have
e-mail addresses @generoitu.invalid: a second run at the same scale does nothing, --reset deletes
them with their cases first. Identity codes are valid (check character) and never temporary
(individual numbers 002–899), encrypted and hashed by luukku.people.hetu like real ones.
"""

import argparse
import bisect
import datetime as dt
import itertools
import json
import multiprocessing
import os
import random
import sys
import time
import uuid
from collections import Counter
from queue import Empty

if __name__ == "__main__":
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "luukku.config.settings")
    import django

    django.setup()

from django.core.management.color import no_style
from django.db import connection, models, transaction

from luukku.cases.models import (
    Case,
    Decision,
    Message,
    ReferenceCounter,
    Status,
    StatusChange,
)
from luukku.cases.services import reference_prefix
from luukku.cases.sla import add_working_days
from luukku.core import clock
from luukku.core.history import history_maintenance
from luukku.core.models import Municipality, Role, StaffMembership
from luukku.eservices.models import CaseType, DefinitionStatus
from luukku.people import hetu
from luukku.people.models import Mandate, MandateKind, Person

PERSONS_AT_1 = 1_000_000
CASES_AT_1 = 5_000_000
CHILD_SHARE = 0.18
GENERATED_DOMAIN = "generoitu.invalid"
MANDATE_SOURCE = "bench:gen_cases"
YEARS = 5
CHUNK = 50_000
CHECK_CHARS = "0123456789ABCDEFHJKLMNPRSTUVWXY"

MALE = (
    "Juhani", "Mikael", "Matti", "Timo", "Antero", "Johannes", "Tapani", "Kalevi", "Olavi", "Ilmari", "Pekka",
    "Eero", "Onni", "Elias", "Leo", "Oliver", "Väinö", "Eino", "Lauri", "Aleksi", "Veeti", "Niilo", "Toivo",
    "Jari", "Mika", "Ville", "Antti", "Harri", "Petri", "Teemu"
)
FEMALE = (
    "Maria", "Helena", "Johanna", "Anneli", "Kaarina", "Marjatta", "Anna", "Liisa", "Sofia", "Aino", "Emilia",
    "Olivia", "Helmi", "Ella", "Venla", "Aada", "Linnea", "Iida", "Lilja", "Elsa", "Hanna", "Laura", "Minna",
    "Tiina", "Sari", "Päivi", "Satu", "Kirsi", "Eveliina", "Katariina"
)
LAST = (
    "Korhonen", "Virtanen", "Mäkinen", "Nieminen", "Mäkelä", "Hämäläinen", "Laine", "Heikkinen", "Koskinen",
    "Järvinen", "Lehtonen", "Lehtinen", "Saarinen", "Salminen", "Heinonen", "Niemi", "Heikkilä", "Kinnunen",
    "Salonen", "Turunen", "Salo", "Laitinen", "Tuominen", "Rantanen", "Karjalainen", "Jokinen", "Mattila",
    "Savolainen", "Lahtinen", "Ahonen", "Björkman", "Lindqvist", "Granström", "Asukas", "Koivisto",
    "Hiltunen", "Leinonen", "Miettinen", "Pitkänen", "Aaltonen"
)
STREETS = (
    "Koivulantie", "Kirkkokatu", "Rantatie", "Myllypurontie", "Kuusikontie", "Järvenrannantie", "Koulukatu",
    "Asematie", "Pihlajatie", "Vaahterakuja", "Harjutie", "Satamakatu", "Torikatu", "Niittytie", "Metsäpolku"
)
POSTAL = (("41990", "Koivula"), ("41900", "Koivula"), ("41930", "Koivulanranta"), ("41940", "Ylä-Koivula"))

# Per case type slug: share of the cases and how closed ones end. Other case types get DEFAULT.
PROFILE = {
    "varhaiskasvatushakemus": (0.35, {Status.DECIDED: 0.88, Status.WITHDRAWN: 0.08, Status.CLOSED: 0.04}),
    "venepaikkahakemus": (0.25, {Status.DECIDED: 0.85, Status.WITHDRAWN: 0.07, Status.CLOSED: 0.08}),
    "kompostointi-ilmoitus": (0.40, {Status.CLOSED: 0.85, Status.DECIDED: 0.10, Status.WITHDRAWN: 0.05}),
}
DEFAULT = (0.2, {Status.DECIDED: 0.8, Status.WITHDRAWN: 0.1, Status.CLOSED: 0.1})
CHANNELS = (("online", 0.86), ("phone", 0.05), ("service_point", 0.05), ("mail", 0.02), ("email", 0.02))
STALE_SHARE = 0.002  # old cases left open (overdue in the queues)
MESSAGE_SHARE = 0.08  # cases with a resident's question and the handler's reply
APPEAL = ("Oikaisuvaatimusohje: Tähän päätökseen tyytymätön voi tehdä kirjallisen oikaisuvaatimuksen. "
          "Oikaisuvaatimus tehdään 14 päivän kuluessa päätöksen tiedoksisaannista Koivulan kunnan "
          "toimielimelle. Oikaisuvaatimuksesta on käytävä ilmi vaatimus ja sen perusteet.")


def counts_for(scale: float) -> tuple[int, int]:
    return max(2, round(PERSONS_AT_1 * scale)), max(1, round(CASES_AT_1 * scale))


# --- writing rows ---------------------------------------------------------------------------

class Writer:
    """Rows as tuples of Python values: COPY on PostgreSQL, executemany elsewhere."""

    def __init__(self):
        self.pg = connection.vendor == "postgresql"
        self.rows = Counter()
        self.seconds = Counter()

    def write(self, model, columns, rows):
        if not rows:
            return
        started = time.perf_counter()
        fields = [model._meta.get_field(c) for c in columns]
        # Fields the generator does not name take the model's default (a field added later needs no edit here).
        named = {f.column for f in fields}
        extra = [f for f in model._meta.concrete_fields
                 if f.column not in named and not f.null and not f.primary_key
                 and (f.has_default() or f.empty_strings_allowed)]
        if extra:
            fields += extra
            rows = [(*row, *(f.get_default() for f in extra)) for row in rows]
        table = connection.ops.quote_name(model._meta.db_table)
        names = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        with connection.cursor() as cursor:
            if self.pg:
                json_at = [i for i, f in enumerate(fields) if isinstance(f, models.JSONField)]
                with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        if json_at:
                            row = list(row)
                            for i in json_at:
                                row[i] = json.dumps(row[i], ensure_ascii=False)
                        copy.write_row(row)
            else:
                prepped = [[f.get_db_prep_save(v, connection) for f, v in zip(fields, row)] for row in rows]
                cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(fields))})",
                                   prepped)
        self.rows[model._meta.label] += len(rows)
        self.seconds[model._meta.label] += time.perf_counter() - started


def _next_id(model) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {connection.ops.quote_name(model._meta.db_table)}")
        return cursor.fetchone()[0] + 1


# --- residents ------------------------------------------------------------------------------

def _ascii(text: str) -> str:
    return text.lower().translate(str.maketrans("äöå", "aoa"))


def _hetu(day: dt.date, individual: int) -> str:
    digits = f"{day:%d%m}{day.year % 100:02d}{individual:03d}"
    century = "-" if day.year < 2000 else "A"
    return f"{digits[:6]}{century}{digits[6:]}{CHECK_CHARS[int(digits) % 31]}"


def _sample_codes(rng, first: dt.date, last: dt.date, k: int, taken: set) -> list[tuple[dt.date, str]]:
    """k distinct (birth date, identity code) between first and last, none whose hash is in `taken`."""
    days = (last - first).days + 1
    out = []
    slots = days * 898
    # Spare draws for codes already taken (the demo's history adds thousands of residents).
    spare = 16 + 3 * k * len(taken) // slots
    for slot in rng.sample(range(slots), min(slots, k + spare)):
        day = first + dt.timedelta(days=slot % days)
        code = _hetu(day, 2 + slot // days)
        if hetu.lookup_hash(code) not in taken:
            out.append((day, code))
        if len(out) == k:
            return out
    raise RuntimeError("identity codes ran out")


class People:
    """What the cases need to know about the generated residents, by id."""

    def __init__(self):
        self.info = {}  # id -> (public_id, full name, street, postal code, post office, email, phone, lang)
        self.adults = []  # ids
        self.adult_birth = []  # birth date ordinals, same order
        self.guardians = {}  # child id -> [(guardian id, mandate id)]
        self.children = []


def make_people(writer, rng, municipality, n_persons, now) -> People:
    taken = set(Person.all_objects.filter(municipality=municipality).values_list("hetu_hash", flat=True))
    n_children = int(n_persons * CHILD_SHARE)
    today = now.date()
    adults = _sample_codes(rng, dt.date(1936, 1, 1), dt.date(2007, 12, 31), n_persons - n_children, taken)
    children = _sample_codes(rng, dt.date(2008, 12, 1), today - dt.timedelta(days=30), n_children, taken)
    people = People()
    next_id = _next_id(Person)
    columns = ["id", "public_id", "municipality_id", "hetu_encrypted", "hetu_hash", "first_names", "last_name",
               "birth_date", "street_address", "postal_code", "post_office", "email", "phone", "language",
               "protected_address", "last_loa", "last_amr"]
    rows = []
    started = time.perf_counter()
    for is_child, codes in ((False, adults), (True, children)):
        for birth, code in codes:
            pid = next_id
            next_id += 1
            male = int(code[7:10]) % 2 == 1
            names = MALE if male else FEMALE
            first = f"{rng.choice(names)} {rng.choice(names)}" if rng.random() < 0.7 else rng.choice(names)
            last = rng.choice(LAST)
            street = f"{rng.choice(STREETS)} {rng.randint(1, 120)}"
            postal, office = rng.choice(POSTAL)
            lang = "fi" if rng.random() < 0.9 else ("sv" if rng.random() < 0.6 else "en")
            email = f"{_ascii(first.split()[0])}.{_ascii(last)}.{pid}@{GENERATED_DOMAIN}"
            phone = f"+358 40 {rng.randint(1000000, 9999999)}"
            public_id = uuid.UUID(int=rng.getrandbits(128), version=4)
            rows.append((pid, public_id, municipality.pk, hetu.encrypt(code), hetu.lookup_hash(code), first, last,
                         birth, street, postal, office, email, phone, lang, rng.random() < 0.005, "", []))
            people.info[pid] = (str(public_id), f"{first} {last}", street, postal, office, email, phone, lang)
            if is_child:
                people.children.append(pid)
            else:
                people.adults.append(pid)
                people.adult_birth.append(birth.toordinal())
            if len(rows) == CHUNK:
                writer.write(Person, columns, rows)
                rows = []
    writer.write(Person, columns, rows)
    _report("residents", len(people.info), started)
    _make_mandates(writer, rng, municipality, people, children, now)
    return people


def _make_mandates(writer, rng, municipality, people, children, now):
    """One or two guardians per child, 20–45 years older where such an adult can be found."""
    started = time.perf_counter()
    order = sorted(range(len(people.adults)), key=people.adult_birth.__getitem__)
    births = [people.adult_birth[i] for i in order]
    columns = ["id", "public_id", "municipality_id", "principal_id", "agent_id", "kind", "source", "valid_from",
               "created_at"]
    rows, next_id = [], _next_id(Mandate)
    for child, (birth, _code) in zip(people.children, children):
        lo = bisect.bisect_left(births, birth.toordinal() - 45 * 365)
        hi = bisect.bisect_right(births, birth.toordinal() - 20 * 365)
        pool = range(lo, hi) if hi > lo else range(len(births))
        chosen = {people.adults[order[rng.choice(pool)]] for _ in range(1 if rng.random() < 0.2 else 2)}
        people.guardians[child] = []
        for guardian in chosen:
            rows.append((next_id, uuid.UUID(int=rng.getrandbits(128), version=4), municipality.pk, child, guardian,
                         MandateKind.GUARDIAN, MANDATE_SOURCE, birth, now))
            people.guardians[child].append((guardian, next_id))
            next_id += 1
    writer.write(Mandate, columns, rows)
    _report("guardian mandates", len(rows), started)


# --- cases ------------------------------------------------------------------------------------

CASE_COLUMNS = ["id", "public_id", "reference", "municipality_id", "case_type_id", "definition_id", "applicant_id",
                "subject_id", "mandate_id", "unit_id", "status", "assignee_id", "started_by_id", "channel", "data",
                "submitted_at", "due_date", "paused_since", "decided_at", "updated_at"]
CHANGE_COLUMNS = ["municipality_id", "case_id", "at", "from_status", "to_status", "by_user_id", "by_person_id",
                  "on_behalf_of_id", "mandate_id", "from_sub_status", "to_sub_status", "reason"]
MESSAGE_COLUMNS = ["public_id", "municipality_id", "case_id", "from_resident", "author_person_id", "author_user_id",
                   "on_behalf_of_id", "mandate_id", "body", "is_information_request", "created_at", "read_at"]
DECISION_COLUMNS = ["public_id", "municipality_id", "case_id", "title", "body", "decided_at", "decided_by_id", "pdf",
                    "values", "appeal_instructions", "language"]
DECISION_TITLES = {"varhaiskasvatushakemus": "Varhaiskasvatuspaikka myönnetty",
                   "venepaikkahakemus": "Venepaikka myönnetty", "kompostointi-ilmoitus": "Kompostointi-ilmoitus käsitelty"}


class CaseTypeInfo:
    def __init__(self, case_type, handler_id):
        self.id = case_type.pk
        self.slug = case_type.slug
        self.for_child = case_type.who_may_apply == "child"
        self.unit_id = case_type.unit_id
        self.sla = case_type.sla_days
        definition = case_type.definitions.filter(status=DefinitionStatus.PUBLISHED).order_by("-version").first()
        self.definition_id = definition.pk if definition else None
        self.handler_id = handler_id
        share, finals = PROFILE.get(case_type.slug, DEFAULT)
        self.share = share
        self.finals, self.final_weights = list(finals), list(finals.values())
        self.handling_days = (self.sla or 21) * 1.4  # working days to calendar days, roughly


def _data(rng, ct, applicant, subject_public_id, submitted):
    _public_id, name, street, postal, office, email, phone, lang = applicant
    contact = {"applicant_name": name, "applicant_email": email, "applicant_phone": phone}
    address = {"street": street, "postal_code": postal, "post_office": office}
    if ct.slug == "varhaiskasvatushakemus":
        start = (submitted + dt.timedelta(days=rng.randint(30, 150))).date().isoformat()
        return {"child": subject_public_id, "start_date": start, "urgent": "no",
                "hours": rng.choice(("full", "part")), "evening_care": "no",
                "units": rng.sample(["kuusikko", "jarvenranta"], rng.randint(1, 2)), "language": lang,
                "applicant_address": address, **contact}
    if ct.slug == "venepaikkahakemus":
        return {"harbour": "keskusta", "boat_type": rng.choice(("rowing", "motor")),
                "length": f"{rng.uniform(3, 8):.1f}", "width": f"{rng.uniform(1.2, 2.8):.1f}",
                "applicant_address": address, **contact}
    if ct.slug == "kompostointi-ilmoitus":
        return {"composter_type": "insulated", "start": submitted.date().isoformat(), "address": address,
                "households": str(rng.randint(1, 3)), **contact}
    return dict(contact)


def make_cases(writer, rng, municipality, people: People, n_cases: int, now, background: bool = False):
    types = list(CaseType.all_objects.filter(municipality=municipality).order_by("pk"))
    if not types:
        raise SystemExit("the municipality has no case types: load the demo first")
    handlers = {}
    for unit_id, user_id in (StaffMembership.all_objects.filter(municipality=municipality, role=Role.CASE_HANDLER)
                             .exclude(unit=None).order_by("pk").values_list("unit_id", "user_id")):
        handlers.setdefault(unit_id, user_id)
    agent = (StaffMembership.all_objects.filter(municipality=municipality, role=Role.SERVICE_POINT_AGENT)
             .values_list("user_id", flat=True).first())
    infos = [CaseTypeInfo(ct, handlers.get(ct.unit_id)) for ct in types]
    if not people.children:
        infos = [ct for ct in infos if not ct.for_child] or infos
    prefix = reference_prefix(municipality)
    counters = dict(ReferenceCounter.all_objects.filter(municipality=municipality).values_list("year", "value"))
    args = (rng, infos, agent, prefix, counters, people, n_cases, _next_id(Case), municipality.pk, now)
    chunks = _in_background(_case_chunks, *args) if background else _case_chunks(*args)
    started = time.perf_counter()
    done = 0
    for cases, changes, messages, decisions, counters in chunks:
        writer.write(Case, CASE_COLUMNS, cases)
        writer.write(StatusChange, CHANGE_COLUMNS, changes)
        writer.write(Message, MESSAGE_COLUMNS, messages)
        writer.write(Decision, DECISION_COLUMNS, decisions)
        done += len(cases)
        if done % (CHUNK * 10) == 0 or done == n_cases:
            _report("cases", done, started)
    for year, value in counters.items():
        ReferenceCounter.all_objects.update_or_create(municipality=municipality, year=year,
                                                      defaults={"value": value})


def _in_background(function, *args):
    """function(*args)'s items, made in a forked process while this one writes the previous ones."""
    context = multiprocessing.get_context("fork")
    queue = context.Queue(maxsize=2)

    def produce():
        for item in function(*args):
            queue.put(item)
        queue.put(None)

    process = context.Process(target=produce, daemon=True)
    process.start()
    while True:
        try:
            item = queue.get(timeout=5)
        except Empty:
            if not process.is_alive():
                raise RuntimeError("the generating process died") from None
            continue
        if item is None:
            break
        yield item
    process.join()


def _case_chunks(rng, infos, agent, prefix, counters, people, n_cases, next_id, m, now):
    """Lists of rows (cases, status changes, messages, decisions) per CHUNK cases, and the reference
    counters so far. Pure Python (no database): it may run in another process."""
    cum_types = list(itertools.accumulate(ct.share for ct in infos))
    channels, channel_weights = zip(*CHANNELS)
    cum_channels = list(itertools.accumulate(channel_weights))
    due_cache = {}
    span = dt.timedelta(days=365.25 * YEARS).total_seconds()
    first = now - dt.timedelta(seconds=span)
    done = 0
    while done < n_cases:
        cases, changes, messages, decisions = [], [], [], []
        for i in range(done, min(done + CHUNK, n_cases)):
            ct = rng.choices(infos, cum_weights=cum_types)[0]
            submitted = first + dt.timedelta(seconds=(i + rng.random()) / n_cases * (span - 3600))
            local = submitted.astimezone(clock.HELSINKI)
            counters[local.year] = number = counters.get(local.year, 0) + 1
            if ct.for_child:
                subject = rng.choice(people.children)
                applicant, mandate = rng.choice(people.guardians[subject])
            else:
                applicant = subject = rng.choice(people.adults)
                mandate = None
            who = people.info[applicant]
            if ct.sla:
                key = (local.date(), ct.sla)
                due = due_cache.get(key) or due_cache.setdefault(key, add_working_days(local.date(), ct.sla))
            else:
                due = None
            channel = rng.choices(channels, cum_weights=cum_channels)[0]
            by_person = applicant if channel == "online" else None
            by_user = None if channel == "online" else agent
            on_behalf = subject if by_person is not None and subject != applicant else None
            case_id = next_id
            next_id += 1
            changes.append((m, case_id, submitted, "", Status.SUBMITTED, by_user, by_person, on_behalf, mandate,
                            "", "", ""))
            claimed = submitted + dt.timedelta(hours=rng.uniform(2, 96))
            ends = max(submitted + dt.timedelta(days=ct.handling_days * rng.uniform(0.2, 1.3)),
                       claimed + dt.timedelta(hours=rng.uniform(1, 48)))
            assignee = paused = decided = None
            updated = submitted
            if ends <= now and rng.random() >= STALE_SHARE:
                status = rng.choices(ct.finals, ct.final_weights)[0]
                if status == Status.WITHDRAWN:
                    updated = submitted + (ends - submitted) * rng.random()
                    changes.append((m, case_id, updated, Status.SUBMITTED, status, None, applicant,
                                    subject if subject != applicant else None, mandate, "", "", "withdrawn"))
                else:
                    assignee, updated = ct.handler_id, ends
                    changes.append((m, case_id, claimed, Status.SUBMITTED, Status.IN_HANDLING, assignee, None, None,
                                    None, "", "", ""))
                    changes.append((m, case_id, ends, Status.IN_HANDLING, status, assignee, None, None, None,
                                    "", "", ""))
                    if status == Status.DECIDED:
                        decided = ends
                        decisions.append((uuid.UUID(int=rng.getrandbits(128), version=4), m, case_id,
                                          DECISION_TITLES.get(ct.slug, "Päätös"),
                                          f"Hakemus {prefix}-{local.year}-{number:06d} on hyväksytty.",
                                          ends, assignee, "", {}, APPEAL, "fi"))
            elif claimed > now:
                status = Status.SUBMITTED
            else:
                assignee = ct.handler_id
                changes.append((m, case_id, claimed, Status.SUBMITTED, Status.IN_HANDLING, assignee, None, None,
                                None, "", "", ""))
                updated = claimed
                status = Status.IN_HANDLING
                if rng.random() < 0.15:
                    status, paused = Status.WAITING_FOR_RESIDENT, claimed + (now - claimed) * rng.random()
                    updated = paused
                    changes.append((m, case_id, paused, Status.IN_HANDLING, status, assignee, None, None, None,
                                    "", "", ""))
                    messages.append((uuid.UUID(int=rng.getrandbits(128), version=4), m, case_id, False, None,
                                     assignee, None, None, "Lähetäthän vielä puuttuvan liitteen, kiitos.", True,
                                     paused, None))
            if rng.random() < MESSAGE_SHARE:
                asked = submitted + (updated - submitted) * rng.random() * 0.5
                messages.append((uuid.UUID(int=rng.getrandbits(128), version=4), m, case_id, True, applicant,
                                 None, on_behalf, mandate, "Milloin voin odottaa päätöstä?", False, asked, None))
                if ct.handler_id and asked + dt.timedelta(days=1) < now:
                    messages.append((uuid.UUID(int=rng.getrandbits(128), version=4), m, case_id, False, None,
                                     ct.handler_id, None, None, "Hakemuksesi on käsittelyjonossa.", False,
                                     asked + dt.timedelta(days=1), asked + dt.timedelta(days=2)))
            subject_public = people.info[subject][0]
            cases.append((case_id, uuid.UUID(int=rng.getrandbits(128), version=4),
                          f"{prefix}-{local.year}-{number:06d}", m, ct.id, ct.definition_id, applicant, subject,
                          mandate, ct.unit_id, status, assignee, by_user, channel,
                          _data(rng, ct, who, subject_public, submitted), submitted, due, paused, decided, updated))
        done += len(cases)
        yield cases, changes, messages, decisions, dict(counters)


def _report(what, n, started):
    seconds = time.perf_counter() - started
    print(f"  {what}: {n} in {seconds:.1f} s ({n / max(seconds, 1e-9):,.0f} rows/s)", flush=True)


# --- reset and the whole run ----------------------------------------------------------------

def generated_persons(municipality):
    return Person.all_objects.filter(municipality=municipality, email__endswith="@" + GENERATED_DOMAIN)


def delete_generated(municipality) -> None:
    """Everything the generator made (raw SQL: the ORM would load millions of rows to delete them)."""
    q = connection.ops.quote_name
    persons = (f"SELECT id FROM {q(Person._meta.db_table)} WHERE municipality_id = %s "
               f"AND email LIKE %s")
    cases = f"SELECT id FROM {q(Case._meta.db_table)} WHERE applicant_id IN ({persons})"
    args = [municipality.pk, "%@" + GENERATED_DOMAIN]
    with history_maintenance(), connection.cursor() as cursor:  # history rows go with their cases
        for rel in Case._meta.related_objects:
            table = q(rel.related_model._meta.db_table)
            cursor.execute(f"DELETE FROM {table} WHERE {q(rel.field.column)} IN ({cases})", args)
        cursor.execute(f"DELETE FROM {q(Case._meta.db_table)} WHERE id IN ({cases})", args)
        cursor.execute(f"DELETE FROM {q(Mandate._meta.db_table)} WHERE source = %s AND municipality_id = %s",
                       [MANDATE_SOURCE, municipality.pk])
        cursor.execute(f"DELETE FROM {q(Person._meta.db_table)} WHERE id IN ({persons})", args)


def generate(scale: float = 1.0, *, seed: int = 1, reset: bool = False, municipality_slug: str = "koivula",
             vacuum: bool = False, check_keys: bool = True, background: bool = False) -> dict:
    """Make the residents and cases of `scale`; returns rows written per model ({} when already there)."""
    n_persons, n_cases = counts_for(scale)
    municipality = Municipality.objects.filter(slug=municipality_slug).first()
    if municipality is None:
        raise SystemExit(f"no municipality {municipality_slug!r}: run the demo loader first")
    existing = generated_persons(municipality).count()
    if existing and not reset:
        if existing == n_persons:
            print(f"already generated at this scale ({existing} residents); --reset to make them again")
            return {}
        raise SystemExit(f"{existing} generated residents of another scale exist: run with --reset")
    rng = random.Random(seed)
    writer = Writer()
    now = clock.now()
    started = time.perf_counter()
    with transaction.atomic():
        if writer.pg and not check_keys:
            # No foreign-key triggers in this transaction only: the generated keys are checked by
            # tests/bench/test_gen_cases.py, and the deferred checks would double the load time.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL session_replication_role = replica")
        if existing:
            delete_generated(municipality)
            _report("deleted the earlier residents", existing, started)
        people = make_people(writer, rng, municipality, n_persons, now)
        make_cases(writer, rng, municipality, people, n_cases, now, background=background)
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [Person, Mandate, Case]):
                cursor.execute(sql)
        _report("before commit", sum(writer.rows.values()), started)
    total = sum(writer.rows.values())
    _report("all rows, committed", total, started)
    for label, n in writer.rows.items():
        print(f"    {label}: {n} rows, {writer.seconds[label]:.1f} s writing", flush=True)
    if writer.pg:
        tables = [m._meta.db_table for m in (Person, Mandate, Case, StatusChange, Message, Decision)]
        with connection.cursor() as cursor:
            for table in tables:
                cursor.execute(f"{'VACUUM ANALYZE' if vacuum else 'ANALYZE'} {connection.ops.quote_name(table)}")
        _report("rows, with " + ("VACUUM ANALYZE" if vacuum else "ANALYZE"), total, started)
    return dict(writer.rows)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1.0: 1 000 000 residents, 5 000 000 cases")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reset", action="store_true", help="delete earlier generated residents and cases first")
    parser.add_argument("--municipality", default="koivula")
    parser.add_argument("--check-keys", action="store_true",
                        help="keep the foreign-key checks (PostgreSQL; about twice as slow)")
    args = parser.parse_args()
    n_persons, n_cases = counts_for(args.scale)
    print(f"generating {n_persons} residents and {n_cases} cases into {connection.settings_dict['NAME']}")
    generate(args.scale, seed=args.seed, reset=args.reset, municipality_slug=args.municipality, vacuum=True,
             check_keys=args.check_keys, background=True)


if __name__ == "__main__":
    main()
