"""Participatory budgeting: a budget in phases, its areas, residents' proposals, the plans that go to
the vote, ballots and the follow-up of the winners."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from luukku.core import clock
from luukku.core.models import AppendOnly
from luukku.core.tenancy import MunicipalityScoped


class Phase(models.TextChoices):
    DRAFT = "draft", _("not yet started")
    INFORMING = "informing", _("informing")
    PROPOSALS = "proposals", _("proposals")
    SCREENING = "screening", _("screening and costing")
    VOTING = "voting", _("voting")
    RESULTS = "results", _("results")
    FOLLOW_UP = "follow_up", _("follow-up")


# The phases in order, each with the Budget field holding the day it starts.
PHASE_STARTS = (
    (Phase.INFORMING, "informing_starts"), (Phase.PROPOSALS, "proposals_starts"),
    (Phase.SCREENING, "screening_starts"), (Phase.VOTING, "voting_starts"),
    (Phase.RESULTS, "results_starts"), (Phase.FOLLOW_UP, "follow_up_starts"),
)


class Rule(models.TextChoices):
    KNAPSACK = "knapsack", _("within the amount (optionally at least a share of it)")
    MINIMUM = "minimum", _("at least a number of plans within the amount")
    APPROVAL = "approval", _("approval: a number of plans, cost ignored")


class Budget(MunicipalityScoped):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(_("URL name"), max_length=80)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    informing_starts = models.DateField(_("informing starts"))
    proposals_starts = models.DateField(_("proposals start"))
    screening_starts = models.DateField(_("screening and costing starts"))
    voting_starts = models.DateTimeField(_("voting opens"))
    voting_ends = models.DateTimeField(_("voting closes"))  # enforced by the server, to the second
    results_starts = models.DateField(_("results are published"))
    follow_up_starts = models.DateField(_("follow-up starts"))
    rule = models.CharField(_("voting rule"), max_length=16, choices=Rule.choices, default=Rule.KNAPSACK)
    threshold_percent = models.PositiveSmallIntegerField(_("minimum share of the amount (%)"), default=0)
    min_plans = models.PositiveSmallIntegerField(_("minimum number of plans"), default=0)
    max_plans = models.PositiveSmallIntegerField(_("maximum number of plans"), null=True, blank=True)
    minimum_age = models.PositiveSmallIntegerField(_("minimum age"), default=12)
    results_published_at = models.DateTimeField(_("results published"), null=True, blank=True)

    class Meta:
        ordering = ["municipality", "-voting_starts"]
        constraints = [models.UniqueConstraint(fields=["municipality", "slug"], name="pb_budget_unique_slug")]
        verbose_name = _("participatory budget")
        verbose_name_plural = _("participatory budgets")

    def __str__(self):
        return self.title

    def phase(self, at=None) -> str:
        """The phase at `at` (now): the last one whose start has come (voting from its exact time;
        it stays the phase after closing until the results, but voting_open() says no)."""
        at = at or clock.now()
        today = timezone.localdate(at)
        current = Phase.DRAFT
        for phase, field in PHASE_STARTS:
            start = getattr(self, field)
            if (at >= start) if phase == Phase.VOTING else (today >= start):
                current = phase
        return current

    def phase_label(self) -> str:
        return Phase(self.phase()).label

    def voting_open(self, at=None) -> bool:
        at = at or clock.now()
        return self.voting_starts <= at < self.voting_ends


class BudgetChangeKind(models.TextChoices):
    CREATED = "created", _("created")
    EDITED = "edited", _("edited")
    NEXT_PHASE = "next_phase", _("next phase started")
    VOTING_CLOSED = "voting_closed", _("voting closed")


class BudgetChange(MunicipalityScoped, AppendOnly):
    """Who changed a budget's dates, phase, rule or areas, when, and what from what: shown to the
    budget's managers on its staff page. `changes`: [{"field": name, "old": text, "new": text}], the
    field a Budget field's name or "areas"."""

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="changes")
    at = models.DateTimeField(default=clock.now)
    by_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    kind = models.CharField(max_length=16, choices=BudgetChangeKind.choices)
    changes = models.JSONField(default=list)

    class Meta:
        ordering = ["budget_id", "-at", "-id"]


