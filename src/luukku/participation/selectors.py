"""Reads: what residents see (budgets, proposals with their filters, plans and their follow-up), the
tally, the winners by the published rule, the Pabulib export; staff's comments to moderate, the budgets
open for voting, a budget's history."""

from django.db.models import Count, Prefetch
from django.utils.translation import gettext as _

from luukku.core import clock

from .models import Ballot, BallotChoice, Budget, BudgetChange, Comment, FollowUp, Plan, Proposal, Rule, VoterMark

PAGE_SIZE = 50  # proposals on a page of the budget


def public_budgets(municipality):
    """The budgets residents see: from the day the informing starts (drafts stay with the staff)."""
    return Budget.all_objects.filter(municipality=municipality, informing_starts__lte=clock.today()) \
        .order_by("-voting_starts", "-pk")


def public_budget(municipality, slug):
    return public_budgets(municipality).filter(slug=slug).first()


def proposals(budget, *, area_id=None, status=None):
    """The budget's proposals, newest first, narrowed to an area and a status when given."""
    qs = Proposal.all_objects.filter(budget=budget).select_related("area", "plan")
    if area_id is not None:
        qs = qs.filter(area_id=area_id)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-pk")


def proposal_counts(budget) -> dict:
    """How many proposals per area id and per status (one grouped query), for the filters' labels."""
    by_area: dict[int, int] = {}
    by_status: dict[str, int] = {}
    for area_id, status, n in (Proposal.all_objects.filter(budget=budget).values_list("area_id", "status")
                               .annotate(n=Count("id")).values_list("area_id", "status", "n").order_by()):
        by_area[area_id] = by_area.get(area_id, 0) + n
        by_status[status] = by_status.get(status, 0) + n
    return {"area": by_area, "status": by_status, "total": sum(by_area.values())}


def plans(budget):
    """The plans that go to the vote, each with the proposals merged into it."""
    return (Plan.all_objects.filter(budget=budget).select_related("area")
            .prefetch_related(Prefetch("proposals", queryset=Proposal.all_objects.order_by("title", "pk"))))


def public_plan(budget, public_id):
    return (plans(budget).filter(public_id=public_id)
            .prefetch_related(Prefetch("follow_ups", queryset=FollowUp.all_objects.order_by("at", "pk"))).first())


def latest_follow_ups(budget) -> dict[int, FollowUp]:
    """Each plan's latest follow-up step by plan id (what the results table shows)."""
    latest = {}
    for step in FollowUp.all_objects.filter(plan__budget=budget).order_by("plan_id", "at", "pk"):
        latest[step.plan_id] = step
    return latest


def results_out(budget) -> bool:
    return budget.results_published_at is not None


def plan_result(budget, plan) -> dict | None:
    """The plan's votes and whether it won, once the results are published (else None)."""
    if not results_out(budget):
        return None
    for area in results(budget):
        for row in area["rows"]:
            if row["plan"].pk == plan.pk:
                return {"votes": row["votes"], "winner": row["winner"]}
    return None



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
