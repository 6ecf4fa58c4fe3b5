"""The demo's participatory budgeting: "Koivulan osallistuva budjetointi 2026" in its voting (opened
ten days before the load, closes in eighteen), and the 2025 round with its results published and the
winners' implementation under way.

Every step goes through luukku.participation.services at the moment it happened (clock.frozen_at):
residents' proposals in the proposals phase, the manager's screening and costing, the plans, the
ballots of demo residents (services.cast_ballot: eligibility, the rule and the keyed voter hash as
for a real vote; a few at the service point), the results and the follow-up."""

import datetime as dt
import random

from django.contrib.auth import get_user_model

from luukku.core import clock
from luukku.participation import services
from luukku.participation.models import Area, Budget, Proposal, Rule
from luukku.people.models import Person

from ..data import participation as data
from ..data.feedback import PLACES

SEED = 2026
BALLOTS_2026, BALLOTS_2025 = 320, 150  # the earlier round smaller: each ballot is a real cast_ballot
SERVICE_POINT_SHARE = 0.05  # of the ballots, cast with the service-point agent's help
AGENT = "palvelupiste"


def at(day: dt.date, hour: int = 12, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=clock.HELSINKI)


def dates_2026(today: dt.date) -> dict:
    return {"informing_starts": today - dt.timedelta(days=120), "proposals_starts": today - dt.timedelta(days=100),
            "screening_starts": today - dt.timedelta(days=55), "voting_starts": at(today - dt.timedelta(days=10), 9),
            "voting_ends": at(today + dt.timedelta(days=18), 20), "results_starts": today + dt.timedelta(days=21),
            "follow_up_starts": today + dt.timedelta(days=60)}


def dates_2025(today: dt.date) -> dict:
    return {"informing_starts": today - dt.timedelta(days=500), "proposals_starts": today - dt.timedelta(days=480),
            "screening_starts": today - dt.timedelta(days=430), "voting_starts": at(today - dt.timedelta(days=400), 9),
            "voting_ends": at(today - dt.timedelta(days=380), 20), "results_starts": today - dt.timedelta(days=375),
            "follow_up_starts": today - dt.timedelta(days=360)}


def load(municipality) -> None:
    today = clock.today()
    users = {u.username: u for u in get_user_model().objects.filter(username__in=[data.STAFF, AGENT])}
    people = _people(municipality, today)
    if not people["pool"]:
        return
    _round(municipality, data.BUDGET_2025, dates_2025(today), data.PLANS_2025, data.PROPOSALS_2025, [],
           users, people, ballots=BALLOTS_2025, published=True)
    _round(municipality, data.BUDGET_2026, dates_2026(today), data.PLANS_2026, data.PROPOSALS_2026,
           data.COOPERATION_2026, users, people, ballots=BALLOTS_2026, published=False)


def _people(m, today) -> dict:
    """Adults living in Koivula who are not the demo's own residents (those are left to vote in the
    demo themselves), in a stable order; and the demo residents by their log-in."""
    adult = today.replace(year=today.year - 18)
    everyone = Person.all_objects.filter(municipality=m, moved_away_on__isnull=True, birth_date__lte=adult)
    pool = list(everyone.filter(user__isnull=True).order_by("pk"))
    residents = {p.user.username: p for p in everyone.filter(user__isnull=False).select_related("user")}
    return {"pool": pool, "residents": residents}


def _round(m, row, dates, plans, proposals, cooperation, users, people, *, ballots: int, published: bool) -> Budget:
    budget = Budget.all_objects.filter(municipality=m, slug=row["slug"]).first()
    if budget is not None and Proposal.all_objects.filter(budget=budget).exists():
        if not published and not budget.voting_open():  # an old demo database: open the voting again
            Budget.all_objects.filter(pk=budget.pk).update(**dates)
        return budget
    budget, _created = Budget.all_objects.update_or_create(
        municipality=m, slug=row["slug"],
        defaults={"title": row["title"], "description": row["description"], "rule": Rule.KNAPSACK,
                  "threshold_percent": 0, "minimum_age": 12, **dates})
    areas = {}
    for name, amount in row["amounts"].items():
        areas[name], _ = Area.all_objects.update_or_create(
            municipality=m, budget=budget, name=name, defaults={"amount": amount, "is_whole": name == data.WHOLE})
    rng = random.Random(f"{SEED}:{row['slug']}")
    made = _proposals(budget, areas, proposals, dates, users, people, rng)
    for a, b in cooperation:
        services.link_cooperation(made[a], made[b])
    plan_rows = _plans(budget, areas, plans, made, proposals, dates, users)
    _ballots(budget, plan_rows, dates, users, people, rng, ballots)
    if published:
        with clock.frozen_at(at(dates["results_starts"], 10)):
            services.publish_results(budget, by_user=users.get(data.STAFF))
        _follow_ups(budget, plan_rows, dates, users)
    return budget


