"""Reads: the tally, the winners by the published rule, the Pabulib export; comments as shown; the
budgets open for voting; a budget's history."""

from django.db.models import Count
from django.utils.translation import gettext as _

from luukku.core import clock

from .models import Ballot, BallotChoice, Budget, BudgetChange, Comment, Plan, Rule, VoterMark


def tally(budget: Budget) -> dict[int, int]:
    """Votes per plan id (one grouped query on the choices' index; plans without votes: 0)."""
    counts = dict(BallotChoice.all_objects.filter(budget=budget).values_list("plan").annotate(n=Count("id"))
                  .values_list("plan", "n").order_by())
    return {pk: counts.get(pk, 0) for pk in Plan.all_objects.filter(budget=budget).values_list("pk", flat=True)}


def results(budget: Budget, counts: dict[int, int] | None = None) -> list[dict]:
    """Per area: its plans by votes (then cheaper first, then id), each marked a winner when taken
    greedily while its price fits what is left of the area's amount."""
    counts = tally(budget) if counts is None else counts
    plans = list(Plan.all_objects.filter(budget=budget).select_related("area"))
    out = []
    for area in budget.areas.all():
        left = area.amount
        rows = []
        ordered = sorted((p for p in plans if p.area_id == area.pk), key=lambda p: (-counts.get(p.pk, 0), p.price, p.pk))
        for plan in ordered:
            won = plan.price <= left
            if won:
                left -= plan.price
            rows.append({"plan": plan, "votes": counts.get(plan.pk, 0), "winner": won})
        out.append({"area": area, "rows": rows, "left": left})
    return out


def winners(budget: Budget) -> list[Plan]:
    return [row["plan"] for area in results(budget) for row in area["rows"] if row["winner"]]


def _ballot_limits(budget: Budget, area) -> list[tuple[str, str]]:
    """The ballot's constraints as Pabulib's optional META keys: what a valid vote could hold."""
    if budget.rule == Rule.APPROVAL:
        limits = [("min_length", budget.min_plans or 1)] + ([("max_length", budget.max_plans)] if budget.max_plans else [])
    else:
        limits = [("max_sum_cost", area.amount)]
        if budget.rule == Rule.KNAPSACK and budget.threshold_percent:
            limits.append(("min_sum_cost", area.amount * budget.threshold_percent // 100))
        if budget.rule == Rule.MINIMUM and budget.min_plans:
            limits.append(("min_length", budget.min_plans))
    return [(k, str(v)) for k, v in limits]


def pabulib(budget: Budget, area) -> str:
    """The area's vote as a Pabulib `.pb` file: META (with the ballot's limits), PROJECTS (with votes and
    whether selected by the published rule) and VOTES (anonymous voter ids: the ballots numbered, never
    their hashes)."""
    plans = list(Plan.all_objects.filter(budget=budget, area=area).order_by("pk"))
    counts = tally(budget)
    selected = {row["plan"].pk for r in results(budget, counts) if r["area"].pk == area.pk
                for row in r["rows"] if row["winner"]}
    plan_ids = {p.pk for p in plans}
    votes: dict[int, list[int]] = {}
    for ballot_id, plan_id in (BallotChoice.all_objects.filter(budget=budget, plan__area=area)
                               .order_by("ballot_id", "plan_id").values_list("ballot_id", "plan_id")):
        if plan_id in plan_ids:
            votes.setdefault(ballot_id, []).append(plan_id)

    def clean(text: str) -> str:
        return " ".join(str(text).replace(";", ",").split())

    meta = [
        ("description", clean(f"{budget.title} – {area.name}")), ("country", "Finland"),
        ("unit", clean(budget.municipality.name.get("fi", "") if isinstance(budget.municipality.name, dict)
                       else budget.municipality.name)),
        ("instance", str(budget.voting_ends.year)), ("subunit", clean(area.name)),
        ("num_projects", str(len(plans))), ("num_votes", str(len(votes))), ("budget", str(area.amount)),
        ("vote_type", "approval"), ("rule", "greedy"), ("currency", "EUR"),
        ("date_begin", budget.voting_starts.date().isoformat()), ("date_end", budget.voting_ends.date().isoformat()),
        *_ballot_limits(budget, area),
    ]
    lines = ["META", "key;value", *(f"{k};{v}" for k, v in meta),
             "PROJECTS", "project_id;cost;votes;name;selected"]
    lines += [f"{p.pk};{p.price};{counts.get(p.pk, 0)};{clean(p.title)};{int(p.pk in selected)}" for p in plans]
    lines += ["VOTES", "voter_id;vote"]
    lines += [f"{n};{','.join(map(str, chosen))}" for n, chosen in enumerate(votes.values(), start=1)]
    return "\n".join(lines) + "\n"


def ballots_count(budget: Budget) -> int:
    return Ballot.all_objects.filter(budget=budget).count()


def comments(proposal) -> list[Comment]:
    """A proposal's comments as the page shows them, oldest first: a removed one keeps its place and
    its reason (the template shows the reason instead of the text)."""
    return list(Comment.all_objects.filter(proposal=proposal).order_by("created_at", "pk"))


def recent_comments(budget: Budget, limit: int = 100) -> list[Comment]:
    """The budget's latest comments, newest first, for the moderators (with their proposals)."""
    return list(Comment.all_objects.filter(proposal__budget=budget).select_related("proposal", "hidden_by")
                .order_by("-created_at", "-pk")[:limit])


def open_budgets(municipality, at=None) -> list[Budget]:
    """Budgets of the municipality whose voting is open now (the front office offers to vote in them)."""
    at = at or clock.now()
    return list(Budget.all_objects.filter(municipality=municipality, voting_starts__lte=at, voting_ends__gt=at)
                .order_by("voting_ends", "pk"))


def history(budget: Budget) -> list[dict]:
    """The budget's changes, newest first, each change with its field's name in the reader's language."""
    labels = {f.name: f.verbose_name for f in Budget._meta.get_fields() if hasattr(f, "verbose_name")}
    labels["areas"] = _("areas")
    return [{"change": c, "rows": [{"label": str(labels.get(row["field"], row["field"])), "old": row["old"],
                                    "new": row["new"]} for row in c.changes]}
            for c in BudgetChange.all_objects.filter(budget=budget).select_related("by_user")]


def turnout(budget: Budget) -> list[dict]:
    """Voters per channel (from the marks, which say nothing of the choices)."""
    return list(VoterMark.all_objects.filter(budget=budget).values("channel").annotate(voters=Count("id"))
                .order_by("channel"))
