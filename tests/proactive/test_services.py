"""The campaign engine: the dry run says what the run will do; the run creates one offer per child
and one message per reachable guardian, idempotently and resumably; the guardians' answers (the
first counts), change requests as cases, withdrawal when a child moves away, reminders and the
deadline; the follow-up figures."""

import datetime as dt
import threading
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import translation

from luukku.cases.models import Case
from luukku.core import clock
from luukku.notify.models import Notification
from luukku.proactive import running, selectors, services
from luukku.proactive.models import (
    Campaign,
    CampaignStatus,
    Mode,
    Offer,
    OfferChange,
    OfferStatus,
    OptOut,
)

from .conftest import NORTH_HOME, SOUTH_HOME, family

pytestmark = pytest.mark.django_db
ON_POSTGRESQL = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")


def offer_messages(offer):
    return Notification.all_objects.filter(idempotency_key__startswith=f"offer:{offer.public_id}:")


def test_the_dry_run_counts_what_the_run_then_does(municipality, campaign, places):
    places["north"].capacity = 4
    places["north"].save()
    families = [family(municipality, f"Etela{i}", SOUTH_HOME) for i in range(4)]  # one more than fits
    twins = family(municipality, "Pohjola", NORTH_HOME, children=2)
    nomail = family(municipality, "Paperi", NORTH_HOME, emails=False)
    report = services.dry_run(campaign)
    assert report.cohort == 7 and not report.empty and report.already_offered == 0
    by_unit = {u.place.pk: u for u in report.units}
    assert by_unit[places["south"].pk].offered == 3 and by_unit[places["south"].pk].from_area == 3
    assert by_unit[places["north"].pk].offered == 4  # the twins, the letter family and one from the south
    assert report.areas == {"Etelä": 4, "Pohjoinen": 3} and report.waiting_list == []
    assert [child.pk for child, _guardians in report.letters] == [c.pk for c in nomail["children"]]
    assert report.messages == 6 * 2  # two guardians with email in six families
    assert not Offer.all_objects.exists()  # a dry run writes nothing

    assert services.run(campaign) == 7
    offers = {o.person_id: o for o in Offer.all_objects.filter(campaign=campaign)}
    assert {o.placement_unit_id for o in offers.values() if o.person in twins["children"]} == {places["north"].pk}
    assert sum(o.placement_unit_id == places["south"].pk for o in offers.values()) == 3
    moved = [o for o in offers.values() if o.person.last_name.startswith("Etela") and
             o.placement_unit_id == places["north"].pk]
    assert len(moved) == 1 and moved[0].placement == "nearest"
    assert offers[nomail["children"][0].pk].needs_letter
    assert Notification.all_objects.filter(idempotency_key__startswith="offer:").count() == 12
    assert all(o.legal_basis == campaign.rule.legal_basis and o.rule == campaign.rule for o in offers.values())
    assert not OfferChange.all_objects.filter(offer__campaign=campaign).exists()  # the offer row records its making
    campaign.refresh_from_db()
    assert (campaign.status, campaign.done, campaign.total) == (CampaignStatus.DONE, 7, 7)
    assert families  # every family took part


