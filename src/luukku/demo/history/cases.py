"""The year's cases with what cases.services writes for each step: the history (StatusChange,
Assignment, Transfer), messages of a request for information, the decisions of decided cases, and
the DomainEvents (case.submitted, case.assigned, case.status_changed, case.message,
case.transferred_to_unit, case.decided) with the services' data keys. A case started at the front
office has its contact (contacts.py writes it from `Made.by_agent`).

Every case of a unit a demo account handles is finished before now (a recent one a little faster than
it would be: their queues show only the demo's own cases). Building permits, a case type of the
history's own (closed for applications: permits are applied for in the national service), are decided
as building control's capacity allows: their backlog grows over the autumn and is worked off, and the
few cases still open wait there."""

import datetime as dt
import uuid
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model

from luukku.cases import decisions
from luukku.cases.models import (Assignment, Case, CaseChannel, Decision, Message, ReferenceCounter, Status,
                                 StatusChange, StatusText, Transfer)
from luukku.cases.services import reference_prefix
from luukku.cases.sla import add_working_days, working_days_between
from luukku.catalogue.models import Service
from luukku.core import clock
from luukku.core.models import Role, StaffMembership, Unit
from luukku.eservices.models import CaseType, DefinitionStatus

from ..data.eservices import STATUS_TEXTS
from ..feedback import AGENT, HANDLERS
from . import story

PERMIT = "rakentamislupa"
PERMIT_UNIT, PERMIT_HANDLER = "rakennusvalvonta", "rakennustarkastaja"
PERMIT_TYPE = {"name": {"fi": "Rakentamislupahakemus", "sv": "Ansökan om bygglov",
                        "en": "Application for a building permit"}, "kind": "application", "sla_days": 30}
TRANSFER_TO, TRANSFER_SHARE = "ymparistonsuojelu", 0.05
TRANSFER_REASON = "Hanke vaatii ympäristöluvan, joten hakemus siirretään ympäristönsuojelun käsiteltäväksi."
# slug: (pace: handling time against the target, {final status: weight}, withdrawn, waiting for the resident)
PROFILE = {
    "varhaiskasvatushakemus": (0.45, {Status.DECIDED: 97, Status.CLOSED: 3}, 0.06, 0.10),
    "venepaikkahakemus": (0.9, {Status.DECIDED: 95, Status.CLOSED: 5}, 0.04, 0.12),
    "kompostointi-ilmoitus": (1.0, {Status.CLOSED: 85, Status.DECIDED: 15}, 0.02, 0.06),
    PERMIT: (1.0, {Status.DECIDED: 100}, 0.03, 0.15),
}
TITLES = {"varhaiskasvatushakemus": "Varhaiskasvatuspaikka myönnetty", "venepaikkahakemus": "Venepaikka myönnetty",
          "kompostointi-ilmoitus": "Kompostointi-ilmoitus käsitelty", PERMIT: "Rakentamislupa myönnetty"}
ASK = "Lähetäthän vielä puuttuvan liitteen, niin voimme jatkaa hakemuksesi käsittelyä."
ANSWER = "Liite on nyt lisätty hakemukseen."


@dataclass
class Made:
    """What other parts need of the cases: those started at the front office, as (case, at)."""
    by_agent: list = field(default_factory=list)


def _permit_type(m) -> CaseType:
    """The building permit case type: the history's own, not open for applications."""
    service = Service.all_objects.get(municipality=m, slug=PERMIT)
    unit = Unit.all_objects.get(municipality=m, slug=PERMIT_UNIT)
    case_type, _created = CaseType.all_objects.update_or_create(
        municipality=m, slug=PERMIT, defaults={**PERMIT_TYPE, "service": service, "unit": unit,
                                               "who_may_apply": "self", "active": False})
    for status in Status.values:
        text, action_required, actions = STATUS_TEXTS[status]
        StatusText.all_objects.update_or_create(municipality=m, case_type=case_type, status=status, defaults={
            "text": text, "action_required": action_required, "actions": actions})
    return case_type


