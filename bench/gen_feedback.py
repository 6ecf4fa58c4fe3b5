"""Feedback at scale, for the feedback benchmark (issue 5, "Speed").

    DATABASE_URL=postgres://… python bench/gen_feedback.py --scale 1.0 [--reset] [--seed 1]

--scale 1.0 makes 1 000 000 feedback items of the demo municipality's categories, submitted evenly
over the last two years (a 90-day window holds about an eighth), weighted by category and season,
routed by the municipality's routing rules, located inside its border, about 40 % public, open and
closed, each with one or two history rows (luukku.feedback.models.StatusChange). No notifications,
photos or links. Run the demo loader first.

Rows are written with gen_cases.Writer: COPY in one transaction on PostgreSQL (then ANALYZE),
executemany on SQLite (the test suite). Ids continue the table's and the references are
services.reference_for's (KOI-P-000123 from the id); the id sequences are moved past the new rows,
so feedback submitted later gets the next number. Generated items carry device_id
"bench:gen_feedback": a second run at the same scale does nothing, --reset deletes them first.
Tokens come from the seeded generator: benchmark data only, never real use.
"""

import argparse
import base64
import datetime as dt
import itertools
import os
import random
import sys
import time
import uuid

BENCH = os.path.dirname(os.path.abspath(__file__))
if __name__ == "__main__":
    sys.path.insert(0, os.path.join(BENCH, "..", "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "luukku.config.settings")
    import django

    django.setup()
if BENCH not in sys.path:
    sys.path.insert(0, BENCH)

from django.core.management.color import no_style
from django.db import connection, transaction
from gen_cases import STREETS, Writer, _in_background, _next_id, _report

from luukku.cases.services import reference_prefix
from luukku.cases.sla import add_working_days
from luukku.core import clock, geo
from luukku.core.history import history_maintenance
from luukku.core.models import Municipality, Role, StaffMembership
from luukku.demo.data import feedback as demo
from luukku.feedback.models import (
    ApiKey,
    Category,
    Channel,
    Feedback,
    Publication,
    RoutingRule,
    Status,
    StatusChange,
)

ITEMS_AT_1 = 1_000_000
YEARS = 2
CHUNK = 50_000
MARKER = "bench:gen_feedback"  # device_id of every generated item
PUBLIC_SHARE, HIDDEN_SHARE = 0.40, 0.04
STALE_SHARE = 0.01  # old items left open
CONTACT_SHARE, PHONE_SHARE = 0.35, 0.15
CENTRE = (61.5140, 25.2290)  # most feedback is about the town centre
CHANNELS = ((Channel.ONLINE, 62), (Channel.API, 20), (Channel.PHONE, 8), (Channel.SERVICE_POINT, 6),
            (Channel.EMAIL, 4))
# Relative volume per category code (others: DEFAULT_WEIGHT); winter and summer categories by season.
WEIGHTS = {"katuvaurio": 12, "katuvalo": 8, "talvikunnossapito": 14, "liikenne": 5, "pysakki": 4, "puistot": 8,
           "leikkipaikat": 4, "roskaaminen": 7, "jatehuolto": 6, "vesihuolto": 5, "liikuntapaikat": 6, "kirjasto": 4,
           "kulttuuri": 2, "varhaiskasvatus": 4, "koulut": 4, "asiointi": 3, "yleinen": 6}
DEFAULT_WEIGHT = 3
WINTER, SUMMER = {11, 12, 1, 2, 3}, {5, 6, 7, 8, 9}
FEEDBACK_COLUMNS = [f.attname for f in Feedback._meta.concrete_fields]
CHANGE_COLUMNS = ["municipality_id", "feedback_id", "at", "from_status", "to_status", "by_user_id", "reason"]


def count_for(scale: float) -> int:
    return max(1, round(ITEMS_AT_1 * scale))


def _season(code: str, month: int) -> float:
    if code == "talvikunnossapito":
        return 3.0 if month in WINTER else 0.05 if month in SUMMER else 1.0
    if code in ("puistot", "leikkipaikat", "roskaaminen"):
        return 1.6 if month in SUMMER else 0.4 if month in WINTER else 1.0
    return 1.0


class CategoryInfo:
    """What one generated item needs of its category, read once from the database."""

    def __init__(self, category, rules):
        self.id, self.code, self.pw, self.sla = category.pk, category.code, category.public_works, category.sla_days
        self.located = category.location_required
        self.attributes = category.attributes or []
        self.rules = [(rule.area, rule.unit_id) for rule in rules if rule.category_id in (None, category.pk)]
        self.samples = [s for s in demo.SAMPLES if s["code"] == category.code] or [
            {"kind": (category.kinds or ["fault"])[0], "language": "fi",
             "text": f"Palautetta aiheesta {category.name.get('fi', category.code)}: asia kaipaa korjausta."}]
        self.answers = demo.ANSWERS.get(category.code, demo.ANSWERS["yleinen"])
        self.handling_days = (self.sla or 10) * 1.4  # working days to calendar days, roughly

    def route(self, lat, lon):
        """As services.route: the first rule whose area (if any) holds the point."""
        for area, unit_id in self.rules:
            if not area or (lat is not None and geo.contains(area, lat, lon)):
                return unit_id
        return None


def _point(rng, border, box):
    """A point inside the border: mostly around the centre, the rest anywhere."""
    while True:
        if rng.random() < 0.7:
            lat, lon = rng.gauss(CENTRE[0], 0.012), rng.gauss(CENTRE[1], 0.025)
        else:
            lat, lon = rng.uniform(box[0], box[1]), rng.uniform(box[2], box[3])
        if geo.contains(border, lat, lon):
            return round(lat, 6), round(lon, 6)


def _attributes(rng, info):
    answers = {}
    for spec in info.attributes:
        if not spec.get("required") and rng.random() < 0.3:
            continue
        if spec.get("datatype") == "number":
            answers[spec["code"]] = float(rng.randint(1, 4))
        elif spec.get("values"):
            answers[spec["code"]] = rng.choice(spec["values"])["key"]
    return answers


def _final(rng, info, kind):
    """How a closed item ended and the answer given."""
    if kind == "praise":
        return Status.ARCHIVED, "answer"
    if kind == "idea" and rng.random() < 0.3:
        return Status.REJECTED, "not_now"
    if info.pw:
        return rng.choices([(Status.PUBLIC_WORKS_COMPLETED, "answer"),
                            (Status.PUBLIC_WORKS_COMPLETED_SCHEDULED_LATER, "scheduled"),
                            (Status.PUBLIC_WORKS_COMPLETED_REQUIRES_NO_ACTION, "no_action")], [80, 8, 12])[0]
    return Status.PROCESSED, "answer"


def _chunks(rng, infos, context, n_items, next_id, now):
    """Lists of (feedback rows, history rows) per CHUNK items. Pure Python (no database): it may run
    in another process."""
    m, prefix, border, handlers, agent, api_key_id = context
    lons, lats = [p[0] for p in border["coordinates"][0]], [p[1] for p in border["coordinates"][0]]
    box = (min(lats), max(lats), min(lons), max(lons))
    by_month = {month: list(itertools.accumulate(WEIGHTS.get(i.code, DEFAULT_WEIGHT) * _season(i.code, month)
                                                 for i in infos)) for month in range(1, 13)}
    channels, weights = zip(*CHANNELS)
    cum_channels = list(itertools.accumulate(weights))
    texts = {"scheduled": demo.SCHEDULED, "no_action": demo.NO_ACTION, "not_now": demo.NOT_NOW}
    due_cache = {}
    span = dt.timedelta(days=365.25 * YEARS).total_seconds()
    first = now - dt.timedelta(seconds=span)
    done = 0
    while done < n_items:
        items, changes = [], []
        for i in range(done, min(done + CHUNK, n_items)):
            submitted = first + dt.timedelta(seconds=(i + rng.random()) / n_items * (span - 3600))
            local = submitted.astimezone(clock.HELSINKI)
            info = rng.choices(infos, cum_weights=by_month[local.month])[0]
            sample = rng.choice(info.samples)
            kind, lang = sample["kind"], sample["language"]
            lat = lon = None
            address = zipcode = ""
            if info.located or rng.random() < 0.4:
                lat, lon = _point(rng, border, box)
                address, zipcode = f"{rng.choice(STREETS)} {rng.randint(1, 90)}", "41990"
            unit_id = info.route(lat, lon)
            channel = rng.choices(channels, cum_weights=cum_channels)[0]
            key = (local.date(), info.sla)
            due = (due_cache.get(key) or due_cache.setdefault(key, add_working_days(local.date(), info.sla))
                   if info.sla else None)
            fid, first_status = next_id, Status.PUBLIC_WORKS_NEW if info.pw else Status.RECEIVED
            next_id += 1
            recorder = agent if channel in (Channel.PHONE, Channel.SERVICE_POINT, Channel.EMAIL) else None
            changes.append((m, fid, submitted, "", first_status, recorder, ""))
            claimed = submitted + dt.timedelta(hours=rng.uniform(1, 48))
            ends = max(submitted + dt.timedelta(days=info.handling_days * rng.uniform(0.2, 1.5)),
                       claimed + dt.timedelta(hours=1))
            status, updated, closed, expected, assignee, answer = first_status, submitted, None, None, None, ""
            if ends <= now and rng.random() >= STALE_SHARE:
                status, which = _final(rng, info, kind)
                answer = (info.answers if which == "answer" else texts[which])[lang]
                assignee, updated, closed = handlers.get(unit_id), ends, ends
                if status == Status.PUBLIC_WORKS_COMPLETED_SCHEDULED_LATER:
                    expected = ends + dt.timedelta(days=rng.randint(60, 240))
                changes.append((m, fid, ends, first_status, status, assignee, answer))
            elif claimed <= now:
                status = Status.PUBLIC_WORKS_IN_PROGRESS if info.pw else Status.IN_PROCESS
                assignee, updated = handlers.get(unit_id), claimed
                answer = demo.IN_PROGRESS[lang] if info.pw else ""
                changes.append((m, fid, claimed, first_status, status, assignee, ""))
            roll = rng.random()
            publication = (Publication.PUBLIC if roll < PUBLIC_SHARE else
                           Publication.HIDDEN if roll < PUBLIC_SHARE + HIDDEN_SHARE else Publication.UNMODERATED)
            first_name = last_name = email = phone = ""
            if channel != Channel.API and rng.random() < CONTACT_SHARE:
                first_name, last_name = "Palautteen", f"Antaja {fid}"
                email = f"palaute.{fid}@generoitu.invalid"
                phone = f"+358 40 {rng.randint(1000000, 9999999)}" if rng.random() < PHONE_SHARE else ""
            items.append({
                "id": fid, "municipality_id": m, "public_id": uuid.UUID(int=rng.getrandbits(128), version=4),
                "reference": f"{prefix}-P-{fid:06d}",
                "token": base64.urlsafe_b64encode(rng.randbytes(24)).decode(), "category_id": info.id,
                "kind": kind, "title": "", "description": sample["text"], "status": status, "unit_id": unit_id,
                "assignee_id": assignee, "channel": channel, "language": lang, "latitude": lat, "longitude": lon,
                "address": address, "zipcode": zipcode, "attributes": _attributes(rng, info), "person_id": None,
                "first_name": first_name, "last_name": last_name, "email": email, "phone": phone,
                "device_id": MARKER, "account_id": "", "api_key_id": api_key_id if channel == Channel.API else None,
                "recorded_by_id": recorder, "submitted_at": submitted, "updated_at": updated, "due_date": due,
                "expected_at": expected, "closed_at": closed, "publication": publication,
                "public_answer": answer if publication == Publication.PUBLIC else "", "duplicate_of_id": None,
                "intake_pending": False})
        done += len(items)
        yield [tuple(row[c] for c in FEEDBACK_COLUMNS) for row in items], changes


# --- reset and the whole run ----------------------------------------------------------------

def generated(municipality):
    return Feedback.all_objects.filter(municipality=municipality, device_id=MARKER)


def delete_generated(municipality) -> None:
    """Every generated item and its rows (raw SQL: the ORM would load millions of rows to delete them).
    Real feedback marked as a duplicate of a generated item only loses that mark."""
    q = connection.ops.quote_name
    table = q(Feedback._meta.db_table)
    items = f"SELECT id FROM {table} WHERE municipality_id = %s AND device_id = %s"
    args = [municipality.pk, MARKER]
    with history_maintenance(), connection.cursor() as cursor:  # history rows go with their items
        for rel in Feedback._meta.get_fields(include_hidden=True):
            if not (rel.auto_created and not rel.concrete):
                continue
            column = q(rel.field.column)
            if rel.related_model is Feedback:
                cursor.execute(f"UPDATE {table} SET {column} = NULL WHERE {column} IN ({items})", args)
            else:
                cursor.execute(f"DELETE FROM {q(rel.related_model._meta.db_table)} WHERE {column} IN ({items})", args)
        cursor.execute(f"DELETE FROM {table} WHERE id IN ({items})", args)


def _context(municipality):
    if not municipality.boundary:
        raise SystemExit("the municipality has no border: load the demo first")
    rules = list(RoutingRule.all_objects.filter(municipality=municipality, active=True).order_by("priority", "id"))
    infos = [CategoryInfo(c, rules) for c in Category.all_objects.filter(municipality=municipality, active=True)
             .order_by("order", "code")]
    infos = [i for i in infos if any(not area for area, _unit in i.rules)]  # routed wherever the point is
    if not infos:
        raise SystemExit("the municipality has no routed feedback categories: load the demo first")
    handlers = {}
    for unit_id, user_id in (StaffMembership.all_objects.filter(municipality=municipality, role=Role.CASE_HANDLER)
                             .exclude(unit=None).order_by("pk").values_list("unit_id", "user_id")):
        handlers.setdefault(unit_id, user_id)
    agent = (StaffMembership.all_objects.filter(municipality=municipality, role=Role.SERVICE_POINT_AGENT)
             .values_list("user_id", flat=True).first())
    api_key = ApiKey.all_objects.filter(municipality=municipality, active=True).values_list("pk", flat=True).first()
    return infos, (municipality.pk, reference_prefix(municipality), municipality.boundary, handlers, agent, api_key)


def generate(scale: float = 1.0, *, seed: int = 1, reset: bool = False, municipality_slug: str = "koivula",
             vacuum: bool = False, background: bool = False) -> dict:
    """Make the feedback of `scale`; returns rows written per model ({} when already there)."""
    n_items = count_for(scale)
    municipality = Municipality.objects.filter(slug=municipality_slug).first()
    if municipality is None:
        raise SystemExit(f"no municipality {municipality_slug!r}: run the demo loader first")
    existing = generated(municipality).count()
    if existing and not reset:
        if existing == n_items:
            print(f"already generated at this scale ({existing} feedback items); --reset to make them again")
            return {}
        raise SystemExit(f"{existing} generated feedback items of another scale exist: run with --reset")
    infos, context = _context(municipality)
    rng, writer, now = random.Random(seed), Writer(), clock.now()
    started = time.perf_counter()
    with transaction.atomic():
        if existing:
            delete_generated(municipality)
            _report("deleted the earlier feedback", existing, started)
        args = (rng, infos, context, n_items, _next_id(Feedback), now)
        done = 0
        for items, changes in (_in_background(_chunks, *args) if background else _chunks(*args)):
            writer.write(Feedback, FEEDBACK_COLUMNS, items)
            writer.write(StatusChange, CHANGE_COLUMNS, changes)
            done += len(items)
            if done % (CHUNK * 4) == 0 or done == n_items:
                _report("feedback", done, started)
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [Feedback, StatusChange]):
                cursor.execute(sql)
    total = sum(writer.rows.values())
    _report("all rows, committed", total, started)
    for label, n in writer.rows.items():
        print(f"    {label}: {n} rows, {writer.seconds[label]:.1f} s writing "
              f"({n / max(writer.seconds[label], 1e-9):,.0f} rows/s)", flush=True)
    if writer.pg:
        with connection.cursor() as cursor:
            for model in (Feedback, StatusChange):
                cursor.execute(f"{'VACUUM ANALYZE' if vacuum else 'ANALYZE'} "
                               f"{connection.ops.quote_name(model._meta.db_table)}")
        _report("rows, with " + ("VACUUM ANALYZE" if vacuum else "ANALYZE"), total, started)
    return dict(writer.rows)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1.0: 1 000 000 feedback items")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reset", action="store_true", help="delete earlier generated feedback first")
    parser.add_argument("--municipality", default="koivula")
    args = parser.parse_args()
    print(f"generating {count_for(args.scale)} feedback items into {connection.settings_dict['NAME']}")
    generate(args.scale, seed=args.seed, reset=args.reset, municipality_slug=args.municipality, vacuum=True,
             background=True)


if __name__ == "__main__":
    main()