def test_a_second_run_or_one_after_a_crash_creates_nothing_twice(municipality, campaign, places, monkeypatch):
    for i in range(5):
        family(municipality, f"Perhe{i}", SOUTH_HOME if i % 2 else NORTH_HOME)
    original = running.write_offers
    calls = []

    def crash_on_the_second_chunk(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("the worker died")
        return original(*args, **kwargs)

    monkeypatch.setattr(running, "write_offers", crash_on_the_second_chunk)
    with pytest.raises(RuntimeError):
        services.run(campaign, chunk=2)
    assert Offer.all_objects.filter(campaign=campaign).count() == 2  # the first chunk, whole
    first = {o.person_id: o.placement_unit_id for o in Offer.all_objects.filter(campaign=campaign)}
    monkeypatch.setattr(running, "write_offers", original)
    assert services.run(campaign, chunk=2) == 3  # resumed: only the rest
    assert services.run(campaign) == 0  # and again: nothing
    assert Offer.all_objects.filter(campaign=campaign).count() == 5
    assert {o.person_id: o.placement_unit_id for o in Offer.all_objects.filter(campaign=campaign)
            if o.person_id in first} == first
    for offer in Offer.all_objects.filter(campaign=campaign):
        assert offer_messages(offer).count() == 2  # one per guardian, never twice
    south = Offer.all_objects.filter(campaign=campaign, placement_unit__capacity__gt=0)
    assert south.count() == 5


def test_one_run_at_a_time_and_a_silent_one_is_taken_over(municipality, campaign):
    family(municipality, "Yksi", SOUTH_HOME)
    other = uuid.uuid4()
    Campaign.all_objects.filter(pk=campaign.pk).update(runner=other, heartbeat_at=clock.now())
    assert services.run(campaign) == 0  # another run is writing it: this one does nothing
    assert not Offer.all_objects.filter(campaign=campaign).exists()
    Campaign.all_objects.filter(pk=campaign.pk).update(
        heartbeat_at=clock.now() - running.STALE_AFTER - dt.timedelta(seconds=1))
    assert services.run(campaign) == 1  # that one went silent: taken over
    campaign.refresh_from_db()
    assert (campaign.status, campaign.runner, campaign.done) == (CampaignStatus.DONE, None, 1)


def test_a_run_that_was_taken_over_stops_after_its_chunk(municipality, campaign, monkeypatch):
    for i in range(3):
        family(municipality, f"Ohi{i}", SOUTH_HOME)
    original = running.write_offers

    def then_taken_over(rows):
        written = original(rows)
        Campaign.all_objects.filter(pk=campaign.pk).update(runner=uuid.uuid4())  # a later run took over
        return written

    monkeypatch.setattr(running, "write_offers", then_taken_over)
    assert services.run(campaign, chunk=1) == 0
    assert Offer.all_objects.filter(campaign=campaign).count() == 1  # its own chunk, and no more
    assert Campaign.all_objects.get(pk=campaign.pk).status != CampaignStatus.DONE


@pytest.mark.django_db(transaction=True)
@ON_POSTGRESQL
def test_on_postgresql_two_writers_write_every_offer_once_even_after_a_crash(municipality, campaign, monkeypatch):
    for i in range(5):
        family(municipality, f"Rinnan{i}", SOUTH_HOME if i % 2 else NORTH_HOME)
    original, calls = running.write_offers, []

    def crash_on_the_second_chunk(rows):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("the worker died")
        return original(rows)

    monkeypatch.setattr(running, "write_offers", crash_on_the_second_chunk)
    with pytest.raises(RuntimeError):
        services.run(campaign, chunk=2, writers=2)
    assert Campaign.all_objects.get(pk=campaign.pk).runner is None  # released: continuing needs no wait
    monkeypatch.setattr(running, "write_offers", original)
    before = Offer.all_objects.filter(campaign=campaign).count()
    assert services.run(campaign, chunk=2) == 5 - before  # two writers again (nothing holds a transaction)
    assert services.run(campaign) == 0
    offers = Offer.all_objects.filter(campaign=campaign)
    assert offers.count() == 5 and all(offer_messages(o).count() == 2 for o in offers)
    campaign.refresh_from_db()
    assert (campaign.status, campaign.done, campaign.total) == (CampaignStatus.DONE, 5, 5)


def test_no_room_anywhere_puts_the_child_on_the_waiting_list_and_says_so(municipality, campaign, places):
    places["south"].capacity = places["north"].capacity = 1
    places["south"].save()
    places["north"].save()
    kids = [family(municipality, f"Jono{i}", SOUTH_HOME)["children"][0] for i in range(3)]
    assert [reason for _child, reason in services.dry_run(campaign).waiting_list] == ["no_room"]
    services.run(campaign)
    waiting = Offer.all_objects.get(campaign=campaign, status=OfferStatus.WAITING_LIST)
    assert waiting.person == kids[2] and waiting.placement_unit is None
    assert offer_messages(waiting).filter(kind="offer.waiting_list").count() == 2


def test_an_empty_cohort_is_said_clearly_and_cannot_run(campaign):
    assert services.dry_run(campaign).empty
    with pytest.raises(ValidationError) as exc, translation.override("en"):
        services.start(campaign)
    assert "Nobody is in the cohort" in exc.value.messages[0]
    assert Campaign.all_objects.get(pk=campaign.pk).status == CampaignStatus.DRAFT


def test_a_cohort_emptied_by_opt_outs_cannot_run_either(municipality, campaign, rule):
    services.opt_out(family(municipality, "Pois", SOUTH_HOME)["guardians"][1], rule)
    assert services.dry_run(campaign).empty
    with pytest.raises(ValidationError), translation.override("en"):
        services.start(campaign)
    assert Campaign.all_objects.get(pk=campaign.pk).status == CampaignStatus.DRAFT


def test_children_outside_the_cohort_or_moved_away_or_opted_out_are_left_out(municipality, campaign, rule):
    family(municipality, "Vanhempi", SOUTH_HOME, born=dt.date(2020, 5, 1))
    gone = family(municipality, "Muuttanut", SOUTH_HOME)["children"][0]
    gone.moved_away_on = dt.date(2027, 1, 1)
    gone.save()
    out = family(municipality, "Kieltaytyi", SOUTH_HOME)
    OptOut.all_objects.create(municipality=municipality, person=out["guardians"][1], rule=rule)
    kept = family(municipality, "Mukana", SOUTH_HOME)["children"][0]
    report = services.dry_run(campaign)
    assert report.cohort == 1 and report.opted_out == 1
    services.run(campaign)
    assert list(Offer.all_objects.filter(campaign=campaign).values_list("person", flat=True)) == [kept.pk]


def test_guardians_apart_protected_children_and_no_guardian_are_reported(municipality, campaign):
    family(municipality, "Erilla", SOUTH_HOME, apart=True)
    secret = family(municipality, "Salainen", SOUTH_HOME, protected=True)
    orphan = family(municipality, "Yksin", NORTH_HOME, guardians=0)["children"][0]
    report = services.dry_run(campaign)
    assert len(report.apart) == 1 and report.protected == 1 and [c.pk for c in report.no_guardian] == [orphan.pk]
    services.run(campaign)
    offer = Offer.all_objects.get(person=secret["children"][0])
    for message in offer_messages(offer):  # never an address in a message
        assert "Salainenkatu" not in message.body and "Salainenkatu" not in message.subject
    assert Offer.all_objects.get(person=orphan).needs_letter


@pytest.fixture
def offered(municipality, campaign):
    fam = family(municipality, "Vastaaja", SOUTH_HOME)
    services.run(campaign)
    return Offer.all_objects.get(person=fam["children"][0]), fam["guardians"]


def test_a_guardian_accepts_in_one_step_and_both_are_told(offered):
    offer, (first, second) = offered
    services.answer(offer, by_person=first, action="accept", version=offer.version)
    offer.refresh_from_db()
    assert offer.status == OfferStatus.ACCEPTED and offer.answered_by == first
    assert [(c.from_status, c.to_status, c.by_person) for c in offer.history.all()] == [
        (OfferStatus.OFFERED, OfferStatus.ACCEPTED, first)]
    told = offer_messages(offer).filter(kind="offer.answered")
    assert {n.person_id for n in told} == {first.pk, second.pk}


def test_the_first_answer_counts_and_the_other_guardian_hears_who_answered(offered):
    offer, (first, second) = offered
    services.answer(offer, by_person=first, action="decline", reason="Muutamme")
    with pytest.raises(ValidationError) as exc:
        services.answer(offer, by_person=second, action="accept")
    assert exc.value.code == "answered" and "Huoltaja1" in exc.value.messages[0]
    assert Offer.all_objects.get(pk=offer.pk).status == OfferStatus.DECLINED


def test_a_change_request_becomes_a_case_in_the_units_queue(offered, change_type):
    offer, (first, _second) = offered
    with pytest.raises(ValidationError):  # the reason is needed
        services.answer(offer, by_person=first, action="change", reason=" ")
    answered = services.answer(offer, by_person=first, action="change", reason="Lähempänä isovanhempia",
                               wish={"wished_unit": "Pohjoinen koulu"})
    case = Case.all_objects.get(pk=answered.change_case_id)
    assert case.case_type == change_type and case.unit == change_type.unit and case.applicant == first
    assert case.subject == offer.person and case.data["wished_unit"] == "Pohjoinen koulu"
    assert case.data["offer"] == offer.reference and answered.status == OfferStatus.CHANGE_REQUESTED


def test_only_a_guardian_may_answer_and_not_after_the_deadline(municipality, offered):
    offer, (first, _second) = offered
    stranger = family(municipality, "Vieras", NORTH_HOME, children=0, guardians=1)["guardians"][0]
    with pytest.raises(ValidationError) as exc:
        services.answer(offer, by_person=stranger, action="accept")
    assert exc.value.code == "forbidden"
    with pytest.raises(ValidationError) as exc:
        services.answer(offer, by_person=first, action="accept", version=offer.version + 1)
    assert exc.value.code == "stale"
    from luukku.core import clock

    with clock.frozen_at(dt.datetime(2027, 2, 16, 12, 0, tzinfo=clock.HELSINKI)):
        with pytest.raises(ValidationError) as exc:
            services.answer(offer, by_person=first, action="accept")
    assert exc.value.code == "late" and Offer.all_objects.get(pk=offer.pk).status == OfferStatus.OFFERED


def test_moving_away_withdraws_the_offer_and_the_guardians_are_told(offered):
    offer, guardians = offered
    assert services.moved_away(offer.person, dt.date(2027, 1, 20)) == 1
    offer.refresh_from_db()
    assert offer.status == OfferStatus.WITHDRAWN
    assert offer_messages(offer).filter(kind="offer.withdrawn").count() == 2
    assert services.moved_away(offer.person, dt.date(2027, 1, 20)) == 0


def test_reminders_before_the_deadline_once_and_no_answer_goes_to_the_follow_up_list(offered, campaign):
    offer, _guardians = offered
    deadline = offer.deadline
    assert services.remind(deadline - dt.timedelta(days=7)) == 1
    assert services.remind(deadline - dt.timedelta(days=7)) == 1  # the job may run twice: one message each
    assert offer_messages(offer).filter(kind="offer.reminder").count() == 2  # one per guardian
    assert services.remind(deadline - dt.timedelta(days=5)) == 0
    assert services.expire(deadline) == 0
    assert services.expire(deadline + dt.timedelta(days=1)) == 1
    assert list(selectors.follow_up(campaign, OfferStatus.NO_ANSWER)) == [Offer.all_objects.get(pk=offer.pk)]


def test_an_automatic_decision_stands_unless_a_change_is_asked(municipality, campaign, rule):
    rule.mode = Mode.AUTOMATIC
    rule.save()
    fam = family(municipality, "Automaatti", SOUTH_HOME)
    services.run(campaign)
    offer = Offer.all_objects.get(person=fam["children"][0])
    assert offer.status == OfferStatus.DECIDED and offer.mode == Mode.AUTOMATIC
    assert offer_messages(offer).filter(kind="offer.decided").count() == 2
    assert services.expire(offer.deadline + dt.timedelta(days=1)) == 0  # a decision does not lapse


def test_figures_count_every_outcome_and_the_applications_saved(municipality, campaign):
    fams = [family(municipality, f"Luku{i}", SOUTH_HOME if i < 3 else NORTH_HOME) for i in range(5)]
    services.run(campaign)
    offers = [Offer.all_objects.get(person=f["children"][0]) for f in fams]
    services.answer(offers[0], by_person=fams[0]["guardians"][0], action="accept")
    services.answer(offers[1], by_person=fams[1]["guardians"][1], action="accept")
    services.answer(offers[2], by_person=fams[2]["guardians"][0], action="decline")
    services.answer(offers[3], by_person=fams[3]["guardians"][0], action="change", reason="Toinen koulu")
    services.expire(offers[4].deadline + dt.timedelta(days=1))
    figures = selectors.figures(campaign)
    assert figures == {**figures, "offers": 5, "reached": 5, "accepted": 2, "declined": 1, "change_requested": 1,
                       "no_answer": 1, "waiting": 0, "applications_saved": 2}


@pytest.mark.django_db(transaction=True)
@ON_POSTGRESQL
def test_two_guardians_answering_at_once_get_one_consistent_outcome(municipality, campaign):
    fam = family(municipality, "Samaan", SOUTH_HOME)
    services.run(campaign)
    offer = Offer.all_objects.get(person=fam["children"][0])
    results, errors, barrier = [], [], threading.Barrier(2)

    def answer(guardian, action):
        try:
            barrier.wait(10)
            with transaction.atomic():
                results.append(services.answer(offer, by_person=guardian, action=action).status)
        except ValidationError as exc:
            errors.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=answer, args=(fam["guardians"][0], "accept")),
               threading.Thread(target=answer, args=(fam["guardians"][1], "decline"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert len(results) == 1 and errors == ["answered"]
    offer.refresh_from_db()
    assert offer.status == results[0]
    assert OfferChange.all_objects.filter(offer=offer).count() == 1