def _permit_handler(m, unit):
    user, created = get_user_model().objects.get_or_create(
        username=PERMIT_HANDLER, defaults={"first_name": "Risto", "last_name": "Rakennustarkastaja",
                                           "email": f"{PERMIT_HANDLER}@koivula.example", "is_staff": True})
    if created:
        user.set_unusable_password()  # a name in the history, never a log-in
        user.save(update_fields=["password"])
    StaffMembership.all_objects.get_or_create(municipality=m, user=user, unit=unit, role=Role.CASE_HANDLER)
    return user


class Writer:
    """One case's steps as the services take them, collected for the bulk writes."""

    def __init__(self, ctx):
        self.ctx, self.m = ctx, ctx.municipality
        self.cases, self.changes, self.assignments, self.messages, self.transfers, self.decisions = ([] for _ in
                                                                                                      range(6))
        self.appeal = {}

    def who(self, case, by_person, mandate) -> dict:  # cases.services._who
        if by_person is None:
            return {}
        data = {"by_person": str(by_person.public_id)}
        if by_person.pk != case.subject_id:
            data["on_behalf_of"] = str(case.subject.public_id)
        if mandate is not None:
            data["mandate"] = str(mandate.public_id)
        return data

    def status(self, case, to, at, *, by_user=None, by_person=None, mandate=None, reason=""):
        self.changes.append(StatusChange(
            municipality=self.m, case=case, at=at, from_status=case.status, to_status=to, by_user=by_user,
            by_person=by_person, mandate=mandate, reason=reason,
            on_behalf_of=case.subject if by_person is not None and by_person.pk != case.subject_id else None))
        self.ctx.event("case.status_changed", "case", case.public_id, at, actor=by_user, data={
            "from": case.status, "to": str(to), "reference": case.reference, "sub_status": "",
            **self.who(case, by_person, mandate)})
        case.status, case.updated_at = to, at

    def submit(self, case, agent):
        online = case.channel == CaseChannel.ONLINE
        by_person = case.applicant if online else None
        mandate = case.mandate if online else None
        self.cases.append(case)
        self.changes.append(StatusChange(
            municipality=self.m, case=case, at=case.submitted_at, from_status="", to_status=Status.SUBMITTED,
            by_person=by_person, mandate=mandate, by_user=None if online else agent,
            on_behalf_of=case.subject if by_person is not None and by_person.pk != case.subject_id else None))
        self.ctx.event("case.submitted", "case", case.public_id, case.submitted_at, actor=case.started_by, data={
            "reference": case.reference, "case_type": case.case_type.slug, "channel": case.channel,
            "applicant": str(case.applicant.public_id), **self.who(case, by_person, mandate)})

    def claim(self, case, user, at):
        case.assignee = user
        self.assignments.append(Assignment(municipality=self.m, case=case, assignee=user, by_user=user, at=at))
        self.ctx.event("case.assigned", "case", case.public_id, at, actor=user,
                       data={"assignee": user.pk, "claimed": True})
        if case.status == Status.SUBMITTED:
            self.status(case, Status.IN_HANDLING, at, by_user=user)
        case.updated_at = at

    def ask(self, case, user, at):
        request = Message(id=self.ctx.next_id(Message), public_id=self._uuid(), municipality=self.m, case=case,
                          from_resident=False, author_user=user, body=ASK, is_information_request=True,
                          created_at=at)
        self.messages.append(request)
        self.ctx.event("case.message", "case", case.public_id, at, actor=user, data={
            "message": str(request.public_id), "from_resident": False, "information_request": True})
        self.status(case, Status.WAITING_FOR_RESIDENT, at, by_user=user, reason=ASK)
        case.paused_since = at
        return request

    def answer(self, case, request, at):
        person, mandate = case.applicant, case.mandate
        reply = Message(id=self.ctx.next_id(Message), public_id=self._uuid(), municipality=self.m, case=case,
                        from_resident=True, author_person=person, mandate=mandate, body=ANSWER, answer_to=request,
                        on_behalf_of=case.subject if person.pk != case.subject_id else None, created_at=at)
        self.messages.append(reply)
        self.ctx.event("case.message", "case", case.public_id, at, data={
            "message": str(reply.public_id), "from_resident": True, "information_request": False,
            **self.who(case, person, mandate)})
        self.status(case, Status.IN_HANDLING, at, by_person=person, mandate=mandate,
                    reason="information_request_answered")
        waited = working_days_between(case.paused_since.astimezone(clock.HELSINKI).date(),
                                      at.astimezone(clock.HELSINKI).date())
        if case.due_date and waited:
            case.due_date = add_working_days(case.due_date, waited)
        case.paused_since = None

    def transfer(self, case, user, to_unit, at):
        self.transfers.append(Transfer(municipality=self.m, case=case, from_unit=case.unit, to_unit=to_unit,
                                       reason=TRANSFER_REASON, by_user=user, at=at))
        self.assignments.append(Assignment(municipality=self.m, case=case, assignee=None, by_user=user, at=at))
        self.ctx.event("case.transferred_to_unit", "case", case.public_id, at, actor=user, data={
            "from_unit": str(case.unit.public_id), "to_unit": str(to_unit.public_id)})
        case.unit, case.assignee, case.updated_at = to_unit, None, at

    def finish(self, case, final, user, at):
        if final == Status.DECIDED:
            language = case.applicant.language or "fi"
            if language not in self.appeal:
                self.appeal[language] = decisions.default_appeal_instructions(self.m, language)
            decision = Decision(id=self.ctx.next_id(Decision), public_id=self._uuid(), municipality=self.m, case=case,
                                title=TITLES[case.case_type.slug], body=f"Hakemus {case.reference} on hyväksytty.",
                                decided_at=at, decided_by=user, appeal_instructions=self.appeal[language],
                                language=language)
            self.decisions.append(decision)
            self.status(case, Status.DECIDED, at, by_user=user)
            case.decided_at = at
            self.ctx.event("case.decided", "case", case.public_id, at, actor=user, data={
                "decision": str(decision.public_id), "reference": case.reference, "template": ""})
        else:
            self.status(case, final, at, by_user=user)

    def withdraw(self, case, at):
        self.status(case, Status.WITHDRAWN, at, by_person=case.applicant, mandate=case.mandate)
        case.paused_since = None

    def _uuid(self):
        return uuid.UUID(int=self.ctx.rng.getrandbits(128), version=4)

    def write(self):
        for model, rows in ((Case, self.cases), (StatusChange, self.changes), (Assignment, self.assignments),
                            (Message, self.messages), (Transfer, self.transfers), (Decision, self.decisions)):
            self.ctx.write(model, rows)


