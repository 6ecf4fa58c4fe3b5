"""A year of generated history for the demo municipality, so that every figure tells a story on
the first start (issue 16, point 8):

- demand with seasons: early-childhood applications peak in spring, boat moorings before the
  boating season, composting notices and building permits in spring and summer, feedback about
  snow in winter and about parks in summer;
- a channel shift: paper and phone fall month by month, online rises (cases, feedback, front office);
- a backlog in building control that grows over the autumn (a post left empty) and is worked off
  in the early winter (story.GROWS_FROM, story.WORKED_OFF_FROM);
- a proactive campaign (an after-school place for every first-grader) whose offers are answered
  over three weeks, with the reminders' bumps and the ones nobody answered;
- for the management pages (insight.py): two rounds of the maturity self-assessment, the Standard
  Cost Model's estimates and a change to compare, and the strategy's goals and projects.

Rows are written in bulk, with the history rows, decisions, messages and DomainEvents the services
write for the same steps (same kinds and data keys), timestamps in the past. Deterministic: the same
seed and `now` on the same demo give the same year. The history has residents of its own (people.py);
its cases and feedback in the demo staff's units are all finished, the few open ones wait in
building control, which no demo account handles. `generate_history` does nothing when the history
is there already (`luukku demo --reset` makes it anew).
"""

import datetime as dt
import random
from collections import Counter

from django.core.management.color import no_style
from django.db import connection, transaction

from luukku.core import clock
from luukku.core.models import DomainEvent

SEED = 2025
# object_type of the events, as record_event derives it from the model
OBJECT_TYPES = {"case": "cases.case", "feedback": "feedback.feedback", "contact": "frontoffice.contact",
                "offer": "proactive.offer", "campaign": "proactive.campaign", "round": "maturity.round"}


class Context:
    """What every part of the generator shares: the municipality, the clock, the random generator,
    the next free ids and the DomainEvents written at the end (ordered by time, so that ids follow it)."""

    def __init__(self, municipality, *, days: int, seed: int, now: dt.datetime):
        self.municipality, self.rng, self.now = municipality, random.Random(seed), now
        self.start = now - dt.timedelta(days=days)
        self.today = now.astimezone(clock.HELSINKI).date()
        self.events: list[DomainEvent] = []
        self.counts = Counter()
        self._ids: dict = {}

    def next_id(self, model) -> int:
        """Ids chosen here so that rows can refer to each other before they are written."""
        if model not in self._ids:
            last = model._base_manager.order_by("-pk").values_list("pk", flat=True).first() or 0
            self._ids[model] = last
        self._ids[model] += 1
        return self._ids[model]

    def event(self, kind: str, what: str, public_id, at: dt.datetime, *, actor=None, data=None) -> None:
        self.events.append(DomainEvent(municipality=self.municipality, kind=kind, object_type=OBJECT_TYPES[what],
                                       object_id=str(public_id), at=at, actor_id=getattr(actor, "pk", actor),
                                       data=data or {}))

    def write(self, model, rows) -> None:
        model._base_manager.bulk_create(rows, batch_size=500)
        self.counts[model._meta.label] += len(rows)


def has_history(municipality) -> bool:
    from luukku.people.models import Person

    from .people import EMAIL_DOMAIN

    return Person.all_objects.filter(municipality=municipality, email__endswith="@" + EMAIL_DOMAIN).exists()


def generate_history(municipality, *, days: int = 365, seed: int = SEED, now: dt.datetime | None = None) -> dict:
    """Write `days` of history up to `now` for the demo municipality (loaded first). Returns the rows
    written per model ({} when the history is there already)."""
    from luukku.cases.models import Case, Decision, Message
    from luukku.feedback.models import Feedback
    from luukku.people.models import Mandate, Person
    from luukku.proactive.models import Campaign, Offer

    from . import cases, contacts, feedback, insight, offers, people

    if has_history(municipality):
        return {}
    ctx = Context(municipality, days=days, seed=seed, now=now or clock.now())
    with transaction.atomic():
        campaign_at = offers.campaign_day(ctx)
        residents = people.make(ctx, cohort_year=campaign_at.year)
        made = cases.make(ctx, residents)
        feedback.make(ctx, residents)
        contacts.make(ctx, residents, made)
        offers.make(ctx, residents, campaign_at)
        insight.make(ctx)  # self-assessment, burden estimates, strategy: after the figures it quotes
        ctx.events.sort(key=lambda e: e.at)
        ctx.write(DomainEvent, ctx.events)
        with connection.cursor() as cursor:  # the explicit ids: the next real row takes the next number
            for sql in connection.ops.sequence_reset_sql(
                    no_style(), [Person, Mandate, Case, Message, Decision, Feedback, Campaign, Offer]):
                cursor.execute(sql)
    return dict(ctx.counts)
