"""Life events from the population register start the life-event rules: a family moves in and the
adults are welcomed, a birth informs both guardians, someone moving away has their open offers
withdrawn, a resident reaching an age gets the rule's offer once a year. Polling twice writes
nothing twice; a register that fails leaves nothing half-written and is read again next time."""

import datetime as dt
from decimal import Decimal
from typing import ClassVar

import pytest

from luukku.core import clock
from luukku.core.models import DomainEvent
from luukku.notify.models import Notification
from luukku.people.models import Mandate, MandateKind, Person
from luukku.people.registers import (
    DemoRegisterAdapter,
    RegisterAdapter,
    RegisterChange,
    RegisterError,
    RegisterPerson,
    get_adapter,
    register_adapters,
)
from luukku.proactive import life_events, services
from luukku.proactive.models import (
    LifeEvent,
    Mode,
    Offer,
    OfferChange,
    OfferStatus,
    Rule,
    Trigger,
)

from ..cases.conftest import make_hetu, make_person
from ..factories import MunicipalityFactory
from .conftest import family

pytestmark = pytest.mark.django_db

FAKE = "test-life-events"


@register_adapters.register(FAKE)
class FakeRegister(RegisterAdapter):
    """A register in memory: persons with their guardians, and a change feed per municipality code.
    `fail` names a method ("person", "children", "guardians", "changes") that raises RegisterError."""

    persons: ClassVar[dict] = {}
    guardians_of: ClassVar[dict] = {}
    events: ClassVar[dict] = {}
    fail: ClassVar[str] = ""
    replay: ClassVar[bool] = False  # ignore the cursor: the feed sends everything again (as after a crash)

    @classmethod
    def reset(cls):
        cls.persons, cls.guardians_of, cls.events, cls.fail, cls.replay = {}, {}, {}, "", False

    def _check(self, name):
        if self.fail == name:
            raise RegisterError("the register is down")

    def person(self, hetu):
        self._check("person")
        return self.persons.get(hetu)

    def children(self, hetu):
        self._check("children")
        return [self.persons[c] for c, gs in self.guardians_of.items()
                if hetu in gs and self.persons[c].is_minor_on(clock.today())]

    def guardians(self, hetu):
        self._check("guardians")
        return [self.persons[g] for g in self.guardians_of.get(hetu, ())]

    def changes(self, since):
        self._check("changes")
        events = self.events.get(self.municipality.code, [])
        keys = [e.key for e in events]
        start = 0 if self.replay or since not in keys else keys.index(since) + 1
        return events[start:], keys[-1] if keys else (since or "")


@pytest.fixture(autouse=True)
def register(settings):
    FakeRegister.reset()
    settings.LUUKKU_POPULATION_REGISTER = FAKE
    yield FakeRegister
    FakeRegister.reset()


def resident(first, last, born, *, email="", guardians=(), lat="61.450000", lon="25.100000", language="fi"):
    """A person in the fake register; returns their code."""
    code = make_hetu(born)
    FakeRegister.persons[code] = RegisterPerson(
        hetu=code, first_names=first, last_name=last, address="Uusitie 1", postal_code="41900",
        post_office="Esimerkki", latitude=Decimal(lat), longitude=Decimal(lon), email=email, language=language)
    if guardians:
        FakeRegister.guardians_of[code] = tuple(guardians)
    return code


def event(municipality, key, kind, code, on=dt.date(2027, 1, 5)):
    FakeRegister.events.setdefault(municipality.code, []).append(RegisterChange(key=key, kind=kind, hetu=code, on=on))


def person_of(municipality, code):
    from luukku.people import hetu

    return Person.all_objects.get(municipality=municipality, hetu_hash=hetu.lookup_hash(code))


def make_rule(municipality, slug, trigger, *, mode=Mode.INFORMATION, for_guardians=False, **fields):
    return Rule.all_objects.create(
        municipality=municipality, slug=slug, name={"fi": slug, "en": slug}, trigger=trigger, mode=mode,
        for_guardians=for_guardians,
        legal_basis={"fi": f"Laki {slug} 1 §", "sv": f"Lag {slug} 1 §", "en": f"Act {slug}, section 1"},
        offer_title={"fi": f"Otsikko {slug}", "en": f"Title {slug}"}, offer_text={"fi": "Teksti", "en": "Text"},
        answer_days=14, **fields)


