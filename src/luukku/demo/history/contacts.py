"""The service point's year (frontoffice.Contact, event contact.logged {channel, case}): every case
started at the front office has its contact, and residents come, call, chat and write about the
rest. Fewer come month by month, as more is done online; of those who do, visits and calls fall
while chat rises; summer is quiet."""

import datetime as dt
import random
import uuid

from django.contrib.auth import get_user_model

from luukku.catalogue.models import Service
from luukku.core import clock
from luukku.core.models import Unit
from luukku.frontoffice.models import Contact, ContactChannel, ContactOutcome

from ..feedback import AGENT
from . import story

YEARLY = 1400
FEWER = 0.6  # as more is done online, fewer come to the desk or call: from 130 % of the average to 70 %
MONTHS = (1.1, 1.1, 1.2, 1.2, 1.1, 0.8, 0.5, 0.9, 1.1, 1.1, 1.0, 0.8)
# (service slug, topic): what residents ask the service point about
TOPICS = [
    ("varhaiskasvatus", "Varhaiskasvatuspaikan hakeminen"), ("esiopetus", "Esiopetukseen ilmoittautuminen"),
    ("kirjastokortti", "Kirjastokortti"), ("jatehuolto", "Jäteastian tyhjennys"),
    ("pysakointiluvat", "Pysäköintilupa"), ("venepaikat", "Venepaikan vuokraus"),
    ("rakentamislupa", "Rakentamisluvan tilanne"), ("vuokra-asunnot", "Vuokra-asunnon hakeminen"),
    ("uimahalli", "Uimahallin aukioloajat"), ("kesatyoseteli", "Kesätyöseteli"),
    ("talvikunnossapito", "Auraus ja hiekoitus"), ("vesimittarin-lukema", "Vesimittarin lukema"),
    ("kouluun-ilmoittautuminen", "Kouluun ilmoittautuminen"), ("korjausavustukset", "Korjausavustus"),
]
# How contacts end (of those that start no case) and how long they take by channel, in minutes. The
# history has no follow-ups (they would need their own rows, done or not); today's demo has one.
ENDINGS = ((ContactOutcome.RESOLVED, 0.82), (ContactOutcome.REFERRED, 0.18))
MINUTES = {"service_point": (6, 25), "phone": (3, 15), "chat": (4, 20)}
CASE_CONTACT = {"phone": "phone", "service_point": "service_point", "mail": "mail", "email": "email",
                "chat": "chat"}


def _ending(public_id, channel, case) -> tuple[str, int | None]:
    """Outcome and duration, drawn from the contact's own id: the story's random sequence stays as it was."""
    draw = random.Random(public_id.int)
    if case is not None:
        outcome = ContactOutcome.CASE_STARTED
    else:
        outcome = draw.choices([o for o, _w in ENDINGS], weights=[w for _o, w in ENDINGS])[0]
    low, high = MINUTES.get(channel, (None, None))
    return outcome, (draw.randint(low, high) if low else None)


def make(ctx, people, made) -> None:
    m, rng, now = ctx.municipality, ctx.rng, ctx.now
    agent = get_user_model().objects.get(username=AGENT)
    desk = Unit.all_objects.get(municipality=m, slug="asiointipiste")
    services = {s.slug: s for s in Service.all_objects.filter(municipality=m, slug__in=[t[0] for t in TOPICS])}
    rows = []

    def contact(person, channel, topic, service, at, case=None):
        public_id = uuid.UUID(int=rng.getrandbits(128), version=4)
        outcome, minutes = _ending(public_id, channel, case)
        row = Contact(public_id=public_id, municipality=m, person=person, channel=channel, topic=topic, case=case,
                      service=service, by_user=agent, unit=desk, at=at, outcome=outcome, duration_minutes=minutes)
        rows.append(row)
        ctx.event("contact.logged", "contact", row.public_id, at, actor=agent,
                  data={"channel": channel, "case": case.reference if case else None, "outcome": outcome,
                        "follow_up": False})

    for case in made.by_agent:  # frontoffice.services.start_case logs the contact with the case
        contact(case.applicant, CASE_CONTACT[case.channel], str(case.case_type.name.get("fi", ""))[:200],
                case.case_type.service, case.submitted_at, case)
    for day in story.days_of(ctx.start, now):
        if not story.is_working_day(day):
            continue
        t = story.progress(dt.datetime.combine(day, dt.time(12), tzinfo=clock.HELSINKI), ctx.start, now)
        mean = YEARLY / 250 * MONTHS[day.month - 1] / (sum(MONTHS) / 12) * (1 + FEWER * (0.5 - t))
        for _ in range(story.poisson(rng, mean)):
            at = story.moment(rng, day, office=True)
            if ctx.start < at < now - dt.timedelta(minutes=10):
                slug, topic = rng.choice(TOPICS)
                channel = story.channel(rng, story.CONTACT_CHANNELS, story.progress(at, ctx.start, now))
                contact(rng.choice(people.adults), ContactChannel(channel), topic, services.get(slug), at)
    ctx.write(Contact, rows)