def _proposals(budget, areas, rows, dates, users, people, rng) -> dict[str, Proposal]:
    """Submitted in the proposals phase, screened and costed in the screening phase, commented on."""
    staff = users.get(data.STAFF)
    phase_days = (dates["screening_starts"] - dates["proposals_starts"]).days
    voting = dates["voting_starts"]
    now = clock.now()
    made = {}
    for index, row in enumerate(rows):
        author = people["residents"].get(row.get("author")) or people["pool"][rng.randrange(len(people["pool"]))]
        lat, lon, address, _zipcode = PLACES[row["place"]]
        submitted = at(dates["proposals_starts"] + dt.timedelta(days=rng.randrange(phase_days - 1)),
                       rng.randint(7, 22), rng.randrange(60))
        with clock.frozen_at(submitted):
            proposal = services.submit_proposal(
                budget, author, area=areas[row["area"]], title=row["title"], text=row["text"], address=address,
                latitude=round(lat + rng.uniform(-0.0008, 0.0008), 6),
                longitude=round(lon + rng.uniform(-0.0012, 0.0012), 6))
        made[row["key"]] = proposal
        fate = row["fate"]
        if fate != "submitted":
            screened = at(dates["screening_starts"] + dt.timedelta(days=rng.randint(1, 8)), rng.randint(8, 15))
            with clock.frozen_at(screened):
                if isinstance(fate, tuple) and fate[0] == "not_feasible":
                    services.screen(proposal, feasible=False, reason=fate[1], by_user=staff)
                else:
                    services.screen(proposal, feasible=True, by_user=staff)
            if isinstance(fate, tuple) and fate[0] != "not_feasible":
                _kind, price, explanation = fate
                with clock.frozen_at(screened + dt.timedelta(days=rng.randint(2, 6))):
                    services.cost(proposal, price=price, explanation=explanation, by_user=staff)
        for n in range(rng.choice((0, 1, 1, 2, 3))):
            commented = submitted + dt.timedelta(days=rng.uniform(0.5, 40))
            if commented >= min(now, voting + dt.timedelta(days=5)):
                continue
            commenter = people["pool"][rng.randrange(len(people["pool"]))]
            with clock.frozen_at(commented):
                services.add_comment(proposal, commenter, data.COMMENTS[(index * 3 + n) % len(data.COMMENTS)])
    aino = people["residents"].get("asukas")
    if aino is not None and "portaat" in made:  # Aino takes part in another's proposal's discussion
        with clock.frozen_at(voting - dt.timedelta(days=20)):
            services.add_comment(made["portaat"], aino, "Portaat olisivat hienot! Talvella niille tarvitaan hiekoitus.")
    return made


def _plans(budget, areas, plans, made, rows, dates, users) -> list[dict]:
    """The plans of the costed proposals merged into them, five days before the voting."""
    staff = users.get(data.STAFF)
    merged = {}
    for row in rows:
        if isinstance(row["fate"], tuple) and row["fate"][0].startswith("plan:"):
            merged.setdefault(row["fate"][0][5:], []).append(made[row["key"]])
    out = []
    with clock.frozen_at(dates["voting_starts"] - dt.timedelta(days=5)):
        for key, area, title, description, price, popularity in plans:
            plan = services.make_plan(budget, area=areas[area], title=title, description=description, price=price,
                                      proposals=merged.get(key, []), by_user=staff)
            out.append({"key": key, "plan": plan, "popularity": popularity})
    return out


def _ballots(budget, plans, dates, users, people, rng, count) -> None:
    """`count` demo residents (or as many as there are) vote, each at a moment of the voting so far:
    the whole municipality's plans and one district's, taken by popularity while the money lasts."""
    start, end = dates["voting_starts"], min(dates["voting_ends"], clock.now() - dt.timedelta(hours=1))
    if end <= start:
        return
    voters = rng.sample(people["pool"], min(count, len(people["pool"])))
    seconds = (end - start).total_seconds()
    moments = sorted(start + dt.timedelta(seconds=rng.uniform(0, seconds)) for _ in voters)
    areas = {row["plan"].area_id: row["plan"].area for row in plans}
    whole = [a for a in areas.values() if a.is_whole]
    districts = sorted((a for a in areas.values() if not a.is_whole), key=lambda a: a.name)
    agent = users.get(AGENT)
    for person, moment in zip(voters, moments):
        district = rng.choices(districts, weights=[4 if a.name == "Keskusta" else 2 for a in districts])[0]
        chosen = []
        for area in (*whole, *([] if rng.random() < 0.1 else [district])):
            left = area.amount
            candidates = [r for r in plans if r["plan"].area_id == area.pk]
            rng.shuffle(candidates)
            for r in candidates:
                if r["plan"].price <= left and rng.random() < r["popularity"]:
                    chosen.append(r["plan"].pk)
                    left -= r["plan"].price
        if not chosen:
            chosen = [max(plans, key=lambda r: r["popularity"])["plan"].pk]
        at_desk = agent is not None and rng.random() < SERVICE_POINT_SHARE
        with clock.frozen_at(moment):
            services.cast_ballot(budget, person, chosen, strong=True,
                                 channel="service_point" if at_desk else "web", agent=agent if at_desk else None)


def _follow_ups(budget, plans, dates, users) -> None:
    from luukku.participation import selectors

    staff = users.get(data.STAFF)
    winners = {plan.pk for plan in selectors.winners(budget)}
    now = clock.now()
    for row in plans:
        if row["plan"].pk not in winners:
            continue
        for days, progress, text in data.FOLLOW_UPS_2025.get(row["key"], []):
            moment = at(dates["results_starts"] + dt.timedelta(days=days), 11)
            if moment < now:
                with clock.frozen_at(moment):
                    services.add_follow_up(row["plan"], text=text, progress=progress, by_user=staff)

