"""Last spring's proactive campaign: a place in morning and afternoon activities offered to every
child starting school, its offers answered over three weeks (most in the first days, bumps after the
two reminders), the ones nobody answered moved to the follow-up list the day after the deadline.
A rule of its own with no placement units, so that its offers hold no preschool place of the demo's
draft campaign. Rows and events as proactive.services writes them (proactive.campaign_started,
proactive.offer_made, proactive.offer_accept / offer_decline, proactive.offer.status_changed)."""

import datetime as dt
import math
import uuid

from django.contrib.auth import get_user_model

from luukku.cases.services import reference_prefix
from luukku.catalogue.models import Service
from luukku.core import clock
from luukku.proactive.models import (Allocation, Campaign, CampaignStatus, Mode, Offer, OfferChange, OfferStatus,
                                     Rule, Trigger)

from . import story

SLUG = "iltapaivatoiminta"
ANSWER_DAYS, REMINDERS = 21, [7, 2]
SHARES = {"accept": 70, "decline": 12, "none": 18}
NO_ANSWER = "No answer by the deadline."  # proactive.services.expire's reason
RULE = {
    "name": {"fi": "Iltapäivätoimintapaikka jokaiselle ekaluokkalaiselle",
             "sv": "Plats i eftermiddagsverksamhet för alla förstaklassare",
             "en": "A place in afternoon activities for every first-grader"},
    "legal_basis": {
        "fi": "Perusopetuslaki 48 a §: Kunta järjestää aamu- ja iltapäivätoimintaa 1. ja 2. vuosiluokan oppilaille.",
        "sv": "Lagen om grundläggande utbildning 48 a §: Kommunen ordnar morgon- och eftermiddagsverksamhet för "
              "elever i årskurs 1 och 2.",
        "en": "Basic Education Act, section 48 a: The municipality provides morning and afternoon activities for "
              "pupils in grades 1 and 2."},
    "offer_title": {"fi": "Iltapäivätoimintapaikka lapsellesi", "sv": "Plats i eftermiddagsverksamhet för ditt barn",
                    "en": "A place in afternoon activities for your child"},
    "offer_text": {
        "fi": "Lapsesi aloittaa koulun elokuussa. Hänelle on varattu paikka koulun iltapäivätoiminnassa: ota paikka "
              "vastaan tai kerro, ettei sitä tarvita.",
        "sv": "Ditt barn börjar skolan i augusti. En plats i skolans eftermiddagsverksamhet är reserverad: ta emot "
              "platsen eller säg att den inte behövs.",
        "en": "Your child starts school in August. A place in the school's afternoon activities is reserved: accept "
              "it or tell us it is not needed."},
}


def campaign_day(ctx) -> dt.datetime:
    """The campaign's start: mid-March of the last spring with six weeks of answers behind it, or
    six weeks ago when that spring falls before the history."""
    year = ctx.today.year
    at = dt.datetime(year, 3, 16, 9, tzinfo=clock.HELSINKI)
    if at > ctx.now - dt.timedelta(days=42):
        at = at.replace(year=year - 1)
    if at < ctx.start:
        at = (ctx.now - dt.timedelta(days=42)).astimezone(clock.HELSINKI).replace(hour=9, minute=0)
    return at


def _rule(m) -> Rule:
    service = Service.all_objects.filter(municipality=m, slug="aamu-ja-iltapaivatoiminta").first()
    rule, _created = Rule.all_objects.update_or_create(municipality=m, slug=SLUG, defaults={
        **RULE, "trigger": Trigger.COHORT, "age": 7, "mode": Mode.OFFER, "allocation": Allocation.NONE,
        "for_guardians": True, "answer_days": ANSWER_DAYS, "reminder_days": REMINDERS, "service": service,
        "active": True})
    return rule


def _answer_day(rng) -> int:
    """Days after the offer: most answer at once, the reminders bring two more bumps."""
    weights = [math.exp(-d / 2.5) + (0.35 if d in (14, 15) else 0) + (0.5 if d in (19, 20) else 0)
               for d in range(ANSWER_DAYS)]
    return rng.choices(range(ANSWER_DAYS), weights)[0]


def make(ctx, people, started: dt.datetime) -> None:
    m, rng = ctx.municipality, ctx.rng
    rule = _rule(m)
    manager = get_user_model().objects.filter(username="johtaja").first()
    deadline = started.date() + dt.timedelta(days=ANSWER_DAYS)
    campaign = Campaign(id=ctx.next_id(Campaign), public_id=uuid.UUID(int=rng.getrandbits(128), version=4),
                        municipality=m, rule=rule, name=f"Iltapäivätoiminta {started.year}", year=started.year,
                        reference_date=started.date() - dt.timedelta(days=14), starts_on=dt.date(started.year, 8, 1),
                        deadline=deadline, status=CampaignStatus.DONE, total=len(people.cohort),
                        done=len(people.cohort), created_by=manager, created_at=started - dt.timedelta(days=6),
                        started_at=started, finished_at=started + dt.timedelta(minutes=1))
    ctx.write(Campaign, [campaign])
    ctx.event("proactive.campaign_started", "campaign", campaign.public_id, started, actor=manager,
              data={"rule": rule.slug, "year": campaign.year})
    prefix, offers, changes = reference_prefix(m), [], []
    for child in people.cohort:
        offer = Offer(id=ctx.next_id(Offer), public_id=uuid.UUID(int=rng.getrandbits(128), version=4),
                      reference=f"{prefix}-T{campaign.pk}-{child.pk}", rule=rule, campaign=campaign, person=child,
                      municipality=m, mode=rule.mode, legal_basis=rule.legal_basis, status=OfferStatus.OFFERED,
                      starts_on=campaign.starts_on, deadline=deadline, created_at=started, updated_at=started)
        offers.append(offer)
        ctx.event("proactive.offer_made", "offer", offer.public_id, started,
                  data={"reference": offer.reference, "rule": rule.slug, "campaign": campaign.pk,
                        "status": OfferStatus.OFFERED.value, "mode": rule.mode, "unit_id": None})
        action = rng.choices(list(SHARES), list(SHARES.values()))[0]
        if action == "none":
            at = story.moment(rng, deadline + dt.timedelta(days=1), office=True).replace(minute=5)
            to, by_person = OfferStatus.NO_ANSWER, None
        else:
            at = story.moment(rng, started.date() + dt.timedelta(days=_answer_day(rng)), office=False)
            at = max(at, started + dt.timedelta(minutes=30))
            to, by_person = (OfferStatus.ACCEPTED if action == "accept" else OfferStatus.DECLINED), \
                rng.choice(people.guardians[child.pk])[0]
            offer.answered_at, offer.answered_by = at, by_person
            ctx.event(f"proactive.offer_{action}", "offer", offer.public_id, at,
                      data={"reference": offer.reference, "rule": rule.slug})
        changes.append(OfferChange(municipality=m, offer=offer, at=at, from_status=OfferStatus.OFFERED, to_status=to,
                                   by_person=by_person, reason=NO_ANSWER if by_person is None else ""))
        ctx.event("proactive.offer.status_changed", "offer", offer.public_id, at, data={
            "from": OfferStatus.OFFERED.value, "to": to.value, "reference": offer.reference, "rule": rule.slug})
        offer.status, offer.updated_at, offer.version = to, at, 2
    ctx.write(Offer, offers)
    ctx.write(OfferChange, changes)