@pytest.fixture
def welcome(municipality):
    """New adult residents are told about the services for new residents."""
    return make_rule(municipality, "tervetuloa", Trigger.MOVED_IN, age_min=18)


@pytest.fixture
def baby(municipality):
    """The guardians of a newborn are invited to the child health clinic (an offer to accept)."""
    return make_rule(municipality, "neuvola", Trigger.BORN, mode=Mode.OFFER, for_guardians=True)


def told(person, kind=None):
    found = Notification.all_objects.filter(person=person)
    return found.filter(kind=kind) if kind else found


def assert_records_rule(offer, rule):
    assert offer.rule_id == rule.pk and offer.campaign_id is None
    assert offer.legal_basis == rule.legal_basis and offer.mode == rule.mode
    assert offer.reference.endswith(f"-T-{offer.pk}")
    assert not OfferChange.all_objects.filter(offer=offer).exists()  # the offer row records its making


def test_a_move_in_welcomes_the_adult_once_and_polling_again_does_nothing(municipality, welcome, baby):
    mother = resident("Maija", "Muuttaja", dt.date(1990, 3, 3), email="maija@example.fi")
    kid = resident("Kalle", "Muuttaja", dt.date(2022, 6, 6), guardians=[mother])
    event(municipality, "E1", "moved_in", mother)
    event(municipality, "E2", "moved_in", kid)

    assert life_events.poll(municipality) == 2

    maija = person_of(municipality, mother)
    kalle = person_of(municipality, kid)
    assert maija.street_address == "Uusitie 1" and maija.email == "maija@example.fi"  # synced from the register
    assert Mandate.all_objects.filter(principal=kalle, agent=maija, kind=MandateKind.GUARDIAN).exists()
    offer = Offer.all_objects.get(rule=welcome)
    assert offer.person == maija and offer.event_key == "E1"
    assert offer.status == OfferStatus.INFORMED and offer.deadline is None and not offer.needs_letter
    assert_records_rule(offer, welcome)
    assert told(maija).count() == 1 and told(maija, "offer.information").count() == 1
    assert not Offer.all_objects.filter(person=kalle).exists()  # the welcome is for adults; no birth here
    assert set(LifeEvent.all_objects.values_list("key", "kind")) == {("E1", "moved_in"), ("E2", "moved_in")}
    assert all(e.handled_at is not None for e in LifeEvent.all_objects.all())
    assert life_events.cursor(municipality) == "E2"

    # Again, and again with a feed that replays everything (as after a crash): nothing twice.
    assert life_events.poll(municipality) == 0
    FakeRegister.replay = True
    assert life_events.poll(municipality) == 0
    assert Offer.all_objects.count() == 1 and told(maija).count() == 1 and LifeEvent.all_objects.count() == 2


def test_a_birth_informs_both_guardians_and_not_the_child(municipality, welcome, baby):
    mum = resident("Anna", "Vanhempi", dt.date(1991, 1, 1), email="anna@example.fi", language="sv")
    dad = resident("Olli", "Vanhempi", dt.date(1989, 2, 2), email="olli@example.fi")
    newborn = resident("Vauva", "Vanhempi", dt.date(2027, 1, 2), guardians=[mum, dad])
    event(municipality, "B1", "born", newborn, on=dt.date(2027, 1, 2))

    assert life_events.poll(municipality) == 1

    child = person_of(municipality, newborn)
    anna, olli = person_of(municipality, mum), person_of(municipality, dad)
    assert set(Mandate.all_objects.filter(principal=child).values_list("agent_id", flat=True)) == {anna.pk, olli.pk}
    offer = Offer.all_objects.get(rule=baby)
    assert offer.person == child and offer.status == OfferStatus.OFFERED
    assert offer.deadline == dt.date(2027, 1, 24)  # 14 days to answer
    assert_records_rule(offer, baby)
    assert told(anna, "offer.made").count() == 1 and told(olli, "offer.made").count() == 1
    assert told(anna).get().language == "sv"
    assert not told(child).exists()
    assert not Offer.all_objects.filter(rule=welcome).exists()  # a birth is not a move
    # Both guardians may answer the offer.
    assert services.may_answer(offer, anna) and services.may_answer(offer, olli)