def _data(rng, slug, applicant, subject, submitted):
    """The answers, shaped as the demo's forms ask them (gen_cases does the same)."""
    contact = {"applicant_name": applicant.full_name, "applicant_email": applicant.email,
               "applicant_phone": applicant.phone}
    address = {"street": applicant.street_address, "postal_code": applicant.postal_code,
               "post_office": applicant.post_office}
    if slug == "varhaiskasvatushakemus":
        return {"child": str(subject.public_id), "start_date": (submitted + dt.timedelta(days=rng.randint(30, 140)))
                .date().isoformat(), "urgent": "no", "hours": rng.choice(("full", "part")), "evening_care": "no",
                "units": rng.sample(["kuusikko", "jarvenranta"], rng.randint(1, 2)), "language": subject.language,
                "applicant_address": address, **contact}
    if slug == "venepaikkahakemus":
        return {"harbour": "keskusta", "boat_type": rng.choice(("rowing", "motor")),
                "length": f"{rng.uniform(3, 8):.1f}", "width": f"{rng.uniform(1.2, 2.8):.1f}",
                "applicant_address": address, **contact}
    if slug == "kompostointi-ilmoitus":
        return {"composter_type": "insulated", "start": submitted.date().isoformat(), "address": address,
                "households": str(rng.randint(1, 3)), **contact}
    return {"building": rng.choice(("omakotitalo", "autotalli", "vapaa-ajan asunto", "laajennus")),
            "floor_area": str(rng.randint(12, 220)), "address": address, **contact}