class Area(MunicipalityScoped):
    """The whole municipality or one district, with its share of the money. A ballot picks the
    whole-municipality area and one district."""

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="areas")
    name = models.CharField(_("name"), max_length=200)
    is_whole = models.BooleanField(_("whole municipality"), default=False)
    amount = models.PositiveBigIntegerField(_("amount (€)"))

    class Meta:
        ordering = ["budget_id", "-is_whole", "name"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")

    def __str__(self):
        return self.name


class ProposalStatus(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    FEASIBLE = "feasible", _("feasible")
    NOT_FEASIBLE = "not_feasible", _("not feasible")
    COSTED = "costed", _("costed")
    MERGED = "merged", _("merged into a plan")


class Plan(MunicipalityScoped):
    """What goes to the vote: one or more proposals merged, with a price."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="plans")
    area = models.ForeignKey(Area, on_delete=models.RESTRICT, related_name="plans")  # goes with its budget
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    price = models.PositiveBigIntegerField(_("price (€)"))

    class Meta:
        ordering = ["budget_id", "area_id", "title"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")

    def __str__(self):
        return self.title


class Proposal(MunicipalityScoped):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="proposals")
    area = models.ForeignKey(Area, on_delete=models.RESTRICT, related_name="proposals")  # goes with its budget
    author = models.ForeignKey("people.Person", on_delete=models.SET_NULL, null=True, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    # The place in the resident's words (works without the map); the map, with JavaScript, adds the point.
    address = models.CharField(_("place"), max_length=200, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=ProposalStatus.choices,
                              default=ProposalStatus.SUBMITTED)
    reason = models.TextField(_("reason it is not feasible"), blank=True)
    price = models.PositiveBigIntegerField(_("price (€)"), null=True, blank=True)
    price_explanation = models.TextField(_("explanation of the price"), blank=True)
    plan = models.ForeignKey(Plan, on_delete=models.SET_NULL, null=True, blank=True, related_name="proposals")
    cooperates_with = models.ManyToManyField("self", blank=True, verbose_name=_("co-operation with"))
    created_at = models.DateTimeField(default=clock.now)
    updated_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["budget_id", "-created_at"]
        indexes = [models.Index(fields=["municipality", "budget", "status"], name="pb_proposal_status_idx")]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")

    def __str__(self):
        return self.title


class ProposalImage(MunicipalityScoped):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="images")
    file = models.FileField(upload_to="participation/%Y/%m/")
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    alt = models.CharField(_("what the image shows"), max_length=300, blank=True)  # its text alternative

    class Meta:
        ordering = ["proposal_id", "pk"]


class ProposalChange(MunicipalityScoped, AppendOnly):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="history")
    at = models.DateTimeField(default=clock.now)
    by_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    from_status = models.CharField(max_length=16)
    to_status = models.CharField(max_length=16)
    reason = models.TextField(blank=True)


class Comment(MunicipalityScoped):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey("people.Person", on_delete=models.SET_NULL, null=True, related_name="+")
    text = models.TextField(_("comment"))  # shown escaped: markup is text
    created_at = models.DateTimeField(default=clock.now)
    # Moderation: a hidden comment's text is replaced by the reason on the proposal page.
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+")
    hidden_reason = models.CharField(_("reason for removing"), max_length=500, blank=True)

    class Meta:
        ordering = ["proposal_id", "created_at"]


class VoterMark(MunicipalityScoped, AppendOnly):
    """That someone voted in a budget, from any channel: the keyed hash of their identity code bound to
    this budget (people.hetu.lookup_hash), which the unique constraint uses to refuse a second vote even
    when two arrive at once. It is kept apart from the ballot it was written with: no key, no shared
    number and no shared time joins a mark to a ballot, so the choices stay secret from everyone who
    reads the data or holds the hash key (see docs/decisions/0015)."""

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="voter_marks")
    voter_hash = models.CharField(max_length=64)
    channel = models.CharField(max_length=16, default="web")
    agent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+")  # the service-point agent who helped, if any
    voted_on = models.DateField(default=clock.today)  # the day only: a time would pair the mark with its ballot

    class Meta:
        constraints = [models.UniqueConstraint(fields=["budget", "voter_hash"], name="pb_one_ballot_per_voter")]


class Ballot(MunicipalityScoped, AppendOnly):
    """The choices of one vote, with no voter, channel or time, under a random id (so neither the order
    of ids nor the order of an export tells whose or when)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="ballots")


class BallotChoice(MunicipalityScoped, AppendOnly):
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="choices")
    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="+")  # the tally reads it alone
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="choices")

    class Meta:
        indexes = [models.Index(fields=["budget", "plan"], name="pb_choice_tally_idx")]


class FollowUp(MunicipalityScoped, AppendOnly):
    """A step of a winning plan's implementation, as told to residents."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="follow_ups")
    at = models.DateTimeField(default=clock.now)
    text = models.TextField(_("what was done"))
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    by_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["plan_id", "at"]
