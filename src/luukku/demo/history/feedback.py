"""The year's feedback, as feedback.services would have left it: routed by the municipality's rules,
each with its history (received → in process → its end), the handler's reply to a reporter who can
be reached, the public answer, some ratings (a low one reopens the item, which is then finished
again), and the events: feedback.received (what intake writes today) and the ones the lifecycle door
adds, each with the item's facts {reference, category, category_id, unit_id}: feedback.assigned
{+assignee, claimed}, feedback.status_changed {+from, to}, feedback.replied {+reply},
feedback.rated {+score, reopened}. Winter brings snow, summer parks and litter.
Every item is finished before now: the demo's own sixty items are the open ones."""

import base64
import datetime as dt
import uuid

from django.contrib.auth import get_user_model

from luukku.cases.services import reference_prefix
from luukku.cases.sla import add_working_days
from luukku.core import clock
from luukku.feedback import services
from luukku.feedback.models import (ApiKey, Assignment, Category, Channel, Feedback, Publication, Reply, Satisfaction,
                                    Status, StatusChange)

from ..data import feedback as data
from ..feedback import ADMIN, AGENT, API_KEY_NAME, HANDLERS
from . import story

YEARLY = 1700
# Relative volume per category (others: 3), and the seasons: snow in winter, parks and litter in summer.
WEIGHTS = {"katuvaurio": 12, "katuvalo": 8, "talvikunnossapito": 14, "liikenne": 5, "pysakki": 4, "puistot": 8,
           "leikkipaikat": 4, "roskaaminen": 7, "jatehuolto": 6, "vesihuolto": 5, "liikuntapaikat": 6, "kirjasto": 4,
           "kulttuuri": 2, "varhaiskasvatus": 4, "koulut": 4, "asiointi": 3, "yleinen": 6}
WINTER, SUMMER = {11, 12, 1, 2, 3}, {5, 6, 7, 8, 9}
RATING_SHARE = 0.35
SCORES = {1: 5, 2: 7, 3: 15, 4: 35, 5: 38}
COMMENTS = {True: "Asia ei ole vielä kunnossa, käykää katsomassa uudelleen.", False: "Nopeaa toimintaa, kiitos!"}
MONTHLY_TOTAL = sum(WEIGHTS.values()) + 0.0


def season(code: str, month: int) -> float:
    if code == "talvikunnossapito":
        return 3.5 if month in WINTER else 0.03 if month in SUMMER else 1.0
    if code in ("puistot", "leikkipaikat", "roskaaminen"):
        return 1.7 if month in SUMMER else 0.4 if month in WINTER else 1.0
    if code == "katuvaurio":  # potholes when the frost leaves the ground
        return 2.0 if month in (3, 4, 5) else 1.0
    return 1.0


def facts(item) -> dict:
    """What every event of an item says about it (the lifecycle door's feedback.services._facts)."""
    return {"reference": item.reference, "category": item.category.code, "category_id": item.category_id,
            "unit_id": item.unit_id}


def _final(rng, category, kind):
    """How an item ends and the answer given (as the demo's handling does)."""
    if kind == data.PRAISE:
        return Status.ARCHIVED, "answer"
    if kind == data.IDEA and rng.random() < 0.3:
        return Status.REJECTED, "not_now"
    if category.public_works:
        return rng.choices([(Status.PUBLIC_WORKS_COMPLETED, "answer"),
                            (Status.PUBLIC_WORKS_COMPLETED_SCHEDULED_LATER, "scheduled"),
                            (Status.PUBLIC_WORKS_COMPLETED_REQUIRES_NO_ACTION, "no_action")], [80, 8, 12])[0]
    return Status.PROCESSED, "answer"