def test_an_opt_out_stops_the_next_offer(municipality, baby, welcome):
    mum = resident("Anna", "Vanhempi", dt.date(1991, 1, 1), email="anna@example.fi")
    dad = resident("Olli", "Vanhempi", dt.date(1989, 2, 2), email="olli@example.fi")
    first = resident("Eka", "Vanhempi", dt.date(2025, 1, 2), guardians=[mum, dad])
    event(municipality, "B1", "born", first)
    life_events.poll(municipality)
    assert Offer.all_objects.filter(rule=baby).count() == 1

    services.opt_out(person_of(municipality, dad), baby)
    second = resident("Toka", "Vanhempi", dt.date(2027, 1, 3), guardians=[mum, dad])
    event(municipality, "B2", "born", second)
    assert life_events.poll(municipality) == 1

    assert LifeEvent.all_objects.filter(key="B2", handled_at__isnull=False).exists()  # read and handled
    assert Offer.all_objects.filter(rule=baby).count() == 1  # but no offer for the second child
    assert told(person_of(municipality, mum)).count() == 1


def test_moving_away_withdraws_an_open_campaign_offer_and_tells_the_guardians(municipality, campaign):
    from .conftest import SOUTH_HOME

    fam = family(municipality, "Lahtija", SOUTH_HOME)
    services.run(campaign)
    child = fam["children"][0]
    offer = Offer.all_objects.get(campaign=campaign, person=child)
    assert offer.status == OfferStatus.OFFERED
    event(municipality, "A1", "moved_away", child.hetu, on=dt.date(2027, 1, 8))

    assert life_events.poll(municipality) == 1

    offer.refresh_from_db()
    child.refresh_from_db()
    assert offer.status == OfferStatus.WITHDRAWN and child.moved_away_on == dt.date(2027, 1, 8)
    for guardian in fam["guardians"]:
        assert told(guardian, "offer.withdrawn").count() == 1
    assert life_events.poll(municipality) == 0
    assert all(told(g, "offer.withdrawn").count() == 1 for g in fam["guardians"])


def test_someone_unknown_moving_away_stores_nothing_about_them(municipality):
    stranger = resident("Vieras", "Henkilö", dt.date(1970, 7, 7))
    event(municipality, "A9", "moved_away", stranger)
    assert life_events.poll(municipality) == 0
    assert not Person.all_objects.exists() and not LifeEvent.all_objects.exists()
    assert life_events.cursor(municipality) == "A9"  # read past it all the same


def test_reached_age_offers_once_per_year(municipality):
    visit = make_rule(municipality, "kotikaynti", Trigger.REACHED_AGE, mode=Mode.OFFER, age=75)
    make_rule(municipality, "passiivinen", Trigger.REACHED_AGE, mode=Mode.OFFER, age=75, active=False)
    people = {}
    for name, born in (("today", dt.date(1952, 1, 10)), ("five_days_ago", dt.date(1952, 1, 5)),
                       ("tomorrow", dt.date(1952, 1, 11)), ("older", dt.date(1951, 1, 10)),
                       ("moved", dt.date(1952, 1, 9))):
        people[name] = make_person(municipality, name, "Ikä", birth=born)
        people[name].email = f"{name}@example.fi"
        people[name].save()
    people["moved"].moved_away_on = dt.date(2026, 12, 1)
    people["moved"].save()

    assert life_events.reached_age(municipality, dt.date(2027, 1, 10)) == 2
    offered = {o.person.first_names: o for o in Offer.all_objects.filter(rule=visit)}
    assert set(offered) == {"today", "five_days_ago"}
    assert {o.event_key for o in offered.values()} == {"age:75:2027"}
    assert_records_rule(offered["today"], visit)
    assert told(people["today"], "offer.made").count() == 1

    # The next runs of the year offer nobody twice; tomorrow's birthday comes tomorrow.
    assert life_events.reached_age(municipality, dt.date(2027, 1, 10)) == 0
    with clock.frozen_at(dt.datetime(2027, 1, 11, 9, tzinfo=clock.HELSINKI)):
        assert life_events.reached_age_all() == 1
    assert Offer.all_objects.filter(rule=visit).count() == 3
    assert told(people["today"]).count() == 1
    # A year later everyone is 76: no new offer.
    assert life_events.reached_age(municipality, dt.date(2028, 1, 10)) == 0


