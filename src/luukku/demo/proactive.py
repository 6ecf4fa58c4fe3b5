"""Demo proactive services of Koivula: the preschool rule with its change-request form, four
Finnish-language preschool units and a Swedish-language one with their catchment areas, a generated
cohort of children born in 2021 with their guardians (every tenth family Swedish-speaking), the
campaign "Esiopetus 2027" left as a draft (staff preview and run it), and the welcome rule.

Idempotent: rules by slug, units by street address, areas by name, persons by identity code,
mandates by (child, guardian), the campaign by rule and year; a second load adds nothing."""

import datetime as dt
import random
from decimal import Decimal

from luukku.cases.models import Status, StatusText
from luukku.catalogue.models import Service
from luukku.core import clock, geo
from luukku.core.models import Unit
from luukku.eservices.models import CaseType, DefinitionStatus, FormDefinition
from luukku.people import hetu
from luukku.people.acting import bump_agents
from luukku.people.models import Mandate, MandateKind, Person
from luukku.people.registers import DemoRegisterAdapter
from luukku.proactive.models import (
    Allocation,
    Campaign,
    CampaignStatus,
    CatchmentArea,
    Mode,
    PlacementUnit,
    Rule,
    Trigger,
)

from . import eservices as demo_eservices
from .data import feedback as border_data
from .data import proactive as data
from .data.eservices import STATUS_TEXTS



def load(municipality) -> None:
    case_type = _change_case_type(municipality)
    rule = _preschool_rule(municipality, case_type)
    _welcome_rule(municipality)
    _units_and_areas(municipality, rule)
    _cohort(municipality)
    _campaign(municipality, rule)


# --- the change-request form and the rules --------------------------------------------------

def _change_case_type(m):
    row = data.CHANGE_CASE_TYPE
    service = Service.all_objects.get(municipality=m, slug=row["service"])
    unit = Unit.all_objects.get(municipality=m, slug=row["unit"])
    case_type, _created = CaseType.all_objects.update_or_create(
        municipality=m, slug=row["slug"],
        defaults={"service": service, "unit": unit, "name": row["name"], "kind": row["kind"],
                  "who_may_apply": row["who_may_apply"], "sla_days": row["sla_days"],
                  "requires_strong_identification": row["strong"], "active": True})
    for status in Status.values:
        text, action_required, actions = row["status_texts"].get(status) or STATUS_TEXTS[status]
        StatusText.all_objects.update_or_create(
            municipality=m, case_type=case_type, status=status,
            defaults={"text": text, "action_required": action_required, "actions": actions})
    if not FormDefinition.all_objects.filter(case_type=case_type, status=DefinitionStatus.PUBLISHED).exists():
        demo_eservices._definition(m, case_type, row["pages"])
    return case_type


def _preschool_rule(m, case_type) -> Rule:
    row = data.PRESCHOOL_RULE
    service = Service.all_objects.filter(municipality=m, slug=row["service"]).first()
    rule, _created = Rule.all_objects.update_or_create(
        municipality=m, slug=row["slug"],
        defaults={"name": row["name"], "trigger": Trigger.COHORT, "age": row["age"], "mode": Mode.OFFER,
                  "allocation": Allocation.NEAREST, "for_guardians": True, "answer_days": row["answer_days"],
                  "reminder_days": row["reminder_days"], "legal_basis": row["legal_basis"], "service": service,
                  "offer_title": row["offer_title"], "offer_text": row["offer_text"],
                  "change_case_type": case_type, "active": True})
    return rule


def _welcome_rule(m) -> Rule:
    row = data.WELCOME_RULE
    rule, _created = Rule.all_objects.update_or_create(
        municipality=m, slug=row["slug"],
        defaults={"name": row["name"], "trigger": Trigger.MOVED_IN, "mode": Mode.INFORMATION,
                  "allocation": Allocation.NONE, "for_guardians": False, "legal_basis": row["legal_basis"],
                  "offer_title": row["offer_title"], "offer_text": row["offer_text"], "reminder_days": [],
                  "active": True})
    return rule


