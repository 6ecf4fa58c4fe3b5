"""The residents of the history: families with young children (early-childhood applications; the
campaign's cohort of first-graders) and other adults (boat moorings, composting, building permits,
feedback, front-office visits). Made as the demo makes people: valid identity codes (individual
numbers 100–599, none the register's or the preschool cohort's), encrypted and hashed; guardians'
mandates from birth. Never the demo's own residents (their accounts are walked by the tests)."""

import datetime as dt
import uuid

from luukku.people import hetu
from luukku.people.models import Mandate, MandateKind, Person
from luukku.people.registers import DemoRegisterAdapter

from ..data import proactive as names

EMAIL_DOMAIN = "historia.koivula.example"  # marks the history's residents
MANDATE_SOURCE = "demo:history"
FAMILIES, COHORT_FAMILIES, OTHERS = 300, 80, 320


def _ascii(text: str) -> str:
    return text.lower().translate(str.maketrans("äöåé", "aoae"))


class People:
    """The generated persons by role; each a Person (saved) with its guardians' mandates at hand."""

    def __init__(self):
        self.adults: list[Person] = []
        self.children: list[Person] = []
        self.guardians: dict[int, list[tuple[Person, Mandate]]] = {}  # child id → [(guardian, mandate)]
        self.cohort: list[Person] = []  # the campaign's children


def make(ctx, cohort_year: int) -> People:
    """Families and other adults, written in bulk. `cohort_year`: the children born then are the
    campaign's."""
    rng, m, today = ctx.rng, ctx.municipality, ctx.today
    taken = set(Person.all_objects.filter(municipality=m).values_list("hetu_hash", flat=True))
    taken |= {hetu.lookup_hash(r.hetu) for r in DemoRegisterAdapter().all_persons()}
    serial = [0]

    def person(birth: dt.date, *, female: bool, child: bool, sv: bool, last: str, home: tuple) -> Person:
        first = rng.choice((names.SV_FIRST_GIRL if female else names.SV_FIRST_BOY) if sv and child else
                           (names.SV_ADULT_F if female else names.SV_ADULT_M) if sv else
                           (names.FI_FIRST_GIRL if female else names.FI_FIRST_BOY) if child else
                           (names.FI_ADULT_F if female else names.FI_ADULT_M))
        while True:
            individual = rng.randrange(100, 600)
            if individual % 2 == female:  # odd for men, even for women, as in real codes
                individual += 1
            code = hetu.compose(birth, individual)
            if hetu.lookup_hash(code) not in taken:
                taken.add(hetu.lookup_hash(code))
                break
        serial[0] += 1
        p = Person(id=ctx.next_id(Person), public_id=uuid.UUID(int=rng.getrandbits(128), version=4), municipality=m,
                   first_names=first, last_name=last, birth_date=birth, street_address=home[0], postal_code="41990",
                   post_office=home[1], language="sv" if sv else "fi",
                   email="" if child else f"{_ascii(first)}.{_ascii(last)}.{serial[0]}@{EMAIL_DOMAIN}",
                   phone="" if child else f"+358 40 557 {serial[0]:04d}")
        p.set_hetu(code)
        return p

    def home(sv):
        streets, office = (names.SV_STREETS, "Björkby") if sv else (names.FI_STREETS, "Koivula")
        return f"{rng.choice(streets)} {rng.randint(1, 99)}", office

    people, mandates = People(), []
    for i in range(FAMILIES + COHORT_FAMILIES):
        sv = rng.random() < 0.08
        last, address = rng.choice(names.SV_LAST if sv else names.FI_LAST), home(sv)
        if i < COHORT_FAMILIES:
            first_born = dt.date(cohort_year - 7, 1, 1) + dt.timedelta(days=rng.randrange(365))
        else:
            first_born = today - dt.timedelta(days=rng.randint(300, 2000))
        births = [first_born]
        later = first_born + dt.timedelta(days=rng.randint(700, 1500))
        if rng.random() < 0.35 and later < today - dt.timedelta(days=250):
            births.append(later)
        guardians = [person(first_born - dt.timedelta(days=rng.randint(24 * 365, 40 * 365)), female=g == 0,
                            child=False, sv=sv, last=last, home=address)
                     for g in range(2 if rng.random() < 0.8 else 1)]
        people.adults += guardians
        for n, born in enumerate(births):
            child = person(born, female=rng.random() < 0.5, child=True, sv=sv, last=last, home=address)
            people.children.append(child)
            if i < COHORT_FAMILIES and n == 0:
                people.cohort.append(child)
            people.guardians[child.id] = []
            for guardian in guardians:
                mandate = Mandate(id=ctx.next_id(Mandate), public_id=uuid.UUID(int=rng.getrandbits(128), version=4),
                                  municipality=m, principal=child, agent=guardian, kind=MandateKind.GUARDIAN,
                                  source=MANDATE_SOURCE, valid_from=born, created_at=ctx.start)
                mandates.append(mandate)
                people.guardians[child.id].append((guardian, mandate))
    for _ in range(OTHERS):
        sv = rng.random() < 0.08
        born = today - dt.timedelta(days=rng.randint(20 * 365, 85 * 365))
        people.adults.append(person(born, female=rng.random() < 0.5, child=False, sv=sv,
                                    last=rng.choice(names.SV_LAST if sv else names.FI_LAST), home=home(sv)))
    ctx.write(Person, [*people.adults, *people.children])
    ctx.write(Mandate, mandates)
    return people