def test_a_leap_day_birthday_is_reached_on_the_last_day_of_february():
    assert dt.date(2024, 2, 29) in life_events._born_for(dt.date(2027, 2, 28), 3)
    assert life_events._born_for(dt.date(2028, 2, 29), 4) == [dt.date(2024, 2, 29)]
    assert life_events._born_for(dt.date(2028, 2, 29), 3) == []  # 2025 had no 29 February


def test_a_register_error_leaves_nothing_half_written_and_the_event_is_read_again(municipality, baby, welcome,
                                                                               monkeypatch):
    mover = resident("Maija", "Muuttaja", dt.date(1990, 3, 3), email="maija@example.fi")
    mum = resident("Anna", "Vanhempi", dt.date(1991, 1, 1), email="anna@example.fi")
    newborn = resident("Vauva", "Vanhempi", dt.date(2027, 1, 2), guardians=[mum])
    event(municipality, "E1", "moved_in", mover)
    event(municipality, "B1", "born", newborn)

    # The register answers who the child is, then fails on the guardians.
    FakeRegister.fail = "guardians"
    assert life_events.poll(municipality) == 1
    assert list(LifeEvent.all_objects.values_list("key", flat=True)) == ["E1"]
    assert Person.all_objects.count() == 1  # Maija only: neither the child nor the mother
    assert Offer.all_objects.count() == 1
    assert life_events.cursor(municipality) is None  # the batch is not done: read again next time

    # A failure inside the event's transaction, after the persons were written: all rolled back.
    FakeRegister.fail = ""
    real_offer_for = life_events.offer_for

    def failing(*args, **kwargs):
        raise RegisterError("failed in the middle")

    monkeypatch.setattr(life_events, "offer_for", failing)
    assert life_events.poll(municipality) == 0
    assert Person.all_objects.count() == 1 and LifeEvent.all_objects.count() == 1 and Offer.all_objects.count() == 1
    assert not Mandate.all_objects.exists()

    # The change feed itself down: logged, nothing written.
    monkeypatch.setattr(life_events, "offer_for", real_offer_for)
    FakeRegister.fail = "changes"
    assert life_events.poll(municipality) == 0
    FakeRegister.fail = ""

    assert life_events.poll(municipality) == 1
    assert set(LifeEvent.all_objects.values_list("key", flat=True)) == {"E1", "B1"}
    assert Offer.all_objects.filter(rule=welcome).count() == 1 and Offer.all_objects.filter(rule=baby).count() == 1
    assert told(person_of(municipality, mum), "offer.made").count() == 1
    assert life_events.cursor(municipality) == "B1"


def test_every_life_event_offer_records_its_rule_and_legal_basis(municipality, welcome, baby):
    visit = make_rule(municipality, "kotikaynti", Trigger.REACHED_AGE, mode=Mode.AUTOMATIC, age=75)
    mum = resident("Anna", "Vanhempi", dt.date(1991, 1, 1), email="anna@example.fi")
    event(municipality, "M1", "moved_in", mum)
    event(municipality, "B1", "born", resident("Vauva", "Vanhempi", dt.date(2027, 1, 2), guardians=[mum]))
    event(municipality, "M2", "moved_in", resident("Vanha", "Muuttaja", dt.date(1952, 1, 10)))
    life_events.poll(municipality)
    life_events.reached_age(municipality)
    offers = list(Offer.all_objects.select_related("rule"))
    assert {o.rule.slug for o in offers} == {"tervetuloa", "neuvola", "kotikaynti"} and len(offers) == 4
    for offer in offers:
        assert_records_rule(offer, offer.rule)
        assert offer.legal_basis["fi"] == f"Laki {offer.rule.slug} 1 §"
    decided = Offer.all_objects.get(rule=visit)
    assert decided.status == OfferStatus.DECIDED and decided.needs_letter  # no contact details: a letter
    # The offers' rule keeps its legal basis on the offer even when the rule changes later.
    welcome.legal_basis = {"fi": "Muutettu"}
    welcome.save()
    assert {o.legal_basis["fi"] for o in Offer.all_objects.filter(rule=welcome)} == {"Laki tervetuloa 1 §"}