def _units_and_areas(m, rule) -> None:
    unit = Unit.all_objects.get(municipality=m, slug=data.CHANGE_CASE_TYPE["unit"])
    places = {}
    for key, name, street, lat, lon, capacity, language in data.UNITS:
        place = PlacementUnit.all_objects.filter(municipality=m, rule=rule, street_address=street).first() or \
            PlacementUnit(municipality=m, rule=rule, street_address=street)
        place.unit, place.name, place.latitude, place.longitude, place.capacity = unit, name, lat, lon, capacity
        place.language = language
        place.save()
        places[key] = place
    for name, key, polygon in data.AREAS:
        CatchmentArea.all_objects.update_or_create(municipality=m, rule=rule, name=name,
                                                   defaults={"area": polygon, "placement_unit": places[key]})


def _campaign(m, rule) -> Campaign:
    """The draft campaign, its deadline three weeks from the (latest) load; a campaign already
    started in the demo is left as it is."""
    today = clock.today()
    campaign = Campaign.all_objects.filter(municipality=m, rule=rule, year=data.YEAR).order_by("pk").first()
    if campaign is None:
        campaign = Campaign(municipality=m, rule=rule, year=data.YEAR, status=CampaignStatus.DRAFT)
    elif campaign.status != CampaignStatus.DRAFT:
        return campaign
    campaign.name = data.CAMPAIGN_NAME
    campaign.reference_date = today
    campaign.deadline = today + dt.timedelta(days=data.ANSWER_DAYS)
    campaign.starts_on = dt.date(*data.STARTS)
    campaign.save()
    return campaign


# --- the generated cohort -------------------------------------------------------------------

def _ascii(text: str) -> str:
    return text.lower().translate(str.maketrans("äöåé", "aoae"))


class _Codes:
    """Distinct valid identity codes (individual numbers 600–899: never temporary), none the demo
    register's; odd for boys, even for girls as in real codes."""

    def __init__(self, rng):
        self.rng = rng
        self.taken = {r.hetu for r in DemoRegisterAdapter().all_persons()}

    def __call__(self, day: dt.date, boy: bool) -> str:
        while True:
            individual = self.rng.randrange(600, 900)
            if individual % 2 != boy:
                individual += 1 if individual < 899 else -1
            code = hetu.compose(day, individual)
            if code not in self.taken:
                self.taken.add(code)
                return code


def _inside(rng, box, near_centre: bool):
    while True:
        if near_centre:
            lat, lon = rng.gauss(data.CENTRE[0], 0.010), rng.gauss(data.CENTRE[1], 0.022)
        else:
            lat, lon = rng.uniform(box[0], box[1]), rng.uniform(box[2], box[3])
        if geo.contains(border_data.BOUNDARY, lat, lon):
            return round(lat, 6), round(lon, 6)


def _west_tip(rng):
    while True:
        lat, lon = data.WEST_TIP[0] + rng.uniform(-0.006, 0.006), data.WEST_TIP[1] + rng.uniform(-0.008, 0.008)
        if geo.contains(border_data.BOUNDARY, lat, lon) and lon < 25.015:
            return round(lat, 6), round(lon, 6)