class Writer:
    def __init__(self, ctx):
        self.ctx, self.m = ctx, ctx.municipality
        self.items, self.changes, self.assignments, self.replies, self.ratings = [], [], [], [], []

    def status(self, item, to, at, by_user, reason=""):
        self.changes.append(StatusChange(municipality=self.m, feedback=item, at=at, from_status=item.status,
                                         to_status=to, by_user=by_user, reason=reason))
        self.ctx.event("feedback.status_changed", "feedback", item.public_id, at, actor=by_user,
                       data={"from": item.status, "to": str(to), **facts(item)})
        item.status, item.updated_at = to, at

    def claim(self, item, by_user, at):
        item.assignee = by_user
        self.assignments.append(Assignment(municipality=self.m, feedback=item, assignee=by_user, by_user=by_user,
                                           at=at))
        self.ctx.event("feedback.assigned", "feedback", item.public_id, at, actor=by_user,
                       data={**facts(item), "assignee": by_user.pk, "claimed": True})

    def reply(self, item, by_user, body, at):
        answer = Reply(public_id=uuid.UUID(int=self.ctx.rng.getrandbits(128), version=4), municipality=self.m,
                       feedback=item, at=at, by_user=by_user, body=body)
        self.replies.append(answer)
        self.ctx.event("feedback.replied", "feedback", item.public_id, at, actor=by_user,
                       data={**facts(item), "reply": str(answer.public_id)})

    def write(self):
        for model, rows in ((Feedback, self.items), (StatusChange, self.changes), (Assignment, self.assignments),
                            (Reply, self.replies), (Satisfaction, self.ratings)):
            self.ctx.write(model, rows)


def make(ctx, people) -> None:
    m, rng, now = ctx.municipality, ctx.rng, ctx.now
    categories = [c for c in Category.all_objects.filter(municipality=m, active=True).order_by("order", "code")]
    users = {u.username: u for u in get_user_model().objects.filter(username__in=[*HANDLERS.values(), ADMIN, AGENT])}
    samples = {c.code: [s for s in data.SAMPLES if s["code"] == c.code] for c in categories}
    categories = [c for c in categories if samples[c.code]]
    prefix, writer, routes = reference_prefix(m), Writer(ctx), {}
    users["api_key"] = ApiKey.all_objects.filter(municipality=m, name=API_KEY_NAME).first()  # the partner app's
    for day in story.days_of(ctx.start, now):
        weights = [WEIGHTS.get(c.code, 3) * season(c.code, day.month) for c in categories]
        mean = YEARLY / 365 * sum(weights) / MONTHLY_TOTAL * (1.0 if story.is_working_day(day) else 0.6)
        for _ in range(story.poisson(rng, mean)):
            category = rng.choices(categories, weights)[0]
            sample = rng.choice(samples[category.code])
            at = story.moment(rng, day, office=False)
            kind = story.channel(rng, story.FEEDBACK_CHANNELS, story.progress(at, ctx.start, now))
            if kind in (Channel.PHONE, Channel.SERVICE_POINT) and story.is_working_day(day):
                at = story.moment(rng, day, office=True)
            elif kind in (Channel.PHONE, Channel.SERVICE_POINT):
                kind = Channel.ONLINE
            if ctx.start < at < now - dt.timedelta(hours=2):
                _item(ctx, writer, category, sample, kind, at, people, users, prefix, routes)
    writer.write()