def test_poll_all_reads_each_municipalitys_own_register(municipality, other_municipality):
    make_rule(municipality, "tervetuloa", Trigger.MOVED_IN)
    make_rule(other_municipality, "tervetuloa", Trigger.MOVED_IN)
    here = resident("Täällä", "Asuja", dt.date(1980, 1, 1), email="here@example.fi")
    there = resident("Tuolla", "Asuja", dt.date(1981, 1, 1), email="there@example.fi")
    event(municipality, "X1", "moved_in", here)
    event(other_municipality, "X1", "moved_in", there)  # the same key in another register: its own event

    assert life_events.poll_all() == 2
    assert Person.all_objects.get(municipality=municipality).first_names == "Täällä"
    assert Person.all_objects.get(municipality=other_municipality).first_names == "Tuolla"
    assert Offer.all_objects.filter(municipality=municipality, person__municipality=municipality).count() == 1
    assert Offer.all_objects.filter(municipality=other_municipality,
                                    person__municipality=other_municipality).count() == 1
    assert life_events.poll_all() == 0


def test_the_demo_registers_changes_parse_and_the_cursor_advances(settings):
    adapter = DemoRegisterAdapter()
    changes, cursor = adapter.changes(None)
    assert [c.kind for c in changes] == ["born", "moved_in", "moved_in", "moved_in", "moved_away"]
    assert cursor == changes[-1].key and len({c.key for c in changes}) == len(changes)
    assert all(isinstance(c.on, dt.date) and adapter.person(c.hetu) is not None for c in changes)
    assert all(c.hetu not in repr(c) for c in changes)
    # The family that moved in and the newborn's two guardians are in the register.
    born = changes[0]
    assert adapter.person(born.hetu).is_minor_on(dt.date(2027, 1, 10)) and len(adapter.guardians(born.hetu)) == 2
    assert [c.first_names for c in adapter.children(changes[1].hetu)] == ["Ella Aurora"]
    # The cursor advances: after the third event, the last two; after the last, nothing.
    rest, again = adapter.changes(changes[2].key)
    assert [c.key for c in rest] == [c.key for c in changes[3:]] and again == cursor
    assert adapter.changes(cursor) == ([], cursor)
    assert DemoRegisterAdapter.check() == []


def test_the_demo_register_feeds_koivula_only(settings):
    settings.LUUKKU_POPULATION_REGISTER = "demo"
    koivula = MunicipalityFactory(slug="koivula-testi", code="990", name={"fi": "Koivula"})
    elsewhere = MunicipalityFactory(slug="muualla", code="997", name={"fi": "Muualla"})
    make_rule(koivula, "tervetuloa", Trigger.MOVED_IN, age_min=18)
    assert get_adapter(elsewhere).changes(None)[0] == []

    assert life_events.poll(koivula) == 4  # the birth and the family of three; Matti was never here
    last = DemoRegisterAdapter().changes(None)[1]
    assert life_events.cursor(koivula) == last
    laura = Person.all_objects.get(municipality=koivula, first_names="Laura Johanna")
    assert told(laura, "offer.information").count() == 1
    aada = Person.all_objects.get(municipality=koivula, first_names="Aada Emilia")
    assert {m.agent.first_names for m in Mandate.all_objects.filter(principal=aada)} == {"Jonna Emilia",
                                                                                       "Joonas Mikael"}
    assert life_events.poll(koivula) == 0
    assert life_events.poll(elsewhere) == 0 and not Person.all_objects.filter(municipality=elsewhere).exists()
    assert DomainEvent.all_objects.filter(municipality=koivula, kind=life_events.CURSOR_EVENT).count() == 1