def plan() -> list[dict]:
    """The families of the cohort, the same on every load: [{"guardians": [...], "children": [...]}],
    each person a dict of Person fields plus "code"."""
    rng = random.Random(data.SEED)
    codes = _Codes(rng)
    ring = border_data.BOUNDARY["coordinates"][0]
    box = (min(p[1] for p in ring), max(p[1] for p in ring), min(p[0] for p in ring), max(p[0] for p in ring))
    special = iter(range(data.FAMILIES))
    no_contact = {next(special) for _ in range(data.NO_CONTACT)}
    apart = {next(special) for _ in range(data.APART)}
    protected = {next(special) for _ in range(data.PROTECTED)}
    west = {next(special) for _ in range(data.IN_THE_WEST)}
    twins = set(rng.sample(sorted(set(range(data.FAMILIES)) - protected), data.TWINS))  # 2 protected children
    swedish = {i for i in range(data.FAMILIES) if i % 10 == 7}
    families, serial = [], 0
    for i in range(data.FAMILIES):
        sv = i in swedish
        last = rng.choice(data.SV_LAST if sv else data.FI_LAST)
        streets = data.SV_STREETS if sv else data.FI_STREETS
        office = "Björkby" if sv else "Koivula"
        home = _west_tip(rng) if i in west else _inside(rng, box, near_centre=rng.random() < 0.55)
        street = f"{rng.choice(streets)} {rng.randint(1, 60)}"
        born = dt.date(data.BIRTH_YEAR, 1, 1) + dt.timedelta(days=rng.randrange(365))
        guardians = []
        for g in range(2 if rng.random() < data.TWO_GUARDIANS_SHARE or i in apart else 1):
            mother = g == 0
            first = rng.choice((data.SV_ADULT_F if mother else data.SV_ADULT_M) if sv else
                               (data.FI_ADULT_F if mother else data.FI_ADULT_M))
            birth = dt.date(rng.randint(1980, 1993), rng.randint(1, 12), rng.randint(1, 28))
            serial += 1
            where, address = home, street
            if g == 1 and i in apart:
                where, address = _inside(rng, box, near_centre=True), f"{rng.choice(streets)} {rng.randint(61, 99)}"
            guardians.append({
                "code": codes(birth, boy=not mother), "first_names": first, "last_name": last, "birth_date": birth,
                "street_address": address, "postal_code": "41990", "post_office": office,
                "latitude": where[0], "longitude": where[1],
                "email": "" if i in no_contact else f"{_ascii(first)}.{_ascii(last)}.{serial}@{data.EMAIL_DOMAIN}",
                "phone": "" if i in no_contact else f"+358 40 556 {serial:04d}",
                "language": "sv" if sv else "fi", "protected_address": i in protected})
        children = []
        for _c in range(2 if i in twins else 1):
            boy = rng.random() < 0.5
            first = rng.choice((data.SV_FIRST_BOY if boy else data.SV_FIRST_GIRL) if sv else
                               (data.FI_FIRST_BOY if boy else data.FI_FIRST_GIRL))
            children.append({
                "code": codes(born, boy=boy), "first_names": first, "last_name": last, "birth_date": born,
                "street_address": street, "postal_code": "41990", "post_office": office,
                "latitude": home[0], "longitude": home[1], "email": "", "phone": "",
                "language": "sv" if sv else "fi", "protected_address": i in protected})
        families.append({"guardians": guardians, "children": children})
    return families


FIELDS = ("first_names", "last_name", "birth_date", "street_address", "postal_code", "post_office", "latitude",
          "longitude", "email", "phone", "language", "protected_address")


def _cohort(m) -> None:
    families = plan()
    records = [p for f in families for p in (*f["guardians"], *f["children"])]
    hashes = {hetu.lookup_hash(r["code"]): r for r in records}
    existing = {p.hetu_hash: p for p in Person.all_objects.filter(municipality=m, hetu_hash__in=list(hashes))}
    new, changed = [], []
    for digest, record in hashes.items():
        person = existing.get(digest)
        if person is None:
            person = Person(municipality=m)
            person.set_hetu(record["code"])
            new.append(person)
        else:
            changed.append(person)
        for name in FIELDS:
            value = record[name]
            if name in ("latitude", "longitude"):
                value = Decimal(f"{value:.6f}")
            setattr(person, name, value)
        record["person"] = person
    Person.all_objects.bulk_create(new)
    if changed:
        Person.all_objects.bulk_update(changed, FIELDS)
    for record in records:  # bulk_create on SQLite may not set the ids of the new rows
        if record["person"].pk is None:
            record["person"] = Person.all_objects.get(municipality=m, hetu_hash=hetu.lookup_hash(record["code"]))
    pairs = [(c["person"], g["person"]) for f in families for c in f["children"] for g in f["guardians"]]
    have = set(Mandate.all_objects.filter(municipality=m, kind=MandateKind.GUARDIAN,
                                          principal__in=[c.pk for c, _g in pairs])
               .values_list("principal_id", "agent_id"))
    Mandate.all_objects.bulk_create([
        Mandate(municipality=m, principal=child, agent=guardian, kind=MandateKind.GUARDIAN,
                source=data.MANDATE_SOURCE, valid_from=child.birth_date)
        for child, guardian in pairs if (child.pk, guardian.pk) not in have])
    # bulk writes send no signals: retire every cached acted-for list of the municipality
    bump_agents(Person.all_objects.filter(municipality=m).values("pk"))