def _item(ctx, writer, category, sample, kind, submitted, people, users, prefix, routes):
    rng, now, m = ctx.rng, ctx.now, ctx.municipality
    place = data.PLACES.get(sample["place"]) if sample["place"] else None
    if place is None and category.location_required:
        place = data.PLACES[rng.choice(sorted(data.PLACES))]
    lat = lon = None
    if place:
        lat, lon = round(place[0] + rng.uniform(-0.0008, 0.0008), 6), round(place[1] + rng.uniform(-0.0012, 0.0012), 6)
    key = (category.pk, place)
    if key not in routes:
        routes[key] = services.route(m, category, place and place[0], place and place[1])
    unit = routes[key]
    reporter, person = {}, None
    if kind != Channel.API and rng.random() < 0.6:
        who = rng.choice(people.adults)
        if kind == Channel.ONLINE and rng.random() < 0.4:
            person = who
        else:
            reporter = {"first_name": who.first_names, "last_name": who.last_name, "email": who.email,
                        "phone": who.phone if kind == Channel.PHONE else ""}
    fid = ctx.next_id(Feedback)
    first = Status.PUBLIC_WORKS_NEW if category.public_works else Status.RECEIVED
    local_day = submitted.astimezone(clock.HELSINKI).date()
    item = Feedback(
        id=fid, public_id=uuid.UUID(int=rng.getrandbits(128), version=4), municipality=m,
        reference=f"{prefix}-P-{fid:06d}", token=base64.urlsafe_b64encode(rng.randbytes(24)).decode(),
        category=category, kind=sample["kind"], description=sample["text"], status=first, unit=unit, channel=kind,
        language=sample["language"], latitude=lat, longitude=lon, address=place[2] if place else "",
        zipcode=place[3] if place else "", person=person, device_id="koivula-sovellus" if kind == Channel.API else "",
        api_key=users["api_key"] if kind == Channel.API else None,
        recorded_by=users[AGENT] if kind in (Channel.PHONE, Channel.SERVICE_POINT, Channel.EMAIL, Channel.LETTER)
        else None, submitted_at=submitted, updated_at=submitted,
        due_date=add_working_days(local_day, category.sla_days) if category.sla_days else None, **reporter)
    writer.items.append(item)
    writer.changes.append(StatusChange(municipality=m, feedback=item, at=submitted, from_status="", to_status=first,
                                       by_user=item.recorded_by))
    ctx.event("feedback.received", "feedback", item.public_id, submitted,
              data={"reference": item.reference, "category": category.code, "channel": kind})
    handler = users.get(HANDLERS.get(unit.slug, ADMIN)) or users[ADMIN]
    claimed = story.office_time(rng, submitted, min_hours=1, max_hours=40)
    hours = story.handling_days(rng, category.sla_days, submitted) * 24
    ends = story.office_time(rng, claimed, min_hours=hours, max_hours=hours + 1)
    if ends > now - dt.timedelta(minutes=20):  # finished before now, a little sooner than it would be
        f = (now - submitted) * rng.uniform(0.5, 0.95) / (ends - submitted)
        claimed, ends = submitted + (claimed - submitted) * f, submitted + (ends - submitted) * f
    writer.claim(item, handler, claimed)
    writer.status(item, Status.PUBLIC_WORKS_IN_PROGRESS if category.public_works else Status.IN_PROCESS, claimed,
                  handler)
    final, which = _final(rng, category, sample["kind"])
    lang = sample["language"]
    answer = {"answer": data.ANSWERS.get(category.code, data.ANSWERS["yleinen"]), "scheduled": data.SCHEDULED,
              "no_action": data.NO_ACTION, "not_now": data.NOT_NOW}[which][lang]
    reachable = bool(person or item.email or item.phone)
    _close(writer, item, final, answer, handler, ends, reachable)
    item.publication = Publication.PUBLIC if rng.random() < 0.6 else Publication.HIDDEN
    item.public_answer = answer if item.publication == Publication.PUBLIC else ""
    if final == Status.PUBLIC_WORKS_COMPLETED_SCHEDULED_LATER:
        item.expected_at = ends + dt.timedelta(days=rng.randint(60, 240))
    rated_at = ends + dt.timedelta(hours=rng.uniform(2, 72))
    if not reachable or rated_at > now - dt.timedelta(minutes=5) or rng.random() > RATING_SHARE:
        return
    score = rng.choices(list(SCORES), list(SCORES.values()))[0]
    reopens = score <= services.LOW_SCORE
    writer.ratings.append(Satisfaction(municipality=m, feedback=item, at=rated_at, score=score,
                                       comment=COMMENTS[reopens], reopened=reopens))
    ctx.event("feedback.rated", "feedback", item.public_id, rated_at,
              data={**facts(item), "score": score, "reopened": reopens})
    if reopens:
        again = Status.PUBLIC_WORKS_IN_PROGRESS if category.public_works else Status.IN_PROCESS
        writer.status(item, again, rated_at, None, reason=f"The reporter was not satisfied: {COMMENTS[True]}")
        item.closed_at = None
        done = min(story.office_time(rng, rated_at, min_hours=20, max_hours=200),
                   rated_at + (now - rated_at) * rng.uniform(0.5, 0.95))
        _close(writer, item, final, answer, handler, done, reachable)


def _close(writer, item, final, answer, handler, at, reachable):
    if reachable:
        writer.reply(item, handler, answer, at)
    writer.status(item, final, at, handler, reason=answer)
    item.closed_at = at
