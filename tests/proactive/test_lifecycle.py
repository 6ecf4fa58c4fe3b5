"""Offers through the one lifecycle door: every offer made is an event proactive.offer_made (a
campaign's written with its chunk, never one insert per offer), every status change an event
proactive.offer.status_changed beside the answer's own kinds, and the offer's table
(proactive.services.TRANSITIONS) refuses the rest with nothing written."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation

from luukku.core.models import DomainEvent
from luukku.proactive import life_events, services
from luukku.proactive.models import Mode, Offer, OfferChange, OfferStatus, Trigger

from ..cases.conftest import make_person
from .conftest import NORTH_HOME, SOUTH_HOME, family
from .test_life_events import make_rule

pytestmark = pytest.mark.django_db


def events(offer, kind):
    return list(DomainEvent.all_objects.filter(kind=kind, object_id=str(offer.public_id)).order_by("id"))


def test_every_offer_a_campaign_makes_is_one_event_and_a_second_run_adds_none(municipality, campaign, places):
    for i in range(3):
        family(municipality, f"Tehty{i}", SOUTH_HOME if i % 2 else NORTH_HOME)
    assert services.run(campaign, chunk=2) == 3
    made = DomainEvent.all_objects.filter(kind="proactive.offer_made")
    assert made.count() == 3
    for offer in Offer.all_objects.filter(campaign=campaign):
        [event] = events(offer, "proactive.offer_made")
        assert event.municipality_id == municipality.pk and event.object_type == "proactive.offer"
        assert event.data == {"reference": offer.reference, "rule": campaign.rule.slug, "campaign": campaign.pk,
                              "status": "offered", "mode": "offer", "unit_id": offer.placement_unit_id}
    assert services.run(campaign) == 0 and made.count() == 3


def test_an_offer_made_for_a_life_event_is_an_event_too(municipality):
    rule = make_rule(municipality, "tervetuloa", Trigger.MOVED_IN)
    person = make_person(municipality, "Uusi", "Asukas")
    with transaction.atomic():
        offer = life_events.offer_for(rule, person, event_key="E1")
    [event] = events(offer, "proactive.offer_made")
    assert event.data == {"reference": offer.reference, "rule": "tervetuloa", "campaign": None,
                          "status": "informed", "mode": Mode.INFORMATION, "unit_id": None}


@pytest.fixture
def offered(municipality, campaign):
    fam = family(municipality, "Vastaaja", SOUTH_HOME)
    services.run(campaign)
    return Offer.all_objects.get(person=fam["children"][0]), fam["guardians"]


def test_an_answer_is_a_status_change_event_beside_its_own_kind(offered):
    offer, (first, _second) = offered
    services.answer(offer, by_person=first, action="accept", version=offer.version)
    [changed] = events(offer, "proactive.offer.status_changed")
    assert changed.data == {"from": "offered", "to": "accepted", "reference": offer.reference,
                            "rule": offer.rule.slug}
    assert len(events(offer, "proactive.offer_accept")) == 1  # the answer's own kind stays
    offer.refresh_from_db()
    assert offer.version == 2 and offer.answered_by == first


def test_the_deadline_passing_is_a_status_change_event(offered):
    offer, _guardians = offered
    assert services.expire(offer.deadline + dt.timedelta(days=1)) == 1
    [changed] = events(offer, "proactive.offer.status_changed")
    assert (changed.data["from"], changed.data["to"], changed.actor) == ("offered", "no_answer", None)


@pytest.mark.parametrize("to", [OfferStatus.OFFERED, OfferStatus.WITHDRAWN, OfferStatus.DECLINED])
def test_an_accepted_offer_moves_nowhere_and_nothing_is_written(offered, to):
    offer, (first, _second) = offered
    services.answer(offer, by_person=first, action="accept")
    before = (OfferChange.all_objects.filter(offer=offer).count(),
              len(events(offer, "proactive.offer.status_changed")))
    with transaction.atomic():
        locked = Offer.all_objects.select_for_update().get(pk=offer.pk)
        with pytest.raises(ValidationError) as exc:
            services._move(locked, to, reason="no")
    assert exc.value.code == "invalid_transition"
    with translation.override("en"):
        assert exc.value.messages == [f"An offer that is “accepted” cannot be changed to “{OfferStatus(to).label}”."]
    assert Offer.all_objects.get(pk=offer.pk).status == OfferStatus.ACCEPTED
    assert (OfferChange.all_objects.filter(offer=offer).count(),
            len(events(offer, "proactive.offer.status_changed"))) == before
    assert services.withdraw(offer, reason="muutti") is None  # the service does not try either


def test_the_table_allows_every_move_the_services_make():
    allowed = services.OFFER.allows
    assert allowed(OfferStatus.OFFERED, OfferStatus.CHANGE_REQUESTED) and allowed(OfferStatus.DECIDED,
                                                                                  OfferStatus.ACCEPTED)
    assert allowed(OfferStatus.CHANGE_REQUESTED, OfferStatus.OFFERED)  # re-offered, or the change refused
    assert allowed(OfferStatus.CHANGE_REQUESTED, OfferStatus.DECIDED)  # refused under an automatic decision
    assert allowed(OfferStatus.WAITING_LIST, OfferStatus.WITHDRAWN) and allowed(OfferStatus.NO_ANSWER,
                                                                                 OfferStatus.WITHDRAWN)
    assert not allowed(OfferStatus.DECIDED, OfferStatus.NO_ANSWER)  # a decision does not lapse
    assert not allowed(OfferStatus.INFORMED, OfferStatus.WITHDRAWN)
    assert not any(allowed(final, to) for final in (OfferStatus.ACCEPTED, OfferStatus.DECLINED,
                                                    OfferStatus.WITHDRAWN) for to in OfferStatus.values)