def make(ctx, people) -> Made:
    m, rng, now = ctx.municipality, ctx.rng, ctx.now
    units = {u.slug: u for u in Unit.all_objects.filter(municipality=m)}
    users = {u.username: u for u in get_user_model().objects.filter(username__in=[*HANDLERS.values(), AGENT])}
    handlers = {slug: users[name] for slug, name in HANDLERS.items()}
    handlers[PERMIT_UNIT] = _permit_handler(m, units[PERMIT_UNIT])
    agent = users[AGENT]
    types = {ct.slug: ct for ct in CaseType.all_objects.filter(municipality=m, slug__in=list(PROFILE))}
    types[PERMIT] = _permit_type(m)
    definitions = {ct.slug: ct.definitions.filter(status=DefinitionStatus.PUBLISHED).order_by("-version").first()
                   for ct in types.values()}
    prefix = reference_prefix(m)
    counters = dict(ReferenceCounter.all_objects.filter(municipality=m).values_list("year", "value"))
    writer, made = Writer(ctx), Made()
    arrivals = []  # (submitted, slug, channel)
    for slug in PROFILE:
        for day in story.days_of(ctx.start, now):
            for _ in range(story.poisson(rng, story.daily_mean(story.YEARLY[slug], story.SEASONS[slug], day, 0.3))):
                at = story.moment(rng, day, office=True)
                kind = story.channel(rng, story.CASE_CHANNELS, story.progress(at, ctx.start, now))
                if kind != CaseChannel.ONLINE and not story.is_working_day(day):
                    kind = CaseChannel.ONLINE
                if kind == CaseChannel.ONLINE:
                    at = story.moment(rng, day, office=False)
                if ctx.start < at < now - dt.timedelta(minutes=30):
                    arrivals.append((at, slug, kind))
    arrivals.sort(key=lambda a: a[0])
    children = sorted(people.children, key=lambda p: p.birth_date)
    permits = []
    for submitted, slug, kind in arrivals:
        ct = types[slug]
        if ct.who_may_apply == "child":
            age_ok = [c for c in children if 280 < (submitted.date() - c.birth_date).days < 2000]
            subject = rng.choice(age_ok)
            applicant, mandate = rng.choice(people.guardians[subject.pk])
        else:
            applicant = subject = rng.choice(people.adults)
            mandate = None
        local = submitted.astimezone(clock.HELSINKI)
        counters[local.year] = number = counters.get(local.year, 0) + 1
        case = Case(id=ctx.next_id(Case), public_id=uuid.UUID(int=rng.getrandbits(128), version=4),
                    reference=f"{prefix}-{local.year}-{number:06d}", municipality=m, case_type=ct,
                    definition=definitions[slug], applicant=applicant, subject=subject, mandate=mandate,
                    unit=units[ct.unit.slug], status=Status.SUBMITTED, channel=kind,
                    started_by=None if kind == CaseChannel.ONLINE else agent,
                    data=_data(rng, slug, applicant, subject, submitted), submitted_at=submitted,
                    updated_at=submitted, due_date=add_working_days(local.date(), ct.sla_days) if ct.sla_days else None)
        writer.submit(case, agent)
        if kind != CaseChannel.ONLINE:
            made.by_agent.append(case)
        if slug == PERMIT:
            permits.append(case)
        else:
            _handle(ctx, writer, case, handlers[case.unit.slug])
    _permits(ctx, writer, permits, handlers, units)
    writer.write()
    for year, value in counters.items():
        ReferenceCounter.all_objects.update_or_create(municipality=m, year=year, defaults={"value": value})
    return made


def _squeeze(times, start, now, rng):
    """A case of a demo handler's unit ends before now: when its last step would come later, every
    step comes proportionally sooner."""
    last = times[-1]
    if last < now - dt.timedelta(minutes=10):
        return times
    f = (now - start) * rng.uniform(0.5, 0.95) / (last - start)
    return [start + (t - start) * f for t in times]


def _handle(ctx, writer, case, handler):
    rng, start = ctx.rng, case.submitted_at
    pace, finals, withdrawn, waiting = PROFILE[case.case_type.slug]
    claimed = story.office_time(rng, start, min_hours=1, max_hours=60)
    hours = story.handling_days(rng, case.case_type.sla_days, start) * 24 * pace
    end = story.office_time(rng, claimed, min_hours=hours, max_hours=hours + 1)
    asked = answered = None
    if rng.random() < waiting:
        asked = claimed + (end - claimed) * rng.uniform(0.1, 0.5)
        answered = asked + dt.timedelta(days=rng.uniform(0.5, 9))
        end += answered - asked
        claimed, asked, answered, end = _squeeze([claimed, asked, answered, end], start, ctx.now, rng)
    else:
        claimed, end = _squeeze([claimed, end], start, ctx.now, rng)
    if rng.random() < withdrawn:
        at = start + (end - start) * rng.uniform(0.05, 0.9)
        if claimed < at:
            writer.claim(case, handler, claimed)
        if asked and asked < at:
            writer.ask(case, handler, asked)
        writer.withdraw(case, at)
        return
    writer.claim(case, handler, claimed)
    if asked:
        request = writer.ask(case, handler, asked)
        writer.answer(case, request, answered)
    writer.finish(case, rng.choices(list(finals), list(finals.values()))[0], handler, end)


def _permits(ctx, writer, permits, handlers, units):
    """Building control: first come, first decided, as many a day as its inspectors manage
    (story.capacity); a case is ready for a decision once its neighbours have been heard."""
    rng, now = ctx.rng, ctx.now
    inspector, queue = handlers[PERMIT_UNIT], []
    for case in permits:
        claimed = story.office_time(rng, case.submitted_at, min_hours=2, max_hours=96)
        if claimed >= now:
            continue  # waits unclaimed in the queue
        writer.claim(case, inspector, claimed)
        roll = rng.random()
        if roll < PROFILE[PERMIT][2]:
            writer.withdraw(case, min(claimed + dt.timedelta(days=rng.uniform(1, 20)), now - dt.timedelta(hours=1)))
            continue
        if roll < PROFILE[PERMIT][2] + TRANSFER_SHARE and claimed < now - dt.timedelta(days=45):
            _transfer(ctx, writer, case, claimed, handlers, units)
            continue
        ready = claimed + dt.timedelta(days=rng.uniform(5, 15))
        if rng.random() < PROFILE[PERMIT][3] and ready < now:
            request = writer.ask(case, inspector, ready - dt.timedelta(days=rng.uniform(1, 4)))
            answered = request.created_at + dt.timedelta(days=rng.uniform(1, 12))
            if answered >= now:
                continue  # still waiting for the applicant
            writer.answer(case, request, answered)
            ready = max(ready, answered)
        queue.append((ready, case))
    waiting, budget, now_day = sorted(queue, key=lambda q: q[1].submitted_at), 0.0, ctx.today
    for day in story.days_of(ctx.start, now):
        budget += story.capacity(day, now_day)
        end_of_day = dt.datetime.combine(day, dt.time(16), tzinfo=clock.HELSINKI)
        while budget >= 1 and waiting:
            found = next((i for i, (ready, _c) in enumerate(waiting) if ready <= end_of_day), None)
            if found is None:
                break
            ready, case = waiting.pop(found)
            morning = dt.datetime.combine(day, dt.time(8), tzinfo=clock.HELSINKI)
            at = max(story.office_time(rng, ready, min_hours=0, max_hours=1),
                     morning + dt.timedelta(hours=rng.uniform(0.2, 7.5)))
            if at >= now:
                waiting.insert(found, (ready, case))
                break
            writer.finish(case, Status.DECIDED, inspector, at)
            budget -= 1
        budget = min(budget, 3.0)  # a quiet day's unused time is not saved up for weeks


def _transfer(ctx, writer, case, claimed, handlers, units):
    """To environmental protection, which closes it there (an environmental permit matter)."""
    rng, now = ctx.rng, ctx.now
    at = story.office_time(rng, claimed, min_hours=24, max_hours=240)
    writer.transfer(case, handlers[PERMIT_UNIT], units[TRANSFER_TO], at)
    handler = handlers[TRANSFER_TO]
    claimed_there = story.office_time(rng, at, min_hours=2, max_hours=48)
    done = story.office_time(rng, claimed_there, min_hours=48, max_hours=360)
    claimed_there, done = _squeeze([claimed_there, done], at, now, rng)
    writer.claim(case, handler, claimed_there)
    writer.finish(case, Status.CLOSED, handler, done)
